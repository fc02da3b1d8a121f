/**
 * Reading a `connectome NAME = csv("file.csv") { ... }` declaration (SPEC §4): the block's file
 * settings become a {@link ConnectomeConfig} for the connectome importer (compiler/connectome),
 * and its `chemical { }`, `electrical { }` and `neurons = Model` parts are checked here. The
 * members become a named population (sorted by name), each a `member` symbol with its CSV line.
 * Called by layout-populations in declaration order; the edges become projections and a gap in
 * check-connections.
 *
 * Reports: unknown-setting, expected-string, missing-setting, per-synapse-not-allowed,
 * unknown-setting-value, rule-arguments, and the importer's connectome-* codes.
 */
import type { Span } from "../../common/index.js";
import type { AssignStmt, ConnectomeDecl, Expr, Block } from "../../grammar/ast.js";
import {
  importConnectome,
  type ConfigString,
  type ConnectomeConfig,
  type ConnectomeData,
} from "../connectome/index.js";
import { connectomeSourceCall, signTableCall } from "../builtins/index.js";
import { bindArguments, type Quantity } from "../eval/index.js";
import type { Receptor } from "../ir/index.js";
import type { DeclEntry, Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import { Conductance, Current, Time } from "./deps.js";
import { resolveRelative } from "./paths.js";
import { lookupModelRef, type Models, type ResolvedModel } from "./resolve-models.js";
import { readSettings } from "./settings.js";
import { readReceptor } from "./receptor.js";
import type { Values } from "./values.js";

/** A checked value of the chemical or electrical block. */
export interface EdgeValue {
  readonly q: Quantity;
  readonly perSynapse: boolean;
  readonly span: Span;
}

export interface ImportedConnectome {
  readonly decl: ConnectomeDecl;
  readonly data: ConnectomeData;
  readonly model: ResolvedModel;
  readonly memberSymbols: readonly number[];
  readonly chemical: {
    readonly weight: EdgeValue | undefined;
    /** An unknown setting was reported as a misspelling of `weight` (so it is not missing). */
    readonly weightMisspelled: boolean;
    readonly delay: EdgeValue | undefined;
    readonly receptor: Receptor | undefined;
  };
  readonly electrical: {
    readonly conductance: EdgeValue | undefined;
    /** An unknown setting was reported as a misspelling of `conductance`. */
    readonly misspelled: boolean;
  };
}

export interface ConnectomeLayout extends ImportedConnectome {
  /** The population id of the members. */
  readonly population: number;
}

const keys = ["pre", "post", "kind", "count", "sign", "select", "neurons"];
const nested = ["kinds", "chemical", "electrical", "signs"];

/** Imports one connectome declaration; undefined when it cannot be used (errors reported). */
export function importConnectomeDecl(
  decl: ConnectomeDecl,
  entry: DeclEntry,
  models: Models,
  decls: Declarations,
  values: Values,
  ctx: PassContext,
): ImportedConnectome | undefined {
  const name = entry.name;
  const where = `connectome '${name}'`;
  const file = ctx.sources.get(decl.span.file).path;
  const s = readSettings(decl.body, { keys, nested }, where, ctx);
  let ok = true;
  const str = (key: string): ConfigString | undefined => {
    const stmt = s.values.get(key);
    if (stmt === undefined) return undefined;
    const v = stringOf(stmt.value, `'${key}'`, ctx);
    if (v === undefined) ok = false;
    return v;
  };

  const source = sourceOf(decl.source, ctx);
  if (source === undefined) return undefined;

  const kindsBlock = s.nested.get("kinds");
  let kinds: ConnectomeConfig["kinds"];
  if (kindsBlock !== undefined) {
    const k = readSettings(
      kindsBlock.block,
      { keys: ["chemical", "electrical"] },
      `'kinds' of ${where}`,
      ctx,
    );
    const list = (key: string): ConfigString[] | undefined => {
      const stmt = k.values.get(key);
      if (stmt === undefined) return undefined;
      const v = stringList(stmt.value, `'${key}'`, ctx);
      if (v === undefined) ok = false;
      return v;
    };
    kinds = { chemical: list("chemical"), electrical: list("electrical"), span: kindsBlock.span };
  }

  let sign: ConnectomeConfig["sign"];
  const signStmt = s.values.get("sign");
  if (signStmt !== undefined) {
    sign = signOf(signStmt, file, ctx);
    if (sign === undefined) ok = false;
  }

  let signs: ConnectomeConfig["signs"];
  const signsBlock = s.nested.get("signs");
  if (signsBlock !== undefined) {
    const entries = signEntries(signsBlock.block, ctx);
    if (entries === undefined) ok = false;
    else signs = { entries, span: signsBlock.span };
  }

  let select: ConfigString[] | undefined;
  const selectStmt = s.values.get("select");
  if (selectStmt !== undefined) {
    select = stringList(selectStmt.value, "'select'", ctx);
    if (select === undefined) ok = false;
  }

  let model: ResolvedModel | undefined = models.byName.get("lif");
  const neuronsStmt = s.values.get("neurons");
  if (neuronsStmt !== undefined) {
    const v = neuronsStmt.value;
    if (v.kind === "Ref" && v.member === undefined)
      model = lookupModelRef(v.name, models, decls, ctx);
    else {
      if (v.kind !== "Missing")
        ctx.diagnostics.report({
          code: "expected-name",
          span: v.span,
          format: { what: "'neurons'" },
        });
      model = undefined;
    }
  }

  const chemical = readChemical(s.nested.get("chemical")?.block, where, values, ctx);
  const electrical = readElectrical(s.nested.get("electrical")?.block, where, values, ctx);
  if (chemical === undefined || electrical === undefined) ok = false;

  const defaultReceptor: Receptor | undefined =
    chemical?.receptor ??
    (chemical?.weight !== undefined &&
    chemical.weight.q.value.kind === "const" &&
    chemical.weight.q.value.value < 0
      ? "inh"
      : undefined);
  const config: ConnectomeConfig = {
    name,
    source: {
      path: resolveRelative(file, source.value),
      span: source.span,
      display: source.value,
    },
    pre: str("pre"),
    post: str("post"),
    kind: str("kind"),
    count: str("count"),
    kinds,
    sign,
    signs,
    select,
    defaultReceptor,
  };
  // A block whose own settings are wrong is not imported: reading the file with a guessed
  // column or pattern would only add errors that repeat the block's.
  if (!ok) return undefined;
  // An unresolved `neurons = X` (already reported) does not stop the import: the file is still
  // read so that its members are declared and uses of them raise no follow-on errors.
  const data = importConnectome(config, ctx.host, ctx.diagnostics);
  if (data === null) return undefined;
  // With the importer's errors (bad rows, undecided signs) the members are still declared so the
  // editor can resolve them; the pipeline builds no network while the sink holds errors.
  const memberSymbols = data.members.map((m, i) =>
    ctx.symbols.declare(m, "member", decl.name.span, decl.span, {
      path: data.path,
      line: data.memberLines[i] ?? 0,
    }),
  );
  if (model === undefined || chemical === undefined || electrical === undefined) return undefined;
  return { decl, data, model, memberSymbols, chemical, electrical };
}

/**
 * The edge list's path as written in `csv("...")`, for notes that name the file (SPEC §4), or
 * undefined when the declaration's source is not a string literal.
 */
export function connectomeFileText(decl: ConnectomeDecl): string | undefined {
  const src = decl.source;
  if (src.kind !== "Call" || src.callee.name !== "csv") return undefined;
  const first = src.args[0];
  return first?.value.kind === "String" ? first.value.value : undefined;
}

function sourceOf(expr: Expr, ctx: PassContext): ConfigString | undefined {
  if (expr.kind === "Missing") return undefined;
  if (expr.kind !== "Call" || expr.callee.name !== "csv") {
    ctx.diagnostics.report({
      code: "rule-arguments",
      span: expr.span,
      format: { rule: "csv", expected: 'a file name: csv("edges.csv")' },
    });
    return undefined;
  }
  const args = bindArguments(expr, connectomeSourceCall.args, ctx.diagnostics);
  const path = args?.[0];
  if (path === undefined) return undefined;
  return stringOf(path.value, "The connectome file", ctx);
}

function stringOf(expr: Expr, what: string, ctx: PassContext): ConfigString | undefined {
  if (expr.kind === "Missing") return undefined;
  if (expr.kind !== "String") {
    ctx.diagnostics.report({ code: "expected-string", span: expr.span, format: { what } });
    return undefined;
  }
  return { value: expr.value, span: expr.span };
}

function stringList(expr: Expr, what: string, ctx: PassContext): ConfigString[] | undefined {
  if (expr.kind === "String") return [{ value: expr.value, span: expr.span }];
  if (expr.kind !== "List") {
    if (expr.kind !== "Missing")
      ctx.diagnostics.report({
        code: "expected-list",
        span: expr.span,
        format: { what, found: expr.kind === "Ref" ? "a name" : "a single value" },
      });
    return undefined;
  }
  const out: ConfigString[] = [];
  for (const e of expr.elements) {
    const s = stringOf(e, `Each element of ${what}`, ctx);
    if (s === undefined) return undefined;
    out.push(s);
  }
  return out;
}

function signOf(stmt: AssignStmt, file: string, ctx: PassContext): ConnectomeConfig["sign"] {
  const v = stmt.value;
  if (v.kind !== "Call" || v.callee.name !== "from_csv") {
    if (v.kind !== "Missing")
      ctx.diagnostics.report({
        code: "rule-arguments",
        span: v.span,
        format: {
          rule: "sign",
          expected: 'from_csv("table.csv", key = "label", value = "neurotransmitter")',
        },
      });
    return undefined;
  }
  const args = bindArguments(v, signTableCall.args, ctx.diagnostics);
  if (args === null || args[0] === undefined) return undefined;
  const path = stringOf(args[0].value, "The sign table's file", ctx);
  const key = args[1] === undefined ? undefined : stringOf(args[1].value, "'key'", ctx);
  const value = args[2] === undefined ? undefined : stringOf(args[2].value, "'value'", ctx);
  if (
    path === undefined ||
    (args[1] !== undefined && key === undefined) ||
    (args[2] !== undefined && value === undefined)
  )
    return undefined;
  return {
    path: resolveRelative(file, path.value),
    span: path.span,
    display: path.value,
    key,
    value,
  };
}

function signEntries(
  block: Block,
  ctx: PassContext,
): { transmitter: string; receptor: Receptor; span: Span }[] | undefined {
  const out: { transmitter: string; receptor: Receptor; span: Span }[] = [];
  let ok = true;
  for (const stmt of block.stmts) {
    if (
      stmt.kind !== "Assign" ||
      stmt.target.member !== undefined ||
      stmt.target.items !== undefined
    ) {
      const span = stmt.kind === "NestedBlock" ? stmt.name.span : stmt.target.span;
      ctx.diagnostics.report({
        code: "unknown-setting",
        span,
        format: { name: "this line", where: "'signs'", hint: "" },
      });
      ok = false;
      continue;
    }
    const key = stmt.target.name.name;
    const v = stmt.value;
    if (key === "exc" || key === "inh") {
      // exc = ["5HT", "Unknown (orphan)"]: transmitters that are not identifiers.
      const names = stringList(v, `'${key}'`, ctx);
      if (names === undefined) ok = false;
      else
        for (const n of names) out.push({ transmitter: n.value, receptor: key, span: stmt.span });
      continue;
    }
    if (
      v.kind === "Ref" &&
      v.member === undefined &&
      (v.name.name === "exc" || v.name.name === "inh")
    ) {
      out.push({ transmitter: key, receptor: v.name.name, span: stmt.span });
      continue;
    }
    if (v.kind !== "Missing")
      ctx.diagnostics.report({
        code: "unknown-setting-value",
        span: v.span,
        format: { name: key, expected: "'exc' or 'inh'", hint: "" },
      });
    ok = false;
  }
  return ok ? out : undefined;
}

function edgeValue(stmt: AssignStmt | undefined, q: (e: Expr) => Quantity): EdgeValue | undefined {
  if (stmt === undefined) return undefined;
  return { q: q(stmt.value), perSynapse: stmt.perSynapse, span: stmt.value.span };
}

function readChemical(
  block: Block | undefined,
  where: string,
  values: Values,
  ctx: PassContext,
): ImportedConnectome["chemical"] | undefined {
  const s = readSettings(
    block,
    { keys: ["weight", "delay", "receptor"], perSynapse: ["weight"] },
    `'chemical' of ${where}`,
    ctx,
  );
  const weight = edgeValue(s.values.get("weight"), (e) => values.as(e, Current, "'weight'"));
  const delay = edgeValue(s.values.get("delay"), (e) => values.as(e, Time, "'delay'"));
  const receptor = readReceptor(s.values.get("receptor")?.value, ctx);
  if (receptor === undefined) return undefined;
  if (weight?.q.dim === null || delay?.q.dim === null) return undefined;
  return {
    weight,
    weightMisspelled: s.misspelled.has("weight"),
    delay,
    receptor: receptor ?? undefined,
  };
}

function readElectrical(
  block: Block | undefined,
  where: string,
  values: Values,
  ctx: PassContext,
): ImportedConnectome["electrical"] | undefined {
  const s = readSettings(
    block,
    { keys: ["conductance"], perSynapse: ["conductance"] },
    `'electrical' of ${where}`,
    ctx,
  );
  const conductance = edgeValue(s.values.get("conductance"), (e) =>
    values.as(e, Conductance, "'conductance'"),
  );
  if (conductance?.q.dim === null) return undefined;
  return { conductance, misspelled: s.misspelled.has("conductance") };
}
