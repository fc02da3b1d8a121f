"""The small deterministic networks that anchor snnc's simulator to Brian2 (test/fixtures/brian2/).

Each network is plain data in SI units, written once here and turned into three things:
  - a Brian2 model (brian_model.py) whose spikes and traces become the JSON fixture,
  - an independent float64 implementation of SPEC section 7 (spec_ref.py) that must agree with
    Brian2 before a fixture is written (so a fixture records the SPEC's semantics, not a Brian2
    quirk),
  - the equivalent .snn file (snn_writer.py) that the TypeScript test compiles and simulates.

Populations: kind 'lif' (SPEC section 3 parameters), 'izhikevich', or 'spike_times' (times in
SPEC's convention: the emission stamp). Projections list explicit (pre, post) index pairs into
the two populations, one weight (amperes) and one delay (seconds) per projection, and optionally
a plasticity rule. Gaps list unordered pairs with one conductance. Stimuli: constant current,
step, sine (SPEC section 6).
"""
from snn_writer import quantize

ms = 1e-3
mV = 1e-3
nA = 1e-9
pA = 1e-12
nS = 1e-9
Mohm = 1e6

DT = 0.1 * ms

LIF_DEFAULTS = dict(tau_m=20 * ms, r_m=100 * Mohm, v_rest=-70 * mV, v_reset=-70 * mV,
                    v_th=-50 * mV, t_ref=2 * ms, tau_syn_exc=5 * ms, tau_syn_inh=10 * ms,
                    i_bias=0.0)
IZH_DEFAULTS = dict(a=0.02, b=0.2, c=-65 * mV, d=8 * mV, v_peak=30 * mV, k_in=1e9,
                    tau_syn_exc=5 * ms, tau_syn_inh=10 * ms, i_bias=0.0)


def lif(name, size, **params):
    p = dict(LIF_DEFAULTS)
    p.update(params)
    return dict(name=name, kind='lif', size=size, params=p, written=params)


def named(name, members, **params):
    """A LIF population of named neurons (SPEC section 1: `Model[ALML, ALMR, ...]`)."""
    pop = lif(name, len(members), **params)
    pop['members'] = list(members)
    return pop


def izh(name, size, **params):
    p = dict(IZH_DEFAULTS)
    p.update(params)
    return dict(name=name, kind='izhikevich', size=size, params=p, written=params)


def gen(name, times_per_neuron):
    return dict(name=name, kind='spike_times', size=len(times_per_neuron),
                times=[sorted(t) for t in times_per_neuron])


def proj(pre, post, pairs, weight, delay=DT, plasticity=None, receptor=None):
    # the value the .snn text carries, so that both simulators start from the same decimals
    weight, delay = quantize(weight, nA), quantize(delay, ms)
    return dict(pre=pre, post=post, pairs=list(pairs), weight=weight, delay=delay,
                plasticity=plasticity, receptor=receptor or ('exc' if weight > 0 else 'inh'))


def network(name, description, duration, populations, projections=(), gaps=(), stimuli=(),
            plasticity=(), trace_every=DT, traces=(), weight_every=None):
    return dict(name=name, description=description, dt=DT, duration=duration,
                steps=int(round(duration / DT)), populations=list(populations),
                projections=list(projections), gaps=list(gaps), stimuli=list(stimuli),
                plasticity=list(plasticity), trace_every=trace_every, traces=list(traces),
                weight_every=weight_every)


def lif_constant():
    """SPEC 9.1 exactly: one LIF neuron, 0.25 nA constant drive, 1 s."""
    return network(
        'lif_constant', 'SPEC 9.1: one LIF neuron under a constant 0.25 nA current (29 spikes, '
        'the first at 32.2 ms, interval 34.2 ms)', 1.0,
        [lif('cell', 1, tau_m=20 * ms, r_m=100 * Mohm, v_rest=-70 * mV, v_reset=-70 * mV,
             v_th=-50 * mV, t_ref=2 * ms)],
        stimuli=[dict(name='drive', kind='current', target='cell', indices=None,
                      amplitude=0.25 * nA)],
        trace_every=1 * ms, traces=[('v', 'cell')])


def lif_chain():
    """A generator drives a chain of 4 LIF neurons; every link has its own delay and weight."""
    times = [5, 20, 21, 50, 52, 54, 80]
    links = [  # (pre index, post index, weight, delay)
        (0, 1, 1.2 * nA, 2.5 * ms), (1, 2, 0.9 * nA, 0.1 * ms), (2, 3, 2.0 * nA, 4.0 * ms)]
    projections = [proj('input', 'chain', [(0, 0)], 1.5 * nA, 1.0 * ms)]
    projections += [proj('chain', 'chain', [(a, b)], w, d) for a, b, w, d in links]
    projections.append(proj('chain', 'chain', [(3, 0)], -0.5 * nA, 7.3 * ms))  # feedback
    return network(
        'lif_chain', 'A spike generator drives a chain of four LIF neurons with delays of '
        '1, 2.5, 0.1 and 4 ms and an inhibitory feedback (3 -> 0, 7.3 ms)', 0.12,
        [gen('input', [[t * ms for t in times]]),
         lif('chain', 4, v_rest=-65 * mV, v_reset=-68 * mV, t_ref=3 * ms)],
        projections, trace_every=0.5 * ms, traces=[('v', 'chain'), ('i_exc', 'chain'),
                                             ('i_inh', 'chain')])


def gap_pair():
    """Three LIF neurons coupled in a line by gap junctions; only the first is driven above threshold."""
    return network(
        'gap_pair', 'Gap junctions (3 nS, 1.5 nS) couple three LIF neurons in a line; neuron 0 '
        'is driven by 0.3 nA, neuron 1 gets 0.26 nA, neuron 2 0.2 nA (at threshold only through the gaps)', 0.3,
        [lif('cells', 3, tau_m=12 * ms, t_ref=2 * ms)],
        gaps=[dict(a='cells', b='cells', pairs=[(0, 1)], g=3 * nS),
              dict(a='cells', b='cells', pairs=[(1, 2)], g=1.5 * nS)],
        stimuli=[dict(name='drive0', kind='current', target='cells', indices=[0],
                      amplitude=0.3 * nA),
                 dict(name='drive1', kind='current', target='cells', indices=[1],
                      amplitude=0.26 * nA),
                 dict(name='drive2', kind='current', target='cells', indices=[2],
                      amplitude=0.2 * nA)],
        trace_every=0.5 * ms, traces=[('v', 'cells')])


def _stdp(name, dependence):
    rule = dict(name='learn', tau_plus=20 * ms, tau_minus=15 * ms, a_plus=0.1, a_minus=0.15,
                w_min=0.0, w_max=0.5 * nA, dependence=dependence)
    # pre_a[3] at 12.6 ms arrives (1 ms delay) at 13.6 ms, the instant of the first post spike:
    # SPEC 7 processes the arrival (depress, x += 1) before the post side (potentiate with that x)
    pre_a = [[10, 60, 61, 120], [14, 40, 100, 121], [30, 90, 135], [12.6, 50]]
    pre_b = [[2, 45, 75, 104, 150], [20, 22, 24, 26, 28]]
    teacher = [[12, 47, 50, 92, 103, 122, 140]]
    return network(
        name, f'Pair STDP ({dependence}) on five plastic synapses into one LIF neuron driven by '
        'a teacher input; plastic delays 1 ms (pre_a) and 3 ms (pre_b); clipping at both ends',
        0.2,
        [gen('pre_a', [[t * ms for t in ts] for ts in pre_a]),
         gen('pre_b', [[t * ms for t in ts] for ts in pre_b]),
         gen('teacher', [[t * ms for t in ts] for ts in teacher]),
         lif('post', 1, tau_m=12 * ms, t_ref=1 * ms)],
        [proj('teacher', 'post', [(0, 0)], 1.1 * nA, 0.1 * ms),
         proj('pre_a', 'post', [(0, 0), (1, 0), (2, 0), (3, 0)], 0.3 * nA, 1.0 * ms,
              plasticity='learn'),
         proj('pre_b', 'post', [(0, 0), (1, 0)], 0.2 * nA, 3.0 * ms, plasticity='learn')],
        plasticity=[rule], trace_every=DT, traces=[('v', 'post')], weight_every=1 * ms)


def stdp_additive():
    return _stdp('stdp_additive', 'additive')


def stdp_multiplicative():
    return _stdp('stdp_multiplicative', 'multiplicative')


def exc_inh():
    """Excitatory and inhibitory inputs into LIF neurons, with constant, step and sine stimuli."""
    exc_times = [[5, 5.5, 6, 30, 31, 32, 33, 60, 61, 62, 100], [8, 35, 36, 70, 71, 72, 73, 74]]
    inh_times = [[31.5, 62.5, 65], [34, 90, 91, 92]]
    return network(
        'exc_inh', 'Two excitatory and two inhibitory generators (5 ms and 10 ms synapses, '
        'delays 0.1-2 ms) into three LIF neurons with a bias, a step and a sine stimulus', 0.15,
        [gen('exc_in', [[t * ms for t in ts] for ts in exc_times]),
         gen('inh_in', [[t * ms for t in ts] for ts in inh_times]),
         lif('cells', 3, v_rest=-65 * mV, v_reset=-70 * mV, v_th=-52 * mV, t_ref=4 * ms,
             tau_syn_exc=3 * ms, tau_syn_inh=8 * ms, i_bias=0.05 * nA)],
        [proj('exc_in', 'cells', [(0, 0), (0, 1), (1, 1), (1, 2)], 0.8 * nA, 0.1 * ms),
         proj('exc_in', 'cells', [(0, 2), (1, 0)], 0.6 * nA, 1.3 * ms),
         proj('inh_in', 'cells', [(0, 0), (1, 0), (0, 1), (1, 2)], -1.2 * nA, 2.0 * ms)],
        stimuli=[dict(name='hold', kind='current', target='cells', indices=[0],
                      amplitude=0.08 * nA),
                 dict(name='pulse', kind='step', target='cells', indices=[1],
                      amplitude=0.2 * nA, start=40 * ms, stop=95.5 * ms),
                 dict(name='wave', kind='sine', target='cells', indices=[2],
                      amplitude=0.15 * nA, frequency=25.0, offset=0.05 * nA, phase=0.5)],
        trace_every=0.5 * ms, traces=[('v', 'cells'), ('i_exc', 'cells'), ('i_inh', 'cells')])


def izhikevich_pair():
    """Izhikevich neurons: regular spiking under a constant current, chattering, and one driven
    by excitatory input spikes."""
    return network(
        'izhikevich', 'Izhikevich neurons (SPEC section 3 half-step scheme): regular spiking '
        'and chattering under 10 nA, and a third driven only by input spikes', 0.3,
        [gen('input', [[t * ms for t in (20, 21, 22, 23, 24, 150, 151, 152, 153, 154, 155)]]),
         izh('rs', 1),
         izh('ch', 1, c=-50 * mV, d=2 * mV),
         izh('driven', 1)],
        [proj('input', 'driven', [(0, 0)], 8 * nA, 1.0 * ms)],
        stimuli=[dict(name='drive_rs', kind='current', target='rs', indices=None,
                      amplitude=10 * nA),
                 dict(name='drive_ch', kind='current', target='ch', indices=None,
                      amplitude=10 * nA)],
        trace_every=1 * ms, traces=[('v', 'rs'), ('u', 'rs'), ('v', 'ch'), ('v', 'driven')])


def random_recurrent():
    """20 generators and 30 recurrently connected LIF neurons with per-synapse weights and delays
    drawn once here (a fixed seed) and written out explicitly, so no RNG has to agree."""
    import random
    rnd = random.Random(20261127)
    n_in, n = 20, 30
    in_times = [sorted({round(rnd.uniform(1, 190), 1) for _ in range(rnd.randint(3, 9))})
                for _ in range(n_in)]
    populations = [gen('inputs', [[t * ms for t in ts] for ts in in_times]),
                   lif('net', n, tau_m=15 * ms, v_rest=-65 * mV, v_reset=-70 * mV, t_ref=2 * ms)]
    # group edges by (weight, delay) so each projection is one from_list with one weight/delay
    projections = []
    for k in range(6):
        w = [0.9, 0.7, 1.1, -0.6, 0.5, -1.0][k] * nA
        d = [0.1, 1.0, 2.3, 0.5, 4.0, 1.7][k] * ms
        pairs = sorted({(rnd.randrange(n_in), rnd.randrange(n)) for _ in range(12)})
        if w > 0:
            projections.append(proj('inputs', 'net', pairs, w, d))
        rec = sorted({(a, b) for a, b in ((rnd.randrange(n), rnd.randrange(n)) for _ in range(40))
                      if a != b})
        projections.append(proj('net', 'net', rec, w * 0.8, d))
    return network(
        'random_recurrent', '20 spike generators and 30 recurrently connected LIF neurons; '
        '11 explicit projections with their own weights and delays', 0.2, populations,
        projections, trace_every=1 * ms, traces=[('v', 'net')])


def tap_withdrawal(name='tap_withdrawal', tau_m=12 * ms):
    """SPEC 9.4 with named neurons, gap junctions between populations and step stimuli; tau_m is
    12 ms instead of 10 ms, because Brian2's exact solver fails when tau_m equals tau_syn_inh."""
    touch = ['ALML', 'ALMR', 'AVM', 'PLML', 'PLMR']
    inter = ['AVDL', 'AVDR', 'PVCL', 'PVCR']
    command = ['AVAL', 'AVAR', 'AVBL', 'AVBR']
    params = dict(tau_m=tau_m, r_m=200 * Mohm, v_rest=-65 * mV, v_reset=-65 * mV,
                  v_th=-50 * mV, t_ref=2 * ms)

    def ix(members, names):
        return [members.index(n) for n in names]

    def product(a, b):
        return [(i, j) for i in a for j in b]
    head, tail = ix(touch, ['ALML', 'ALMR', 'AVM']), ix(touch, ['PLML', 'PLMR'])
    avd, pvc = ix(inter, ['AVDL', 'AVDR']), ix(inter, ['PVCL', 'PVCR'])
    ava, avb = ix(command, ['AVAL', 'AVAR']), ix(command, ['AVBL', 'AVBR'])
    return network(
        name, 'SPEC 9.4 (tap withdrawal in C. elegans: named neurons, gap junctions '
        f'between populations, step stimuli) with tau_m = {tau_m / ms:g} ms', 1.0,
        [named('touch', touch, **params), named('inter', inter, **params),
         named('command', command, **params)],
        [proj('touch', 'inter', product(head, avd), 0.3 * nA),
         proj('touch', 'inter', product(tail, pvc), 0.3 * nA),
         proj('inter', 'command', product(avd, ava), 0.3 * nA),
         proj('inter', 'command', product(pvc, avb), 0.3 * nA),
         proj('touch', 'inter', product(head, pvc), -0.2 * nA),
         proj('touch', 'command', product(tail, ava), -0.2 * nA)],
        gaps=[dict(a='touch', b='inter', pairs=product(head, avd), g=0.5 * nS),
              dict(a='touch', b='inter', pairs=product(tail, pvc), g=0.5 * nS)],
        stimuli=[dict(name='head', kind='step', target='touch', indices=head, amplitude=0.1 * nA,
                      start=100 * ms, stop=300 * ms),
                 dict(name='tail', kind='step', target='touch', indices=tail, amplitude=0.1 * nA,
                      start=600 * ms, stop=800 * ms)],
        trace_every=1 * ms, traces=[('v', 'command')])


def spec_9_4():
    """SPEC 9.4 exactly (tau_m = tau_syn_inh = 10 ms: the propagator's limit form). Brian2 cannot
    integrate that case exactly (NaN), so its model gets tau_syn_inh = 10 ms x (1 + 1e-6): the
    spikes must still agree exactly, the traces only to about 1e-5 of their range (the fixture
    says so in trace_rel_tol), while spec_ref.py uses the limit form itself."""
    net = tap_withdrawal('spec_9_4', 10 * ms)
    net['description'] = ('SPEC 9.4 exactly (tau_m = tau_syn_inh = 10 ms, the limit form); Brian2 '
                          'ran it with tau_syn_inh = 10 ms x (1 + 1e-6)')
    for p in net['populations']:
        p['brian_params'] = dict(tau_syn_inh=10 * ms * (1 + 1e-6))
    net['trace_rel_tol'] = 1e-5
    return net


ALL = [lif_constant, lif_chain, gap_pair, stdp_additive, stdp_multiplicative, exc_inh,
       izhikevich_pair, random_recurrent, tap_withdrawal, spec_9_4]
