/**
 * The PyNN script as text and data (no Python needed): parameters converted to PyNN units, snnc's
 * drawn synapses in the side file, STDP parameters, the recording tables, determinism, and the
 * constructs PyNN cannot express reported at their source range.
 */
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import type { Network, PlasticityRule } from "../../compiler/ir/index.js";
import { checkPynnLimits, pynnBackend } from "../../backends/pynn/index.js";
import { instantiateNetwork } from "../../runtime/index.js";
import { buildWith, compileFixture } from "./helpers.js";
import { cuba, lifParams, oneNeuron, population, projection, span } from "./hand-networks.js";
import { izhParams } from "../runtime/ir-builder.js";

/** Reads the arrays of a stored (uncompressed) .npz archive: name → values. */
function readNpz(bytes: Uint8Array): Map<string, { dtype: string; values: number[] }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Map<string, { dtype: string; values: number[] }>();
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    expect(view.getUint16(at + 8, true)).toBe(0); // stored
    const size = view.getUint32(at + 18, true);
    const nameLen = view.getUint16(at + 26, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLen));
    const data = at + 30 + nameLen;
    expect(Array.from(bytes.subarray(data, data + 6))).toEqual([
      0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59,
    ]);
    const headerLen = view.getUint16(data + 8, true);
    expect((10 + headerLen) % 64).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(data + 10, data + 10 + headerLen));
    const dtype = /'descr': '([^']+)'/.exec(header)?.[1] ?? "";
    const n = Number(/'shape': \((\d+),\)/.exec(header)?.[1]);
    const base = data + 10 + headerLen;
    const values: number[] = [];
    for (let i = 0; i < n; i++)
      values.push(
        dtype === "<i4" ? view.getInt32(base + 4 * i, true) : view.getFloat64(base + 8 * i, true),
      );
    out.set(name.replace(/\.npy$/, ""), { dtype, values });
    at = data + size;
  }
  return out;
}

function script(files: ReturnType<typeof buildWith>["files"], name: string): string {
  const f = files?.find((x) => x.path === name);
  expect(f, `no ${name}`).toBeDefined();
  return typeof f?.contents === "string" ? f.contents : "";
}

describe("PyNN script", () => {
  it("maps SPEC 9.1 to IF_curr_exp in PyNN units with a DC source, data inline", () => {
    const { files, diagnostics } = buildWith(pynnBackend, compileFixture("one-neuron.snn"));
    expect(diagnostics).toEqual([]);
    expect(files?.map((f) => f.path)).toEqual(["one-neuron.py"]);
    const py = script(files, "one-neuron.py");
    expect(py).toContain("sim.Population(1, sim.IF_curr_exp(");
    for (const arg of [
      "tau_m=20,",
      "cm=0.2,",
      "v_rest=-70,",
      "v_reset=-70,",
      "v_thresh=-50,",
      "tau_syn_E=5,",
      "tau_syn_I=10,",
      "i_offset=0,",
    ])
      expect(py).toContain(arg);
    expect(py).toContain("tau_refrac=2 + REFRAC_EXTRA[opts.simulator] * DT_MS");
    expect(py).toContain(
      "sim.DCSource(amplitude=0.25, start=0.0, stop=opts.duration + DT_MS).inject_into(pop_0)",
    );
    expect(py).toContain('DT_TEXT = "0.1"');
    expect(py).toContain("DURATION_MS = 1000");
    expect(py).toContain("DATA_FILE = None");
    expect(py).toContain('RECORD_SPIKES = {"cell": "all"}');
  });

  it("carries CUBA's drawn synapses, weights (nA), delays (ms) and initial v (mV) in the side file", () => {
    const network = compileFixture("cuba.snn");
    const built = instantiateNetwork(network);
    const { files, diagnostics } = buildWith(pynnBackend, network);
    expect(diagnostics).toEqual([]);
    expect(files?.map((f) => f.path)).toEqual(["cuba.py", "cuba.connections.npz"]);
    const npz = files?.[1]?.contents;
    expect(npz).toBeInstanceOf(Uint8Array);
    const arrays = readNpz(npz as Uint8Array);
    for (const p of built.projections) {
      const pre = arrays.get(`p${p.id}.pre`);
      const post = arrays.get(`p${p.id}.post`);
      expect(pre?.dtype).toBe("<i4");
      expect(pre?.values).toEqual(Array.from(p.pre));
      expect(post?.values).toEqual(Array.from(p.post));
      const w = arrays.get(`p${p.id}.weight`)?.values ?? [];
      expect(w.length).toBe(p.pre.length);
      expect(new Set(w)).toEqual(new Set([p.id < 2 ? 16.2e-12 * 1e9 : -90e-12 * 1e9]));
      expect(new Set(arrays.get(`p${p.id}.delay`)?.values)).toEqual(new Set([0.1]));
    }
    // fixed_probability(0.02) over 4000 × 4000 pairs: about 320,000 synapses.
    const total = built.projections.reduce((s, p) => s + p.pre.length, 0);
    expect(total).toBeGreaterThan(300_000);
    expect(total).toBeLessThan(340_000);
    const v = arrays.get("init.0.v")?.values ?? [];
    expect(v.length).toBe(3200);
    expect(v).toEqual(Array.from(built.init[0]?.["v"] ?? [], (x) => x * 1e3));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-60);
    expect(Math.max(...v)).toBeLessThan(-50);
    const py = script(files, "cuba.py");
    expect(py).toContain('DATA_FILE = "cuba.connections.npz"');
    expect(py).toContain('pop_0.initialize(v=data["init.0.v"])');
    expect(py).toMatch(/connect\(sim, pop_1, pop_0, data, "p2", "inh->exc", "inhibitory",/);
  });

  it("is deterministic: the same file and seed give byte-identical script and data", () => {
    const a = buildWith(pynnBackend, compileFixture("cuba.snn")).files ?? [];
    const b = buildWith(pynnBackend, compileFixture("cuba.snn")).files ?? [];
    expect(a.length).toBe(2);
    a.forEach((f, k) => {
      expect(b[k]?.path).toBe(f.path);
      expect(Buffer.from(b[k]?.contents ?? "").equals(Buffer.from(f.contents))).toBe(true);
    });
    const c = buildWith(pynnBackend, compileFixture("plastic.snn")).files ?? [];
    const d = buildWith(pynnBackend, compileFixture("plastic.snn")).files ?? [];
    expect(d.map((f) => f.contents)).toEqual(c.map((f) => f.contents));
  });

  it("maps stdp to STDPMechanism and writes the recording tables", () => {
    const { files, diagnostics } = buildWith(pynnBackend, compileFixture("plastic.snn"));
    expect(diagnostics).toEqual([]);
    const py = script(files, "plastic.py");
    expect(py).toContain(
      "timing_dependence=sim.SpikePairRule(tau_plus=20, tau_minus=20, A_plus=0.01, A_minus=0.0105)",
    );
    expect(py).toContain("weight_dependence=sim.AdditiveWeightDependence(w_min=0, w_max=0.5)");
    expect(py).toContain('RECORD_SPIKES = {"inputs": {0, 1, 2, 3, 4}, "cells": "all"}');
    expect(py).toContain('RECORD_STATE = {("cells", "v"): {0: 10, 2: 10}}');
    expect(py).toContain('pop_1[[0, 2]].record("v", sampling_interval=10 * DT_MS)');
    expect(py).toContain('WEIGHT_RECORDINGS = [(0, "inputs->cells", "inputs", "cells")]');
    expect(py).toContain("WEIGHT_SAMPLE_STEPS = [0, 500, 1000, 1500, 2000]");
    expect(py).toContain('MEMBERS = {"cells": ["AVAL", "AVAR", "AVBL"]}');
    expect(py).toContain("sim.DCSource(amplitude=0.3, start=20, stop=60).inject_into(pop_1[[2]])");
  });

  it("maps izhikevich to PyNN's Izhikevich, scaling currents by k_in to PyNN's fixed gain", () => {
    const { files, diagnostics } = buildWith(pynnBackend, compileFixture("izhikevich.snn"));
    expect(diagnostics).toEqual([]);
    const py = script(files, "izhikevich.py");
    expect(py).toContain("sim.Population(2, sim.Izhikevich(");
    for (const arg of ["a=0.02,", "b=0.2,", "c=-65,", "d=8,", "i_offset=0,"])
      expect(py).toContain(arg);
    // k_in = 1 mV/ms/nA; PyNN adds 1 pA as 1 mV/ms: 10 nA becomes 0.01 nA.
    expect(py).toContain("sim.DCSource(amplitude=0.01, start=0.0, stop=opts.duration + DT_MS)");
    expect(py).toMatch(/pop_0\.initialize\(u=-13(\.0+\d*)?, v=-65\)/);
  });

  it("makes the script refuse Brian2 where tau_m equals a synaptic time constant", () => {
    const py = script(
      buildWith(pynnBackend, compileFixture("gap-junctions.snn")).files,
      "gap-junctions.py",
    );
    expect(py).toContain('refuse_on_brian2(opts, "a")');
    expect(py).toContain('refuse_on_brian2(opts, "b")');
    const one = script(
      buildWith(pynnBackend, compileFixture("one-neuron.snn")).files,
      "one-neuron.py",
    );
    expect(one).not.toMatch(/refuse_on_brian2\(opts, "/);
  });

  it("scales multiplicative STDP amplitudes by w_max / (w_max - w_min)", () => {
    const base = cuba(0.1);
    const rule: PlasticityRule = {
      kind: "stdp",
      id: 0,
      name: "soft",
      tau_plus: 0.02,
      tau_minus: 0.02,
      a_plus: 0.01,
      a_minus: 0.012,
      w_min: 0.1e-9,
      w_max: 0.5e-9,
      dependence: "multiplicative",
      origin: span,
    };
    const network: Network = {
      ...base,
      plasticity: [rule],
      projections: base.projections.map((p) => (p.id === 0 ? { ...p, plasticity: 0 } : p)),
    };
    const files = buildWith(pynnBackend, network).files;
    const py = script(files, "cuba.py");
    expect(py).toContain("A_plus=0.0125, A_minus=0.015");
    expect(py).toContain("sim.MultiplicativeWeightDependence(w_min=0.1, w_max=0.5)");
  });
});

describe("PyNN limits", () => {
  const check = (network: Network) => {
    const sink = new DiagnosticSink();
    checkPynnLimits(network, sink);
    return sink.items;
  };
  const at = (start: number) => ({ file: 0, start, end: start + 5 });

  it("refuses neurocorex_lif, stdp_window and homeostasis at their source ranges", () => {
    const net = oneNeuron();
    const core = population(
      1,
      "core",
      2,
      { kind: "neurocorex_lif", params: { threshold: 10, leak: 0, t_ref: 2e-3 } },
      { origin: at(40) },
    );
    const rules: PlasticityRule[] = [
      {
        kind: "stdp_window",
        id: 0,
        name: "window",
        window_pre_steps: 3,
        window_post_steps: 3,
        step_plus: 1,
        step_minus: 1,
        origin: at(70),
      },
      { kind: "homeostasis", id: 1, name: "h", target_rate: 5, tau: 1, eta: 1e-3, origin: at(90) },
    ];
    const cell = { ...net.populations[0]!, homeostasis: 1, origin: at(10) };
    const items = check({
      ...net,
      populations: [cell, core],
      plasticity: rules,
      projections: [
        projection(0, "core->core", 1, 1, 1, 12, {
          plasticity: 0,
          origin: at(60),
          rule: { kind: "all_to_all" },
        }),
      ],
    });
    expect(items.map((d) => [d.code, d.span])).toEqual([
      ["pynn/unsupported-plasticity", at(10)],
      ["pynn/unsupported-model", at(40)],
      ["pynn/unsupported-plasticity", at(60)],
    ]);
    expect(items[0]?.message).toBe("The homeostasis rule 'h' cannot run in the PyNN export");
    expect(items[1]?.message).toBe(
      "PyNN has no standard cell type for the 'neurocorex_lif' model of population 'core'",
    );
    expect(items[2]?.related?.[0]?.span).toEqual(at(70));
  });

  it("refuses projections onto Izhikevich cells, a v_peak other than 30 mV, and unrecordable state", () => {
    const net = oneNeuron();
    const izh = population(
      1,
      "izh",
      2,
      {
        kind: "izhikevich",
        params: izhParams({ v_peak: 25e-3 }),
      },
      { origin: at(20) },
    );
    const items = check({
      ...net,
      populations: [net.populations[0]!, izh],
      projections: [
        projection(0, "cell->izh", 0, 1, 1, 1e-9, { origin: at(50), rule: { kind: "all_to_all" } }),
      ],
      recordings: [
        {
          kind: "state",
          id: 0,
          variable: "i_exc",
          targets: [{ population: 0, indices: null }],
          everySteps: 10,
          origin: at(80),
        },
        {
          kind: "state",
          id: 1,
          variable: "u",
          targets: [{ population: 1, indices: null }],
          everySteps: 10,
          origin: at(90),
        },
      ],
    });
    expect(items.map((d) => [d.code, d.span])).toEqual([
      ["pynn/izhikevich-v-peak", at(20)],
      ["pynn/izhikevich-synapses", at(50)],
      ["pynn/unsupported-recording", at(80)],
    ]);
    expect(items[0]?.message).toBe(
      "PyNN's Izhikevich cell spikes at 30 mV, but population 'izh' has v_peak = 25 mV",
    );
    expect(items[2]?.message).toBe(
      "PyNN cannot record 'i_exc' of population 'cell' (IF_curr_exp records spikes, v)",
    );
  });

  it("refuses a per-neuron k_in on Izhikevich cells (currents are scaled per population)", () => {
    const net = oneNeuron();
    const izh = population(
      0,
      "izh",
      2,
      {
        kind: "izhikevich",
        params: izhParams(),
      },
      { origin: at(5), perNeuron: { k_in: { kind: "values", values: [1e9, 2e9] } } },
    );
    const items = check({ ...net, populations: [izh] });
    expect(items.map((d) => [d.code, d.span, d.message])).toEqual([
      [
        "pynn/izhikevich-per-neuron-k-in",
        at(5),
        "Population 'izh' sets k_in per neuron, which the PyNN export cannot scale into its current sources",
      ],
    ]);
  });

  it("gives each neuron its own cm = tau_m / r_m when tau_m is drawn per neuron", () => {
    const base = oneNeuron();
    const cell = population(
      0,
      "cell",
      2,
      { kind: "lif", params: lifParams({}) },
      {
        perNeuron: { tau_m: { kind: "values", values: [10e-3, 20e-3] } },
      },
    );
    const { files, diagnostics } = buildWith(pynnBackend, { ...base, populations: [cell] });
    expect(diagnostics).toEqual([]);
    const py = script(files, "one.py");
    expect(py).toContain('pop_0.set(tau_m=data["param.0.tau_m"], cm=data["param.0.cm"])');
    // 10 ms / 100 Mohm = 0.1 nF, 20 ms / 100 Mohm = 0.2 nF
    expect(py).toContain('"param.0.cm": np.array([0.1, 0.2], dtype=np.float64)');
  });

  it("refuses values that PyNN's units cannot hold as finite numbers, at their constructs", () => {
    const base = oneNeuron();
    const huge: Network = {
      ...base,
      populations: [
        {
          ...population(0, "cell", 1, { kind: "lif", params: lifParams({ tau_m: 1e306 }) }),
          origin: at(10),
        },
      ],
      stimuli: [
        { ...base.stimuli[0]!, wave: { kind: "current", amplitude: 1e300 }, origin: at(40) },
      ],
    };
    const { files, diagnostics } = buildWith(pynnBackend, huge);
    expect(files).toBeNull();
    expect(diagnostics.map((d) => [d.code, d.message, d.span])).toEqual([
      [
        "pynn/value-not-finite",
        "'tau_m' of 'cell' is 1e+306 s, which is not a finite number in PyNN's unit (ms)",
        at(10),
      ],
      [
        "pynn/value-not-finite",
        "'amplitude' of stimulus 'drive' is 1e+300 A, which is not a finite number in PyNN's unit (nA)",
        at(40),
      ],
    ]);
    // drawn weights too, which would go to the side file as inf
    const net = cuba(0.01);
    const wide: Network = {
      ...net,
      projections: [{ ...net.projections[0]!, weight: { kind: "const", value: 1e300 } }],
    };
    expect(buildWith(pynnBackend, wide).diagnostics.map((d) => d.message)).toEqual([
      "A weight of 'exc->exc' is 1e+300 A, which is not a finite number in PyNN's unit (nA)",
    ]);
  });

  it("warns that gap junctions need the NEURON backend and emits ElectricalSynapse", () => {
    const params = lifParams({});
    const base = oneNeuron();
    const network: Network = {
      ...base,
      populations: [
        population(0, "a", 2, { kind: "lif", params }),
        population(1, "b", 2, { kind: "lif", params }),
      ],
      stimuli: [],
      recordings: [],
      gaps: [
        {
          id: 0,
          a: { population: 0, indices: null },
          b: { population: 1, indices: null },
          rule: { kind: "one_to_one" },
          conductance: { kind: "const", value: 0.5e-9 },
          origin: at(30),
        },
      ],
    };
    const shared = new DiagnosticSink();
    pynnBackend.checkLimits(network, { diagnostics: shared });
    expect(pynnBackend.build(network, { diagnostics: shared })).not.toBeNull();
    expect(shared.items.length).toBe(1); // reported once when checkLimits and build share a sink
    const { files, diagnostics } = buildWith(pynnBackend, network);
    expect(diagnostics.map((d) => [d.code, d.severity, d.span])).toEqual([
      ["pynn/gap-junctions-neuron-only", "warning", at(30)],
    ]);
    const py = script(files, "one.py");
    expect(py).toContain('GAPS = ["a <-> b"]');
    expect(py).toContain(
      'gaps.append(connect_gap(sim, pop_0, pop_1, data, "g0", "a<->b", opts, rank))',
    );
    expect(py).toContain('"g0.weight": np.array([0.0005, 0.0005], dtype=np.float64)');
  });
});
