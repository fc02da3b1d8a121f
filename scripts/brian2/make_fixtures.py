#!/usr/bin/python3
"""Regenerates test/fixtures/brian2/: for every network of networks.py, simulates it in Brian2
(Debian python3-brian 2.5.1) and in spec_ref.py (SPEC section 7 written out plainly), checks that
both give the same spikes step for step, and writes <name>.json (Brian2's results in SPEC's
conventions) and <name>.snn (the same network in SPEC syntax).

  /usr/bin/python3 scripts/brian2/make_fixtures.py [NAME...]

Only regeneration needs Brian2; the tests read the checked-in files.
"""
import json
import os
import sys

sys.dont_write_bytecode = True

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import networks  # noqa: E402
import spec_ref  # noqa: E402
import brian_model  # noqa: E402
import snn_writer  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'test', 'fixtures', 'brian2')


def max_rel_diff(a, b):
    worst = 0.0
    for ra, rb in zip(a, b):
        for x, y in zip(ra, rb):
            worst = max(worst, abs(x - y) / max(abs(x), abs(y), 1e-300))
    return worst


def max_abs_diff(a, b):
    return max((abs(x - y) for ra, rb in zip(a, b) for x, y in zip(ra, rb)), default=0.0)


def compare(net, br, ref):
    """Spikes must agree exactly; returns the trace and weight differences for the record."""
    for name in br['spikes']:
        if br['spikes'][name] != ref['spikes'][name]:
            for i, (x, y) in enumerate(zip(br['spikes'][name], ref['spikes'][name])):
                if x != y:
                    raise SystemExit(f'{net["name"]}: {name}[{i}] Brian2 {x} != spec_ref {y}')
    diffs = {}
    for key in br['traces']:
        n = min(len(br['traces'][key]), len(ref['traces'][key]))
        diffs[f'{key[0]} of {key[1]}'] = max_abs_diff(br['traces'][key][:n], ref['traces'][key][:n])
    if br['weight_trace']:
        n = min(len(br['weight_trace']), len(ref['weight_trace']))
        diffs['weights'] = max_abs_diff(br['weight_trace'][:n], ref['weight_trace'][:n])
        diffs['final weights'] = max_abs_diff([br['weights_final']], [ref['weights_final']])
    return diffs


def ir_description(net):
    """The network itself (SI), so a test can build the IR by hand and check the simulator
    independently of the front end."""
    pops = []
    for p in net['populations']:
        q = dict(name=p['name'], kind=p['kind'], size=p['size'])
        if p['kind'] == 'spike_times':
            q['times'] = p['times']
        else:
            q['params'] = p['params']
        pops.append(q)
    return dict(duration=net['duration'], populations=pops,
                projections=[dict(pre=pr['pre'], post=pr['post'], pairs=pr['pairs'],
                                  weight=pr['weight'], delay=pr['delay'],
                                  receptor=pr['receptor'], plasticity=pr['plasticity'])
                             for pr in net['projections']],
                gaps=net['gaps'], stimuli=net['stimuli'], plasticity=net['plasticity'],
                trace_every=net['trace_every'], weight_every=net['weight_every'])


def fixture(net, br, diffs):
    dt = net['dt']
    traces = []
    for (var, pop), rows in br['traces'].items():
        traces.append(dict(variable=var, population=pop,
                           every_steps=int(round(net['trace_every'] / dt)),
                           values=rows))
    weights = None
    if br['weight_synapses']:
        weights = dict(every_steps=int(round(net['weight_every'] / dt)),
                       synapses=[dict(projection=k, pre=a, post=b)
                                 for (k, a, b) in br['weight_synapses']],
                       values=br['weight_trace'], final=br['weights_final'])
    return dict(
        name=net['name'], description=net['description'],
        generator=dict(tool='Brian2 2.5.1 (Debian python3-brian), numpy target',
                       script='scripts/brian2/make_fixtures.py',
                       conventions='spike steps are SPEC stamps (Brian2 stamp / dt + 1); '
                                   'trace sample s is the state at instant s * every_steps * dt; '
                                   'values in SI'),
        dt=dt, steps=net['steps'],
        projections=[dict(pre=pr['pre'], post=pr['post']) for pr in net['projections']],
        network=ir_description(net),
        trace_rel_tol=net.get('trace_rel_tol', 1e-9),
        spikes=br['spikes'], traces=traces, weights=weights,
        brian2_vs_spec_ref_max_abs_diff=diffs)


def main(names):
    os.makedirs(OUT, exist_ok=True)
    for make in networks.ALL:
        net = make()
        if names and net['name'] not in names:
            continue
        br = brian_model.run(net)
        ref = spec_ref.run(net)
        diffs = compare(net, br, ref)
        counts = {k: sum(len(s) for s in v) for k, v in br['spikes'].items()}
        print(f'{net["name"]}: spikes {counts}; Brian2 vs spec_ref {diffs}')
        with open(os.path.join(OUT, net['name'] + '.json'), 'w') as f:
            json.dump(fixture(net, br, diffs), f, separators=(',', ':'))
            f.write('\n')
        with open(os.path.join(OUT, net['name'] + '.snn'), 'w') as f:
            f.write(snn_writer.write(net))


if __name__ == '__main__':
    main(sys.argv[1:])
