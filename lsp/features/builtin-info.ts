/**
 * What a block may contain, read from the compiler's built-in tables (compiler/builtins): the
 * parameters of a model (following `model A = B` chains to the built-in base), of a plasticity
 * rule or stimulus kind, and the keys of the other blocks. Completion, hover and inlay hints all
 * ask here, so the editor never keeps its own copy of a parameter list.
 */
import {
  connectKeys,
  gapKeys,
  lookupModel,
  lookupPlasticity,
  lookupStimulus,
  lookupTarget,
  recordKeys,
  simulateKeys,
  type ModelSpec,
  type ParamDefault,
  type ParamSpec,
  type ParamType,
} from "../../compiler/builtins/index.js";
import { assertNever } from "../../common/index.js";
import { formatDimension, formatQuantity, type Dimension } from "../../compiler/units/index.js";
import type { Decl, ModelDecl, SnnFile } from "../../grammar/index.js";

/** Every model declaration of the compilation, by name (first one wins, as duplicates are errors). */
export function modelDecls(files: Iterable<SnnFile>): Map<string, ModelDecl> {
  const out = new Map<string, ModelDecl>();
  for (const f of files)
    for (const d of f.decls)
      if (d.kind === "Model" && !out.has(d.name.name)) out.set(d.name.name, d);
  return out;
}

/** The built-in base a model name ends at (`Cuba` → lif), following declared models; cycles stop. */
export function baseModel(
  name: string,
  models: ReadonlyMap<string, ModelDecl>,
): ModelSpec | undefined {
  const seen = new Set<string>();
  let current = name;
  for (;;) {
    const spec = lookupModel(current);
    if (spec !== undefined) return spec;
    const decl = models.get(current);
    if (decl === undefined || seen.has(current)) return undefined;
    seen.add(current);
    current = decl.base.name;
  }
}

/** The model chain's own declarations, nearest first (`Cuba`, then its base if declared...). */
export function modelChain(name: string, models: ReadonlyMap<string, ModelDecl>): ModelDecl[] {
  const out: ModelDecl[] = [];
  let decl = models.get(name);
  while (decl !== undefined && !out.includes(decl)) {
    out.push(decl);
    decl = models.get(decl.base.name);
  }
  return out;
}

/**
 * The parameters a declaration's top-level block accepts, or undefined when the table has no
 * fixed list for it (then completion offers nothing rather than guessing).
 */
export function blockParams(
  decl: Decl,
  models: ReadonlyMap<string, ModelDecl>,
): readonly ParamSpec[] | undefined {
  switch (decl.kind) {
    case "Model":
      return baseModel(decl.base.name, models)?.params;
    case "Population":
      return baseModel(decl.model.name, models)?.params;
    case "Plasticity":
      return lookupPlasticity(decl.rule.name)?.params;
    case "Stimulus":
      return lookupStimulus(decl.stimulusKind.name)?.params;
    case "Connect":
      return connectKeys;
    case "Gap":
      return gapKeys;
    case "Record":
      return recordKeys;
    case "Simulate":
      return simulateKeys;
    case "Target":
      return lookupTarget(decl.name.name)?.keys;
    case "Import":
    case "Const":
    case "Connectome":
      return undefined;
    default:
      return assertNever(decl, "declaration");
  }
}

/** The dimension a parameter type carries, if it is a quantity or a list of them. */
export function paramDimension(t: ParamType): Dimension | undefined {
  return t.kind === "quantity" || t.kind === "list" ? t.dim : undefined;
}

/** The default of a parameter as text (`20 ms`, `additive`, `tau_m / r_m`), or undefined if required. */
export function formatDefault(p: ParamSpec): string | undefined {
  const d: ParamDefault | undefined = p.default;
  if (d === undefined) return undefined;
  const dim = paramDimension(p.type);
  switch (d.kind) {
    case "value":
      return dim === undefined ? String(d.value) : formatQuantity(d.value, dim);
    case "list":
      return `[${d.values.map((v) => (dim === undefined ? String(v) : formatQuantity(v, dim))).join(", ")}]`;
    case "word":
      return d.value;
    case "bool":
      return String(d.value);
    case "derived":
    case "none":
      return d.doc;
  }
}

/** One line describing what a parameter accepts (`time`, `one of additive, multiplicative`). */
export function describeType(t: ParamType): string {
  switch (t.kind) {
    case "quantity":
      return (t.integer === true ? "integer " : "") + formatDimension(t.dim);
    case "list":
      return `list of ${formatDimension(t.dim)}`;
    case "word":
      return `one of ${t.values.join(", ")}`;
    case "bool":
      return "true or false";
    case "string":
      return "string";
    case "rule":
      return `connection rule (${t.rules.join(", ")})`;
    case "plasticity":
      return "a plasticity rule's name";
    case "weight":
      return "synaptic weight (a current; an integer onto neurocorex_lif)";
  }
}

/** Markdown for a parameter: its doc, what it accepts and its default. */
export function paramMarkdown(p: ParamSpec): string {
  const def = formatDefault(p);
  return [
    `**${p.name}**: ${describeType(p.type)}`,
    "",
    p.doc,
    "",
    def === undefined ? "_required_" : `default: \`${def}\``,
  ].join("\n");
}
