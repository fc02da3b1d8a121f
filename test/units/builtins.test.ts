import { describe, expect, it } from "vitest";
import {
  connectKeys,
  connectionRuleNames,
  connectionRules,
  findParam,
  gapKeys,
  isReservedWord,
  lookupConnectionRule,
  lookupModel,
  lookupPlasticity,
  lookupStimulus,
  lookupTarget,
  modelKinds,
  neuronModels,
  plasticityKinds,
  requiredParams,
  resolveLifTimeConstants,
  reservedWords,
  simulateKeys,
  stimulusKindNames,
  type ParamSpec,
} from "../../compiler/builtins/index.js";
import { reservedWords as grammarReservedWords } from "../../grammar/index.js";
import {
  formatDimension,
  formatQuantity,
  isUnitName,
  type Dimension,
} from "../../compiler/units/index.js";
import { editDistance, suggest } from "../../compiler/util/index.js";

/** `name = default` in natural units, as SPEC writes them. */
function defaults(params: readonly ParamSpec[]): string[] {
  return params.map((p) => {
    const d = p.default;
    const dim: Dimension | undefined =
      p.type.kind === "quantity" || p.type.kind === "list" ? p.type.dim : undefined;
    if (d === undefined) return `${p.name} required`;
    switch (d.kind) {
      case "value":
        return `${p.name} = ${formatQuantity(d.value, dim!)}`;
      case "list":
        return `${p.name} = [${d.values.join(", ")}]`;
      case "word":
        return `${p.name} = ${d.value}`;
      case "bool":
        return `${p.name} = ${String(d.value)}`;
      case "derived":
        return `${p.name} = (${d.doc})`;
      case "none":
        return `${p.name} = none`;
    }
  });
}

describe("neuron models (SPEC §3)", () => {
  it("lists the five bases", () => {
    expect(modelKinds).toEqual(["lif", "izhikevich", "neurocorex_lif", "poisson", "spike_times"]);
    expect(lookupModel("lif")).toBe(neuronModels.lif);
    expect(lookupModel("Lif")).toBeUndefined();
  });

  it("has lif's defaults", () => {
    expect(defaults(neuronModels.lif.params)).toEqual([
      "tau_m = 20 ms",
      "r_m = 100 Mohm",
      "c_m = (tau_m / r_m)",
      "v_rest = -70 mV",
      "v_reset = -70 mV",
      "v_th = -50 mV",
      "t_ref = 2 ms",
      "tau_syn_exc = 5 ms",
      "tau_syn_inh = 10 ms",
      "i_bias = 0 nA",
    ]);
    expect(neuronModels.lif.state.map((s) => `${s.name}: ${formatDimension(s.dim)}`)).toEqual([
      "v: voltage",
      "i_exc: current",
      "i_inh: current",
    ]);
  });

  it("has izhikevich's defaults, with a and b plain numbers and k_in 1 mV/ms/nA", () => {
    expect(defaults(neuronModels.izhikevich.params)).toEqual([
      "a = 0.02",
      "b = 0.2",
      "c = -65 mV",
      "d = 8 mV",
      "v_peak = 30 mV",
      "k_in = 1 mV/ms/nA",
      "tau_syn_exc = 5 ms",
      "tau_syn_inh = 10 ms",
      "i_bias = 0 nA",
    ]);
    expect(neuronModels.izhikevich.state.map((s) => s.name)).toEqual(["v", "u", "i_exc", "i_inh"]);
  });

  it("has the spike sources' and the core neuron's defaults", () => {
    expect(defaults(neuronModels.neurocorex_lif.params)).toEqual([
      "threshold = 10",
      "leak = 0",
      "t_ref = 2 ms",
    ]);
    expect(defaults(neuronModels.poisson.params)).toEqual(["rate = 10 Hz"]);
    expect(defaults(neuronModels.spike_times.params)).toEqual(["times = []"]);
    expect(neuronModels.poisson.isSource && neuronModels.spike_times.isSource).toBe(true);
    expect(neuronModels.neurocorex_lif.acceptsStimulus).toBe(false);
  });

  it("never names a parameter after a unit or a reserved word", () => {
    for (const kind of modelKinds) {
      for (const p of neuronModels[kind].params) {
        expect(isUnitName(p.name) || isReservedWord(p.name), p.name).toBe(false);
      }
    }
  });
});

describe("plasticity, stimuli, rules, blocks", () => {
  it("has the plasticity rules of SPEC §5", () => {
    expect(plasticityKinds).toEqual(["stdp", "stdp_window", "homeostasis"]);
    expect(defaults(lookupPlasticity("stdp")!.params)).toEqual([
      "tau_plus = 20 ms",
      "tau_minus = 20 ms",
      "a_plus = 0.01",
      "a_minus = 0.0105",
      "w_min = 0 nA",
      "w_max = 0.5 nA",
      "dependence = additive",
    ]);
    expect(defaults(lookupPlasticity("stdp_window")!.params)).toEqual([
      "window_pre = 3 ms",
      "window_post = 3 ms",
      "step_plus = 1",
      "step_minus = 1",
    ]);
    expect(defaults(lookupPlasticity("homeostasis")!.params)).toEqual([
      "target_rate = 5 Hz",
      "tau = 1 s",
      "eta = 1 mV",
    ]);
  });

  it("has the stimulus kinds of SPEC §6 with their required parameters", () => {
    expect(stimulusKindNames).toEqual(["current", "step", "sine", "noise"]);
    expect(defaults(lookupStimulus("sine")!.params)).toEqual([
      "amplitude required",
      "frequency required",
      "offset = 0 nA",
      "phase = 0",
    ]);
    expect(requiredParams(lookupStimulus("step")!.params).map((p) => p.name)).toEqual([
      "amplitude",
      "start",
      "stop",
    ]);
    expect(requiredParams(lookupStimulus("noise")!.params).map((p) => p.name)).toEqual([
      "mean",
      "sd",
    ]);
  });

  it("has the connection rules of SPEC §4", () => {
    expect(connectionRuleNames).toEqual(Object.keys(connectionRules));
    expect(lookupConnectionRule("fixed_probability")?.args.map((a) => a.name)).toEqual(["p"]);
    expect(lookupConnectionRule("from_csv")?.generated).toBe(false);
    expect(lookupConnectionRule("nope")).toBeUndefined();
  });

  it("has the block keys", () => {
    expect(connectKeys.map((k) => k.name)).toEqual([
      "rule",
      "weight",
      "delay",
      "receptor",
      "plasticity",
      "allow_self",
      "allow_multapses",
    ]);
    expect(requiredParams(gapKeys).map((k) => k.name)).toEqual(["conductance"]);
    expect(defaults(simulateKeys)).toEqual(["dt = 0.1 ms", "duration required", "seed = 0"]);
    expect(findParam(simulateKeys, "seed")?.type).toMatchObject({
      kind: "quantity",
      integer: true,
    });
    expect(lookupTarget("js")?.keys).toEqual([]);
    expect(lookupTarget("fpga")).toBeUndefined();
  });

  it("agrees with the parser on reserved words", () => {
    expect([...reservedWords].sort()).toEqual([...grammarReservedWords].sort());
  });
});

describe("resolveLifTimeConstants (SPEC §3)", () => {
  it("derives c_m from the defaults", () => {
    expect(resolveLifTimeConstants({})).toEqual({
      ok: true,
      tau_m: 0.02,
      r_m: 1e8,
      c_m: 0.02 / 1e8,
      derived: "c_m",
    });
  });

  it("keeps tau_m's default when only c_m is written", () => {
    expect(resolveLifTimeConstants({ c_m: 250e-12 })).toEqual({
      ok: true,
      tau_m: 0.02,
      r_m: 0.02 / 250e-12,
      c_m: 250e-12,
      derived: "r_m",
    });
  });

  it("derives the third of two written values", () => {
    expect(resolveLifTimeConstants({ tau_m: 0.01, r_m: 2e8 })).toMatchObject({
      ok: true,
      c_m: 0.01 / 2e8,
      derived: "c_m",
    });
    expect(resolveLifTimeConstants({ tau_m: 0.01, c_m: 1e-10 })).toMatchObject({
      ok: true,
      r_m: 0.01 / 1e-10,
      derived: "r_m",
    });
    expect(resolveLifTimeConstants({ r_m: 1e8, c_m: 1e-10 })).toMatchObject({
      ok: true,
      tau_m: 1e8 * 1e-10,
      derived: "tau_m",
    });
  });

  it("accepts three values that agree up to rounding and rejects ones that do not", () => {
    expect(resolveLifTimeConstants({ tau_m: 0.02, r_m: 1e8, c_m: 2e-10 })).toMatchObject({
      ok: true,
      derived: null,
    });
    expect(resolveLifTimeConstants({ tau_m: 0.02, r_m: 1e8, c_m: 3e-10 })).toEqual({
      ok: false,
      disagree: ["tau_m", "r_m", "c_m"],
      implied_tau_m: 1e8 * 3e-10,
    });
  });
});

describe("did-you-mean", () => {
  it("measures edits with transpositions and cheap case changes", () => {
    expect(editDistance("mv", "mV")).toBe(0.5);
    expect(editDistance("unifrom", "uniform")).toBe(1);
    expect(editDistance("tau", "tau_m")).toBe(2);
    expect(editDistance("", "abc")).toBe(3);
  });

  it("suggests close names only", () => {
    expect(suggest("mv", ["s", "ms", "mV", "V"])).toBe("mV");
    expect(suggest("Ms", ["ms", "mS"])).toBe("ms");
    expect(suggest("tau_n", ["tau_m", "r_m", "c_m"])).toBe("tau_m");
    expect(suggest("v_thresh", ["v_th", "v_rest"])).toBeUndefined();
    expect(suggest("xyz", ["abc"])).toBeUndefined();
    expect(suggest("tau_m", ["tau_m"])).toBeUndefined();
  });

  it("breaks ties by candidate order", () => {
    expect(suggest("ab", ["ac", "ad"])).toBe("ac");
    expect(suggest("ab", ["ad", "ac"])).toBe("ad");
  });
});
