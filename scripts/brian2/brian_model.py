"""Builds and runs one network of networks.py in Brian2 (Debian python3-brian 2.5.1), following the
matching rules of /work/shared/bench/README.md, and returns its results in SPEC's conventions.

Matching SPEC section 7 in Brian2:
  - spike stamps: Brian2 stamps the start of the detecting step, SPEC its end: step = t/dt + 1;
  - refractory = t_ref + dt (Brian2 counts from its own, earlier stamp);
  - SpikeGeneratorGroup times = SPEC times - dt; synaptic delays are the same number;
  - LIF: method='exact' (sympy's propagator for the linear system);
  - stimuli: a network_operation in the 'start' slot sets i_stim from t = n dt (held for the step);
  - gap junctions: a summed variable i_gap; Brian2 updates summed variables in the 'groups' slot
    just before their target group (order - 1), i.e. from the state at the start of the step,
    after the previous step's resets: SPEC step 1, and 'exact' treats it as a constant;
  - izhikevich: no ODE solver; run_regularly in the 'groups' slot (before the synaptic decay)
    performs SPEC's two half steps of v, then u with the new v; threshold v >= v_peak, reset
    v = c, u += d;
  - STDP: event-driven traces; on_pre = deliver, depress, x += 1; on_post = potentiate, y += 1;
    Brian2 runs a Synapses object's pre pathway before its post pathway, as SPEC does;
  - StateMonitor samples in the 'start' slot at t = n dt, i.e. after all of the previous step's
    events: SPEC's sample at instant n dt, without any shift.
"""
import warnings

warnings.filterwarnings('ignore')
import numpy as np  # noqa: E402
import brian2 as b2  # noqa: E402
from spec_ref import stim_value  # noqa: E402

b2.prefs.codegen.target = 'numpy'
b2.BrianLogger.log_level_error()

LIF_EQS = '''
dv/dt = (-(v - v_rest) + r_m * (i_exc + i_inh + i_bias + i_stim + i_gap)) / tau_m : volt (unless refractory)
di_exc/dt = -i_exc / tau_syn_exc : amp
di_inh/dt = -i_inh / tau_syn_inh : amp
i_stim : amp
i_gap : amp
'''

IZH_EQS = '''
di_exc/dt = -i_exc / tau_syn_exc : amp
di_inh/dt = -i_inh / tau_syn_inh : amp
v : volt
u : volt
i_stim : amp
i_gap : amp
'''

# SPEC section 3, in SI: v, u in volts, dt/ms the step in ms, k_in in V/s/A
IZH_STEP = '''
v = v + 0.5 * (dt / ms) * (0.04 * (v / mV) ** 2 + 5 * (v / mV) + 140 - u / mV + k_in * (i_exc + i_inh + i_bias + i_stim + i_gap) * ms / mV) * mV
v = v + 0.5 * (dt / ms) * (0.04 * (v / mV) ** 2 + 5 * (v / mV) + 140 - u / mV + k_in * (i_exc + i_inh + i_bias + i_stim + i_gap) * ms / mV) * mV
u = u + (dt / ms) * a * (b * v - u)
'''


def _namespace(params):
    units = dict(tau_m=b2.second, r_m=b2.ohm, v_rest=b2.volt, v_reset=b2.volt, v_th=b2.volt,
                 tau_syn_exc=b2.second, tau_syn_inh=b2.second, i_bias=b2.amp, c=b2.volt,
                 d=b2.volt, v_peak=b2.volt, k_in=b2.volt / b2.second / b2.amp, a=1, b=1)
    return {k: v * units[k] for k, v in params.items() if k in units}


def _group(p, dt):
    if p['kind'] == 'lif':
        q = dict(p['params'], **p.get('brian_params', {}))
        g = b2.NeuronGroup(p['size'], LIF_EQS, threshold='v >= v_th', reset='v = v_reset',
                           refractory=(q['t_ref'] + dt) * b2.second, method='exact',
                           namespace=_namespace(q), name=p['name'])
        g.v = q['v_rest'] * b2.volt
        return g, []
    if p['kind'] == 'izhikevich':
        q = p['params']
        g = b2.NeuronGroup(p['size'], IZH_EQS, threshold='v >= v_peak', reset='v = c\nu += d',
                           method='exact', namespace=_namespace(q), name=p['name'])
        g.v = q['c'] * b2.volt
        g.u = q['b'] * q['c'] * b2.volt
        return g, [g.run_regularly(IZH_STEP, when='groups', order=-2)]
    idx, times = [], []
    for i, ts in enumerate(p['times']):
        for t in ts:
            idx.append(i)
            times.append(t - dt)
    g = b2.SpikeGeneratorGroup(p['size'], np.array(idx, dtype=int), np.array(times) * b2.second,
                               name=p['name'])
    return g, []


def _projection(k, pr, groups, net):
    rule = next((r for r in net['plasticity'] if r['name'] == pr['plasticity']), None)
    target = 'i_exc_post' if pr['receptor'] == 'exc' else 'i_inh_post'
    if rule is None:
        s = b2.Synapses(groups[pr['pre']], groups[pr['post']], 'w : amp',
                        on_pre=f'{target} += w', name=f'proj{k}')
    else:
        mult = rule['dependence'] == 'multiplicative'
        dep = '* (w - w_min) / (w_max - w_min)' if mult else ''
        pot = '* (w_max - w) / (w_max - w_min)' if mult else ''
        model = '''w : amp
                   dx/dt = -x / tau_plus : 1 (event-driven)
                   dy/dt = -y / tau_minus : 1 (event-driven)'''
        on_pre = f'''{target} += w
                     w = clip(w - a_minus * w_max * y {dep}, w_min, w_max)
                     x += 1'''
        on_post = f'''w = clip(w + a_plus * w_max * x {pot}, w_min, w_max)
                      y += 1'''
        ns = dict(tau_plus=rule['tau_plus'] * b2.second, tau_minus=rule['tau_minus'] * b2.second,
                  a_plus=rule['a_plus'], a_minus=rule['a_minus'], w_min=rule['w_min'] * b2.amp,
                  w_max=rule['w_max'] * b2.amp)
        s = b2.Synapses(groups[pr['pre']], groups[pr['post']], model, on_pre=on_pre,
                        on_post=on_post, namespace=ns, name=f'proj{k}', method='exact')
    s.connect(i=np.array([a for a, _ in pr['pairs']]), j=np.array([b for _, b in pr['pairs']]))
    s.w = pr['weight'] * b2.amp
    s.delay = pr['delay'] * b2.second
    return s


def _gaps(net, groups):
    """One Synapses per (source, target) population pair: Brian2 allows one summed-variable
    writer per target variable."""
    by_target = {}
    for g in net['gaps']:
        for (a, b) in g['pairs']:
            by_target.setdefault((g['b'], g['a']), []).append((b, a, g['g']))   # into a from b
            by_target.setdefault((g['a'], g['b']), []).append((a, b, g['g']))   # into b from a
    targets = [t for _, t in by_target]
    assert len(targets) == len(set(targets)), 'one gap source population per target'
    out = []
    for (src, tgt), edges in by_target.items():
        s = b2.Synapses(groups[src], groups[tgt],
                        'g : siemens\ni_gap_post = g * (v_pre - v_post) : amp (summed)',
                        name=f'gap_{src}_{tgt}')
        s.connect(i=np.array([e[0] for e in edges]), j=np.array([e[1] for e in edges]))
        s.g = np.array([e[2] for e in edges]) * b2.siemens
        out.append(s)
    return out


def run(net):
    b2.start_scope()
    dt = net['dt']
    b2.defaultclock.dt = dt * b2.second
    groups, extra = {}, []
    for p in net['populations']:
        g, objs = _group(p, dt)
        groups[p['name']] = g
        extra += objs
    projections = [_projection(k, pr, groups, net) for k, pr in enumerate(net['projections'])]
    extra += _gaps(net, groups)

    stims = net['stimuli']

    @b2.network_operation(when='start')
    def set_stimuli(t):
        tt = float(t / b2.second)
        for p in net['populations']:
            if p['kind'] == 'spike_times':
                continue
            cur = np.zeros(p['size'])
            for st in stims:
                if st['target'] == p['name']:
                    idx = st['indices'] if st['indices'] is not None else range(p['size'])
                    for i in idx:
                        cur[i] += stim_value(st, tt)
            groups[p['name']].i_stim = cur * b2.amp

    spike_mons = {name: b2.SpikeMonitor(g) for name, g in groups.items()}
    trace_mons = {}
    for var, pop in net['traces']:
        trace_mons[(var, pop)] = b2.StateMonitor(groups[pop], var, record=True,
                                                 dt=net['trace_every'] * b2.second)
    plastic = [s for s, pr in zip(projections, net['projections']) if pr['plasticity']]
    w_mons = [b2.StateMonitor(s, 'w', record=True, dt=net['weight_every'] * b2.second)
              for s in plastic] if net['weight_every'] else []
    network = b2.Network(*groups.values(), *projections, *extra, set_stimuli,
                         *spike_mons.values(), *trace_mons.values(), *w_mons)
    network.run(net['duration'] * b2.second)

    spikes = {}
    for name, mon in spike_mons.items():
        per = [[] for _ in range(groups[name].N)]
        for i, t in zip(np.asarray(mon.i[:]), np.asarray(mon.t[:] / b2.second)):
            per[int(i)].append(int(round(t / dt)) + 1)
        spikes[name] = per
    traces = {key: np.asarray(getattr(mon, key[0])[:]).T.tolist()
              for key, mon in trace_mons.items()}   # [sample][neuron], SI
    wtrace = []
    if w_mons:
        cols = [np.asarray(m.w[:]).T for m in w_mons]   # [sample][synapse]
        wtrace = np.concatenate(cols, axis=1).tolist()
    final = [float(x) for s in plastic for x in np.asarray(s.w[:])]
    syns = [(k, a, b) for k, pr in enumerate(net['projections']) if pr['plasticity']
            for (a, b) in pr['pairs']]
    return dict(spikes=spikes, traces=traces, weight_trace=wtrace, weights_final=final,
                weight_synapses=syns)
