/**
 * Every value written in SPEC §9's examples, evaluated against the built-in tables: each key
 * exists, has the dimension the spec means, and converts to the exact SI float64.
 */
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import { parse, type Block, type Expr } from "../../grammar/index.js";
import {
  bindArguments,
  evaluateAs,
  evaluateConstant,
  evaluateDimensionlessInt,
  evaluateList,
  type Quantity,
} from "../../compiler/eval/index.js";
import {
  connectKeys,
  findParam,
  gapKeys,
  lookupConnectionRule,
  lookupModel,
  lookupPlasticity,
  lookupStimulus,
  lookupTarget,
  recordKeys,
  requiredParams,
  simulateKeys,
  type ModelSpec,
  type ParamSpec,
} from "../../compiler/builtins/index.js";
import { Dimensionless, formatDimension, type Dimension } from "../../compiler/units/index.js";
import { specExamples } from "../helpers/spec-examples.js";
import { envOf } from "./helpers.js";

function show(q: Quantity): string {
  const v = q.value;
  const value = v.kind === "const" ? String(v.value) : JSON.stringify(v);
  return `${value} (${q.dim === null ? "error" : formatDimension(q.dim)})`;
}

/** Evaluates every value of one example; returns `where.key = value (dimension)` lines. */
function evaluateExample(source: string, sink: DiagnosticSink): string[] {
  const { ast, diagnostics } = parse({ id: 0, path: "example.snn", text: source });
  expect(diagnostics).toEqual([]);
  const env = envOf();
  const out: string[] = [];
  const models = new Map<string, ModelSpec>();
  const modelOf = (name: string): ModelSpec | undefined => lookupModel(name) ?? models.get(name);
  const popModels = new Map<string, ModelSpec>();

  const value = (where: string, key: string, expr: Expr, d: Dimension): void => {
    out.push(`${where}.${key} = ${show(evaluateAs(expr, d, `'${key}'`, env, sink))}`);
  };
  const block = (where: string, body: Block | undefined, params: readonly ParamSpec[]): void => {
    for (const stmt of body?.stmts ?? []) {
      if (stmt.kind !== "Assign") continue;
      const name = stmt.target.name.name;
      const p = findParam(params, name);
      expect(p, `${where}: unknown key ${name}`).toBeDefined();
      if (p === undefined) continue;
      const key = stmt.target.member === undefined ? name : `${name}.${stmt.target.member.name}`;
      if (p.type.kind === "quantity") value(where, key, stmt.value, p.type.dim);
      else if (p.type.kind === "list") {
        const items = evaluateList(stmt.value, p.type.dim, `'${name}'`, env, sink) ?? [];
        out.push(`${where}.${key} = [${items.map(show).join(", ")}]`);
      } else out.push(`${where}.${key} : ${p.type.kind}`);
    }
  };

  for (const decl of ast.decls) {
    switch (decl.kind) {
      case "Model": {
        const base = modelOf(decl.base.name);
        expect(base, decl.base.name).toBeDefined();
        if (base === undefined) break;
        models.set(decl.name.name, base);
        block(`model ${decl.name.name}`, decl.body, base.params);
        break;
      }
      case "Population": {
        const model = modelOf(decl.model.name)!;
        popModels.set(decl.name.name, model);
        const first = decl.items[0];
        if (decl.items.length === 1 && first?.kind === "Number") {
          out.push(
            `population ${decl.name.name} size ${evaluateDimensionlessInt(first, "the size", env, sink, { min: 1 })}`,
          );
        }
        for (const stmt of decl.body?.stmts ?? []) {
          if (stmt.kind !== "Init") continue;
          const state = model.state.find((s) => s.name === stmt.target.name.name)!;
          value(`population ${decl.name.name}`, `init ${state.name}`, stmt.value, state.dim);
        }
        block(`population ${decl.name.name}`, decl.body, model.params);
        break;
      }
      case "Connect": {
        const where = `connect ${decl.pre.name.name}->${decl.post.name.name}`;
        const post = popModels.get(decl.post.name.name)!;
        for (const stmt of decl.body?.stmts ?? []) {
          if (stmt.kind !== "Assign") continue;
          const key = stmt.target.name.name;
          expect(findParam(connectKeys, key), key).toBeDefined();
          if (key === "weight") value(where, key, stmt.value, post.weight!.dim);
          if (key === "rule" && stmt.value.kind === "Call") {
            const rule = lookupConnectionRule(stmt.value.callee.name)!;
            const args = bindArguments(stmt.value, rule.args, sink)!;
            rule.args.forEach((spec, i) => {
              if (spec.type.kind !== "quantity") return;
              const v = evaluateConstant(
                args[i]!.value,
                spec.type.dim,
                `'${spec.name}'`,
                env,
                sink,
                spec.type.bounds,
              );
              out.push(`${where}.${rule.name}.${spec.name} = ${v}`);
            });
          }
        }
        break;
      }
      case "Gap":
        block(`gap ${decl.a.name.name}<->${decl.b.name.name}`, decl.body, gapKeys);
        break;
      case "Plasticity":
        block(`plasticity ${decl.name.name}`, decl.body, lookupPlasticity(decl.rule.name)!.params);
        break;
      case "Stimulus": {
        const kind = lookupStimulus(decl.stimulusKind.name)!;
        const written = new Set(
          (decl.body?.stmts ?? []).map((s) => (s.kind === "Assign" ? s.target.name.name : "")),
        );
        expect(requiredParams(kind.params).filter((p) => !written.has(p.name))).toEqual([]);
        block(`stimulus ${decl.name.name}`, decl.body, kind.params);
        break;
      }
      case "Record":
        block(`record ${decl.what.name}`, decl.body, recordKeys);
        break;
      case "Simulate":
        block("simulate", decl.body, simulateKeys);
        break;
      case "Target":
        block(`target ${decl.name.name}`, decl.body, lookupTarget(decl.name.name)!.keys);
        break;
      default:
        break;
    }
  }
  return out;
}

const u = (low: number, high: number): string =>
  JSON.stringify({
    kind: "uniform",
    low: { kind: "const", value: low },
    high: { kind: "const", value: high },
  });

const expected: Record<string, string[]> = {
  "9.1 One neuron, constant drive": [
    "model Cell.tau_m = 0.02 (time)",
    "model Cell.r_m = 100000000 (resistance)",
    "model Cell.v_rest = -0.07 (voltage)",
    "model Cell.v_reset = -0.07 (voltage)",
    "model Cell.v_th = -0.05 (voltage)",
    "model Cell.t_ref = 0.002 (time)",
    "population cell size 1",
    "stimulus drive.amplitude = 2.5e-10 (current)",
    "simulate.dt = 0.0001 (time)",
    "simulate.duration = 1 (time)",
  ],
  "9.2 The CUBA benchmark network (Vogels and Abbott 2005; Brette et al. 2007)": [
    "model Cuba.tau_m = 0.02 (time)",
    "model Cuba.r_m = 100000000 (resistance)",
    "model Cuba.v_rest = -0.049 (voltage)",
    "model Cuba.v_reset = -0.06 (voltage)",
    "model Cuba.v_th = -0.05 (voltage)",
    "model Cuba.t_ref = 0.005 (time)",
    "model Cuba.tau_syn_exc = 0.005 (time)",
    "model Cuba.tau_syn_inh = 0.01 (time)",
    "population exc size 3200",
    `population exc.init v = ${u(-0.06, -0.05)} (voltage)`,
    "population inh size 800",
    `population inh.init v = ${u(-0.06, -0.05)} (voltage)`,
    "connect exc->exc.fixed_probability.p = 0.02",
    "connect exc->exc.weight = 1.62e-11 (current)",
    "connect exc->inh.fixed_probability.p = 0.02",
    "connect exc->inh.weight = 1.62e-11 (current)",
    "connect inh->exc.fixed_probability.p = 0.02",
    "connect inh->exc.weight = -9e-11 (current)",
    "connect inh->inh.fixed_probability.p = 0.02",
    "connect inh->inh.weight = -9e-11 (current)",
    "simulate.dt = 0.0001 (time)",
    "simulate.duration = 1 (time)",
    "simulate.seed = 42 (dimensionless)",
  ],
  "9.3 STDP shapes a weight distribution (Song, Miller and Abbott 2000)": [
    "model Input.rate = 15 (frequency)",
    "model Out.tau_m = 0.01 (time)",
    "model Out.v_rest = -0.074 (voltage)",
    "model Out.v_reset = -0.06 (voltage)",
    "model Out.v_th = -0.054 (voltage)",
    "model Out.t_ref = 0 (time)",
    "model Out.tau_syn_exc = 0.005 (time)",
    "plasticity stdp_e.tau_plus = 0.02 (time)",
    "plasticity stdp_e.tau_minus = 0.02 (time)",
    "plasticity stdp_e.a_plus = 0.01 (dimensionless)",
    "plasticity stdp_e.a_minus = 0.0105 (dimensionless)",
    "plasticity stdp_e.w_min = 0 (current)",
    "plasticity stdp_e.w_max = 6e-12 (current)",
    "population inputs size 1000",
    "population out size 1",
    `connect inputs->out.weight = ${u(0, 6e-12)} (current)`,
    "record weights.every = 1 (time)",
    "simulate.dt = 0.0001 (time)",
    "simulate.duration = 100 (time)",
    "simulate.seed = 7 (dimensionless)",
  ],
  "9.4 Tap withdrawal in C. elegans (a named-neuron circuit)": [
    "model Neuron.tau_m = 0.01 (time)",
    "model Neuron.r_m = 200000000 (resistance)",
    "model Neuron.v_rest = -0.065 (voltage)",
    "model Neuron.v_reset = -0.065 (voltage)",
    "model Neuron.v_th = -0.05 (voltage)",
    "model Neuron.t_ref = 0.002 (time)",
    "gap touch<->inter.conductance = 5e-10 (conductance)",
    "gap touch<->inter.conductance = 5e-10 (conductance)",
    "connect touch->inter.weight = 3e-10 (current)",
    "connect touch->inter.weight = 3e-10 (current)",
    "connect inter->command.weight = 3e-10 (current)",
    "connect inter->command.weight = 3e-10 (current)",
    "connect touch->inter.weight = -2e-10 (current)",
    "connect touch->command.weight = -2e-10 (current)",
    "stimulus head.amplitude = 1e-10 (current)",
    "stimulus head.start = 0.1 (time)",
    "stimulus head.stop = 0.3 (time)",
    "stimulus tail.amplitude = 1e-10 (current)",
    "stimulus tail.start = 0.6 (time)",
    "stimulus tail.stop = 0.8 (time)",
    "record v.every = 0.001 (time)",
    "simulate.dt = 0.0001 (time)",
    "simulate.duration = 1 (time)",
  ],
  "9.5 On the NeuroCoreX core": [
    "model Core.threshold = 10 (dimensionless)",
    "model Core.leak = 0 (dimensionless)",
    "model Core.t_ref = 0.002 (time)",
    "plasticity window.window_pre = 0.003 (time)",
    "plasticity window.window_post = 0.003 (time)",
    "plasticity window.step_plus = 1 (dimensionless)",
    "plasticity window.step_minus = 1 (dimensionless)",
    "population sensors.times.ALML = [0.005 (time), 0.007 (time), 0.009 (time)]",
    "population sensors.times.AVM = [0.006 (time), 0.008 (time), 0.01 (time)]",
    "population sensors.times.PLML = [0.03 (time), 0.032 (time), 0.034 (time)]",
    "connect sensors->command.weight = 6 (dimensionless)",
    "connect sensors->command.weight = 6 (dimensionless)",
    "connect sensors->command.weight = -4 (dimensionless)",
    "connect command->command.weight = 12 (dimensionless)",
    "record weights.every = 0.001 (time)",
    "simulate.dt = 0.001 (time)",
    "simulate.duration = 0.05 (time)",
  ],
};

describe("SPEC §9 values", () => {
  const examples = specExamples();
  it("finds the five examples", () => {
    expect(examples.map((e) => e.title)).toEqual(Object.keys(expected));
  });
  for (const example of examples) {
    it(`evaluates every value of ${example.title}`, () => {
      const sink = new DiagnosticSink();
      const lines = evaluateExample(example.source, sink);
      expect(sink.items.map((d) => d.message)).toEqual([]);
      expect(lines).toEqual(expected[example.title]);
    });
  }

  it("uses dimensionless weights only onto neurocorex_lif", () => {
    expect(lookupModel("neurocorex_lif")?.weight).toEqual({
      dim: Dimensionless,
      integer: true,
      min: -128,
      max: 127,
    });
  });
});
