/**
 * Pass: layout-populations.
 *
 * Input: declarations, resolved models, plasticity rules, constants, run settings.
 * Output: {@link PopulationLayout}: every population (and connectome) whose model and shape are
 * known, with ids in declaration order: what selections and the later checks need (model, size,
 * member names), and its IR {@link Population} when its settings have no error; plus the
 * imported connectome data for check-connections.
 * Preconditions: resolve-models, check-plasticity-rules and check-run ran.
 * Reports: invalid-population-size, unknown-parameter, unknown-state-variable, not-homeostasis,
 * plasticity-not-applicable, mixed-per-neuron, lif-membrane-mismatch, spike-time-negative,
 * spike-times-same-step, spike-time-after-duration, value-rounded, selection errors of
 * `PARAM[sel]`, and the connectome importer's codes.
 *
 * Overrides: `PARAM = v` for all members, `PARAM.MEMBER = v` and `PARAM[sel] = v` for some; a later
 * line overrides an earlier one. `init VAR = v` sets initial values (drawn per neuron when
 * random). spike_times times are rounded to the step grid, sorted, and dropped (with a warning)
 * at or after `duration`.
 */
import { compilerAssert, type Span } from "../../common/index.js";
import type { AssignStmt, InitStmt, PopulationDecl, Selection, Stmt } from "../../grammar/ast.js";
import type { NeuronModel, Population } from "../ir/index.js";
import type { DeclEntry, Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import type { PlasticityTable } from "./check-plasticity-rules.js";
import type { RunSettings } from "./check-run.js";
import { importConnectomeDecl, type ConnectomeLayout } from "./import-connectomes.js";
import { type Slots } from "./neuron-params.js";
import { checkParamValue, quantityInBounds, type ParamValue } from "./param-values.js";
import {
  checkParamName,
  lookupModelRef,
  type Models,
  type ResolvedModel,
} from "./resolve-models.js";
import { lookupName } from "./resolve-names.js";
import { resolveItems, type PopInfo, type SelectionEnv } from "./select.js";
import type { Values } from "./values.js";
import { buildInit, buildModel } from "./population-model.js";

export interface PopulationLayout {
  /**
   * Populations by name, for selections: every population and connectome whose model and shape
   * (size, members) are known, also those whose parameters, `init` lines or other settings have
   * an error. The checks of connections, stimuli and recordings need only the model kind, size
   * and members, so they still run on such a population and one run shows every mistake.
   */
  readonly pops: ReadonlyMap<string, PopInfo>;
  /** The same, by population id (declaration order). */
  readonly byId: readonly PopInfo[];
  /**
   * The IR population of each id; undefined for one with an error (already reported), whose
   * values nothing may read. The IR is built only when there are no errors, so then none is
   * undefined (see {@link irPopulations}).
   */
  readonly populations: readonly (Population | undefined)[];
  /** The resolved model of each population, by id. */
  readonly models: readonly ResolvedModel[];
  /** The connectomes laid out without error. */
  readonly connectomes: readonly ConnectomeLayout[];
  /**
   * The model of every population and connectome whose model is known, by name, also those
   * whose shape (size, members) has an error and which are therefore not in `pops`: a check
   * whose selection has an error can still check what depends only on the model (a weight's
   * dimension, a stimulus or gap onto a spike source, a recorded state variable).
   */
  readonly modelOf: ReadonlyMap<string, ResolvedModel>;
}

/** The model of the population a selection names, when known (see {@link PopulationLayout.modelOf}). */
export function modelOfSelection(
  sel: Selection,
  layout: PopulationLayout,
): ResolvedModel | undefined {
  return sel.name.missing === true ? undefined : layout.modelOf.get(sel.name.name);
}

/** The IR populations, id = index; only for a layout without errors. */
export function irPopulations(layout: PopulationLayout): Population[] {
  return layout.populations.map((p, id) => {
    compilerAssert(p !== undefined, `population ${id} had an error but the IR is being built`);
    return p;
  });
}

/** Lays out every population and connectome in declaration order. */
export function layoutPopulations(
  decls: Declarations,
  models: Models,
  plasticity: PlasticityTable,
  values: Values,
  run: RunSettings,
  ctx: PassContext,
): PopulationLayout {
  const pops = new Map<string, PopInfo>();
  const populations: (Population | undefined)[] = [];
  const popModels: ResolvedModel[] = [];
  const connectomes: ConnectomeLayout[] = [];
  const byId: PopInfo[] = [];
  const modelOf = new Map<string, ResolvedModel>();
  const env: SelectionEnv = { decls, pops, evalIndex: values.integer, ctx };
  /**
   * Registers a population whose model and shape are known, then builds it; a build error
   * leaves its IR population undefined but keeps it selectable. Whether it was built.
   */
  const add = (
    info: PopInfo,
    model: ResolvedModel,
    stmts: Parameters<typeof buildPopulation>[2],
    entry: DeclEntry,
  ): boolean => {
    pops.set(entry.name, info);
    byId.push(info);
    popModels.push(model);
    const pop = buildPopulation(info, model, stmts, entry, env, plasticity, values, run, ctx);
    populations.push(pop);
    return pop !== undefined;
  };
  for (const entry of decls.entries) {
    if (entry.node.kind === "population") {
      const decl = entry.node.decl;
      const model = lookupModelRef(decl.model, models, decls, ctx);
      const shape = populationShape(entry, decl, decls, values, ctx);
      if (model !== undefined) modelOf.set(entry.name, model);
      if (model !== undefined && shape === undefined) {
        // the size or members have an error (reported): the block's values are still checked,
        // as for one neuron, and the population is left out of the layout
        const stand = makeInfo(-1, entry, 1, null, null, decl.span);
        const stmts = decl.body?.stmts ?? [];
        buildPopulation(stand, model, stmts, entry, env, plasticity, values, run, ctx, false);
      }
      if (model === undefined || shape === undefined) continue;
      const info = makeInfo(
        byId.length,
        entry,
        shape.size,
        shape.members,
        shape.memberSymbols,
        decl.span,
      );
      add(info, model, decl.body?.stmts ?? [], entry);
    } else if (entry.node.kind === "connectome") {
      const decl = entry.node.decl;
      const imported = importConnectomeDecl(decl, entry, models, decls, values, ctx);
      if (imported === undefined) continue;
      modelOf.set(entry.name, imported.model);
      const members = imported.data.members;
      const info = makeInfo(
        byId.length,
        entry,
        members.length,
        members,
        imported.memberSymbols,
        decl.span,
      );
      if (add(info, imported.model, [], entry))
        connectomes.push({ ...imported, population: info.id });
    }
  }
  // a population whose name was rejected (nothing can name it): its size and block are checked
  // all the same, the block as for one neuron, and it is left out of the layout
  for (const { node, module } of decls.rejectedDecls) {
    if (node.kind !== "population") continue;
    const decl = node.decl;
    const model = lookupModelRef(decl.model, models, decls, ctx);
    const only = decl.items[0];
    const size =
      decl.items.length === 1 &&
      only !== undefined &&
      only.kind !== "Range" &&
      (only.kind !== "Ref" || decls.byName.get(only.name.name)?.node.kind === "const");
    if (size) values.integer(only, "the population size", { min: 1 });
    if (model === undefined) continue;
    const entry: DeclEntry = {
      name: decl.name.name,
      nameSpan: decl.name.span,
      symbol: -1,
      node,
      module,
    };
    const stand = makeInfo(-1, entry, 1, null, null, decl.span);
    const stmts = decl.body?.stmts ?? [];
    buildPopulation(stand, model, stmts, entry, env, plasticity, values, run, ctx, false);
  }
  return { pops, byId, populations, models: popModels, connectomes, modelOf };
}

function makeInfo(
  id: number,
  entry: DeclEntry,
  size: number,
  members: readonly string[] | null,
  memberSymbols: readonly number[] | null,
  span: Span,
): PopInfo {
  const memberIndex = new Map<string, number>();
  members?.forEach((m, i) => memberIndex.set(m, i));
  return {
    id,
    name: entry.name,
    size,
    members,
    memberIndex,
    memberSymbols,
    symbol: entry.symbol,
    span,
  };
}

interface Shape {
  readonly size: number;
  readonly members: readonly string[] | null;
  readonly memberSymbols: readonly number[] | null;
}

/**
 * The largest population: the checker keeps per-neuron lists (spike times, overrides, the indices
 * of a selection) as JavaScript arrays, which cannot hold much more than 2^27 elements (past it
 * `lif[1e12]` stopped the compiler with a RangeError), and a population this large already needs
 * about 8 GiB to simulate, the runtime's limit.
 */
export const MAX_POPULATION_SIZE = 100_000_000;

function populationShape(
  entry: DeclEntry,
  decl: PopulationDecl,
  decls: Declarations,
  values: Values,
  ctx: PassContext,
): Shape | undefined {
  const members = decls.members.get(entry.name);
  if (members !== undefined) {
    if (members.length !== decl.items.length) return undefined; // duplicates were reported
    return {
      size: members.length,
      members: members.map((m) => m.name),
      memberSymbols: members.map((m) => m.symbol),
    };
  }
  const only = decl.items[0];
  if (decl.items.length !== 1 || only === undefined || only.kind === "Range") {
    if (decl.items.some((i) => i.kind === "Missing")) return undefined;
    ctx.diagnostics.report({
      code: "invalid-population-size",
      span:
        decl.items.length === 0
          ? decl.model.span
          : {
              ...decl.span,
              start: (decl.items[0] ?? decl.model).span.start,
              end: (decl.items[decl.items.length - 1] ?? decl.model).span.end,
            },
      format: {
        found:
          decl.items.length === 0
            ? "nothing"
            : only?.kind === "Range"
              ? "a range"
              : `a list of ${decl.items.length} items`,
      },
    });
    return undefined;
  }
  const size = values.integer(only, "the population size", { min: 1, max: MAX_POPULATION_SIZE });
  if (size === undefined) return undefined;
  return { size, members: null, memberSymbols: null };
}

/** Which neurons an override line addresses; undefined on a selection error. */
function targetIndices(
  stmt: AssignStmt | InitStmt,
  info: PopInfo,
  env: SelectionEnv,
): number[] | undefined {
  const t = stmt.target;
  if (t.member !== undefined && info.members === null) {
    env.ctx.diagnostics.report({
      code: "population-not-named",
      span: t.member.span,
      format: { population: info.name },
    });
    return undefined;
  }
  if (t.member !== undefined) {
    const items = [{ kind: "Ref" as const, name: t.member, span: t.member.span }];
    return resolveItems(info, items, env);
  }
  if (t.items !== undefined) return resolveItems(info, t.items, env);
  return Array.from({ length: info.size }, (_, i) => i);
}

function buildPopulation(
  info: PopInfo,
  model: ResolvedModel,
  stmts: readonly Stmt[],
  entry: DeclEntry,
  env: SelectionEnv,
  plasticity: PlasticityTable,
  values: Values,
  run: RunSettings,
  ctx: PassContext,
  shapeKnown = true,
): Population | undefined {
  const spec = model.spec;
  const size = info.size;
  // Without member-specific lines every neuron has the same values: work on one neuron and
  // share the result (a population of a million neurons costs as much as one). Without a
  // shape, every line is checked that way (its selection needs the shape).
  const uniform =
    !shapeKnown ||
    stmts.every(
      (st) =>
        st.kind === "NestedBlock" ||
        (st.target.member === undefined && st.target.items === undefined),
    );
  const n = uniform ? 1 : size;
  const work: PopInfo = uniform ? { ...info, size: 1 } : info;
  let ok = true;
  const slots = new Map<string, Slots>();
  for (const p of spec.params) {
    const written = model.params.get(p.name);
    slots.set(p.name, new Array<ParamValue | undefined>(n).fill(written));
  }
  const initSlots = new Map<string, Slots>();
  let homeostasis: number | null = null;

  for (const stmt of stmts) {
    if (stmt.kind === "NestedBlock") {
      ctx.diagnostics.report({
        code: "unknown-setting",
        span: stmt.name.span,
        format: { name: stmt.name.name, where: `population '${info.name}'`, hint: "" },
      });
      ok = false;
      continue;
    }
    if (stmt.kind === "Init") {
      const name = stmt.target.name;
      if (name.missing === true) continue;
      const variable = spec.state.find((s) => s.name === name.name);
      if (variable === undefined) {
        ctx.diagnostics.report({
          code: "unknown-state-variable",
          span: name.span,
          format: { model: model.name, base: spec.name, name: name.name },
        });
        ok = false;
        continue;
      }
      const what = `initial '${name.name}'`;
      const q = values.as(stmt.value, variable.dim, what);
      const inRange =
        q.dim !== null &&
        (variable.bounds === undefined ||
          quantityInBounds(q, variable.bounds, variable.dim, what, ctx));
      const indices = uniform ? [0] : targetIndices(stmt, info, env);
      if (!inRange || indices === undefined) {
        ok = false;
        continue;
      }
      const s = initSlots.get(name.name) ?? new Array<ParamValue | undefined>(n).fill(undefined);
      const v: ParamValue = { kind: "quantity", q, span: stmt.value.span };
      for (const i of indices) s[i] = v;
      initSlots.set(name.name, s);
      continue;
    }
    const key = stmt.target.name;
    if (
      key.name === "plasticity" &&
      stmt.target.member === undefined &&
      stmt.target.items === undefined
    ) {
      const h = attachHomeostasis(stmt, info, model, env, plasticity, ctx);
      if (h === "error") ok = false;
      else homeostasis = h;
      continue;
    }
    // a setting of the whole population written for some of its members
    const wholeOnly = (hint: string): void =>
      ctx.diagnostics.report({
        code: "unknown-setting",
        span: stmt.target.span,
        format: {
          name:
            stmt.target.member !== undefined
              ? `${key.name}.${stmt.target.member.name}`
              : `${key.name}[...]`,
          where: `population '${info.name}'`,
          hint,
        },
      });
    if (key.name === "plasticity") {
      wholeOnly(" (a homeostasis rule applies to the whole population)");
      ok = false;
      continue;
    }
    const p = checkParamName(key, model.name, spec, ctx);
    if (p === undefined) {
      ok = false;
      continue;
    }
    const indexed = stmt.target.member !== undefined || stmt.target.items !== undefined;
    if (indexed && p.type.kind === "quantity" && !p.type.perNeuron) {
      // such a parameter is one value for all (neurocorex_lif's leak: the core has one)
      wholeOnly(` ('${key.name}' is one value for every neuron: write ${key.name} = ...)`);
      ok = false;
      continue;
    }
    const v = checkParamValue(p, stmt.value, values, ctx);
    const indices = uniform ? [0] : targetIndices(stmt, info, env);
    if (v === undefined || indices === undefined) {
      ok = false;
      continue;
    }
    const s = slots.get(p.name);
    if (s !== undefined) for (const i of indices) s[i] = v;
  }
  if (!ok) return undefined;
  const built = buildModel(spec, slots, work, run, ctx);
  if (built === undefined) return undefined;
  const init = buildInit(spec, initSlots, built.neuronValues, work, ctx);
  if (init === undefined) return undefined;
  return {
    id: info.id,
    name: info.name,
    size,
    memberNames: info.members,
    modelName: model.name,
    model: uniform ? expandUniform(built.model, size) : built.model,
    perNeuron: built.perNeuron,
    init,
    homeostasis,
    origin: entry.node.decl.span,
  };
}

/** A model computed for one neuron, for `size` identical neurons (spike lists are per neuron). */
function expandUniform(model: NeuronModel, size: number): NeuronModel {
  if (model.kind !== "spike_times") return model;
  const times = model.params.times[0] ?? [];
  return { kind: "spike_times", params: { times: Array.from({ length: size }, () => times) } };
}

function attachHomeostasis(
  stmt: AssignStmt,
  info: PopInfo,
  model: ResolvedModel,
  env: SelectionEnv,
  plasticity: PlasticityTable,
  ctx: PassContext,
): number | null | "error" {
  const value = stmt.value;
  if (value.kind === "Missing") return "error";
  if (value.kind !== "Ref" || value.member !== undefined) {
    ctx.diagnostics.report({
      code: "expected-name",
      span: value.span,
      format: { what: "'plasticity'" },
    });
    return "error";
  }
  const entry = lookupName(value.name, ["plasticity"], "plasticity rule", env.decls, ctx);
  if (entry === undefined) return "error";
  const rule = plasticity.byName.get(entry.name);
  if (rule === undefined) return "error";
  if (rule.kind !== "homeostasis") {
    ctx.diagnostics.report({
      code: "not-homeostasis",
      span: value.span,
      format: { name: entry.name, rule: rule.kind },
    });
    return "error";
  }
  if (model.spec.name !== "lif") {
    ctx.diagnostics.report({
      code: "plasticity-not-applicable",
      span: value.span,
      format: {
        name: entry.name,
        rule: "homeostasis",
        reason: `it adapts the threshold of lif neurons, and '${info.name}' is ${model.spec.name}`,
      },
    });
    return "error";
  }
  return rule.id;
}
