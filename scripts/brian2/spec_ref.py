"""An independent, deliberately plain float64 implementation of SPEC section 7 for the small
networks of networks.py. make_fixtures.py runs it next to Brian2 and refuses to write a fixture
unless both give the same spikes, so a fixture records the SPEC's semantics and not a quirk of
either. Straight loops, no vectorisation: it is meant to be read against the SPEC text.

Returns the same result shape as brian_model.run(): spikes as SPEC steps (a spike stamped
T = k dt has step k), traces sampled at 0, every, 2 every, ... (the state at that instant after
all of its events), plastic weights sampled the same way and at the end.
"""
import math


def stim_value(stim, t):
    """SPEC section 6: the stimulus current at time t (held for the step that starts at t)."""
    kind = stim['kind']
    if kind == 'current':
        return stim['amplitude']
    if kind == 'step':
        return stim['amplitude'] if stim['start'] <= t < stim['stop'] else 0.0
    if kind == 'sine':
        return stim['offset'] + stim['amplitude'] * math.sin(
            2 * math.pi * stim['frequency'] * t + stim['phase'])
    raise ValueError(kind)


def _lif_coefficients(p, dt):
    """Exact propagator of the linear LIF system over one step (SPEC section 7 step 2)."""
    em = math.exp(-dt / p['tau_m'])
    ee = math.exp(-dt / p['tau_syn_exc'])
    ei = math.exp(-dt / p['tau_syn_inh'])

    def cross(tau_s, es):
        if tau_s == p['tau_m']:
            return dt / p['tau_m'] * em          # limit form
        return tau_s / (tau_s - p['tau_m']) * (es - em)
    return dict(em=em, ee=ee, ei=ei, ke=cross(p['tau_syn_exc'], ee),
                ki=cross(p['tau_syn_inh'], ei))


def run(net):
    dt = net['dt']
    steps = net['steps']
    pops = {p['name']: p for p in net['populations']}
    state = {}
    for p in net['populations']:
        n = p['size']
        if p['kind'] == 'lif':
            s = dict(v=[p['params']['v_rest']] * n, i_exc=[0.0] * n, i_inh=[0.0] * n,
                     ref=[0] * n, co=_lif_coefficients(p['params'], dt),
                     ref_steps=int(round(p['params']['t_ref'] / dt)))
        elif p['kind'] == 'izhikevich':
            q = p['params']
            s = dict(v=[q['c']] * n, u=[q['b'] * q['c']] * n, i_exc=[0.0] * n, i_inh=[0.0] * n)
        else:
            s = dict(stamps={})
            for i, ts in enumerate(p['times']):
                for t in ts:
                    s['stamps'].setdefault(int(round(t / dt)), []).append(i)
        state[p['name']] = s

    # synapses, in projection declaration order then synapse (list) order
    syn = []
    for k, pr in enumerate(net['projections']):
        rule = next((r for r in net['plasticity'] if r['name'] == pr['plasticity']), None)
        for (a, b) in pr['pairs']:
            syn.append(dict(proj=k, pre=pr['pre'], post=pr['post'], a=a, b=b, w=pr['weight'],
                            D=int(round(pr['delay'] / dt)), rec=pr['receptor'], rule=rule,
                            x=0.0, y=0.0, last=0))
    pending = {}  # instant step -> list of synapse indices arriving

    def trace_decay(sy, k):
        r = sy['rule']
        el = (k - sy['last']) * dt
        sy['x'] *= math.exp(-el / r['tau_plus'])
        sy['y'] *= math.exp(-el / r['tau_minus'])
        sy['last'] = k

    every_t = int(round(net['trace_every'] / dt))
    every_w = int(round(net['weight_every'] / dt)) if net['weight_every'] else None
    spikes = {p['name']: [[] for _ in range(p['size'])] for p in net['populations']}
    traces = {(var, pop): [] for var, pop in net['traces']}
    wtrace = []

    def sample(k):
        if k % every_t == 0:
            for (var, pop) in traces:
                traces[(var, pop)].append(list(state[pop][var]))
        if every_w and k % every_w == 0:
            wtrace.append([sy['w'] for sy in syn if sy['rule']])

    sample(0)
    for n in range(steps):
        t = n * dt
        # 1. external and gap currents from the state at t
        ext = {p['name']: [0.0] * p['size'] for p in net['populations']}
        for st in net['stimuli']:
            idx = st['indices'] if st['indices'] is not None else range(pops[st['target']]['size'])
            for i in idx:
                ext[st['target']][i] += stim_value(st, t)
        for g in net['gaps']:
            va, vb = list(state[g['a']]['v']), list(state[g['b']]['v'])
            for (a, b) in g['pairs']:
                ext[g['a']][a] += g['g'] * (vb[b] - va[a])
                ext[g['b']][b] += g['g'] * (va[a] - vb[b])
        # 2.-3. integrate, threshold, reset
        fired = {}
        for p in net['populations']:
            s, q, name = state[p['name']], p.get('params'), p['name']
            out = []
            if p['kind'] == 'lif':
                co = s['co']
                for i in range(p['size']):
                    ie, ii = s['i_exc'][i], s['i_inh'][i]
                    if s['ref'][i] > 0:
                        s['ref'][i] -= 1
                    else:
                        i0 = q['i_bias'] + ext[name][i]
                        s['v'][i] = (q['v_rest'] + (s['v'][i] - q['v_rest']) * co['em']
                                     + q['r_m'] * i0 * (1 - co['em'])
                                     + q['r_m'] * (ie * co['ke'] + ii * co['ki']))
                    s['i_exc'][i] = ie * co['ee']
                    s['i_inh'][i] = ii * co['ei']
                    if s['v'][i] >= q['v_th']:
                        out.append(i)
                        s['v'][i] = q['v_reset']
                        s['ref'][i] = s['ref_steps']
            elif p['kind'] == 'izhikevich':
                dtms = dt * 1e3
                for i in range(p['size']):
                    inA = (s['i_exc'][i] + s['i_inh'][i] + q['i_bias'] + ext[name][i]) * 1e9
                    kin = q['k_in'] * 1e-9       # V/s/A -> mV/ms/nA
                    vm, um = s['v'][i] * 1e3, s['u'][i] * 1e3
                    for _ in range(2):
                        vm = vm + 0.5 * dtms * (0.04 * vm * vm + 5 * vm + 140 - um + kin * inA)
                    um = um + dtms * q['a'] * (q['b'] * vm - um)
                    s['i_exc'][i] *= math.exp(-dt / q['tau_syn_exc'])
                    s['i_inh'][i] *= math.exp(-dt / q['tau_syn_inh'])
                    if vm >= q['v_peak'] * 1e3:
                        out.append(i)
                        vm = q['c'] * 1e3
                        um = um + q['d'] * 1e3
                    s['v'][i], s['u'][i] = vm * 1e-3, um * 1e-3
            else:
                out = list(s['stamps'].get(n + 1, []))
            fired[name] = out
        k = n + 1
        for name, out in fired.items():
            for i in out:
                spikes[name][i].append(k)
        # 4. schedule arrivals of the spikes stamped k
        for si, sy in enumerate(syn):
            if sy['a'] in fired[sy['pre']]:
                pending.setdefault(k + sy['D'], []).append(si)
        # events at instant k: arrivals (deliver, depress, x += 1) in synapse order
        for si in sorted(pending.pop(k, [])):
            sy = syn[si]
            target = state[sy['post']]
            target['i_exc' if sy['rec'] == 'exc' else 'i_inh'][sy['b']] += sy['w']
            r = sy['rule']
            if r:
                trace_decay(sy, k)
                dep = r['a_minus'] * r['w_max'] * sy['y']
                if r['dependence'] == 'multiplicative':
                    dep *= (sy['w'] - r['w_min']) / (r['w_max'] - r['w_min'])
                sy['w'] = min(max(sy['w'] - dep, r['w_min']), r['w_max'])
                sy['x'] += 1
        # postsynaptic side of spikes stamped k: potentiate, y += 1
        for sy in syn:
            r = sy['rule']
            if r and sy['b'] in fired[sy['post']]:
                trace_decay(sy, k)
                pot = r['a_plus'] * r['w_max'] * sy['x']
                if r['dependence'] == 'multiplicative':
                    pot *= (r['w_max'] - sy['w']) / (r['w_max'] - r['w_min'])
                sy['w'] = min(max(sy['w'] + pot, r['w_min']), r['w_max'])
                sy['y'] += 1
        sample(k)
    plastic = [sy for sy in syn if sy['rule']]
    return dict(spikes=spikes, traces=traces, weight_trace=wtrace,
                weights_final=[sy['w'] for sy in plastic],
                weight_synapses=[(sy['proj'], sy['a'], sy['b']) for sy in plastic])
