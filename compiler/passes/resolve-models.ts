/**
 * Pass: resolve-models.
 *
 * Input: the {@link Declarations} and the constants ({@link Values}).
 * Output: {@link Models}: every model declaration resolved to its built-in base with the
 * parameter values written along its chain of bases (base first, each derived model overriding).
 * Preconditions: evaluate-constants ran.
 * Reports: unknown-name / wrong-kind (bases), model-cycle, unknown-parameter (with did-you-mean),
 * unknown-setting (indexed or init lines in a model), and parameter value errors (unit-mismatch,
 * random-not-allowed, not-an-integer, value-out-of-range, unknown-setting-value).
 *
 * A model's bases may be built-ins or other models, declared in any order and any module. A
 * cycle is reported once, at the first model of the cycle in declaration order.
 */
import type { Span } from "../../common/index.js";
import type { Ident, ModelDecl } from "../../grammar/ast.js";
import { findParam, lookupModel, modelKinds, type ModelSpec } from "../builtins/index.js";
import type { Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import { didYouMeanHint, suggest } from "./deps.js";
import { checkParamValue, type ParamValue } from "./param-values.js";
import { lookupName } from "./resolve-names.js";
import type { Values } from "./values.js";

export interface ResolvedModel {
  /** The user's name (`Cell`), or the built-in's when a population names it directly. */
  readonly name: string;
  readonly spec: ModelSpec;
  /** Values written along the chain (later models win); defaults are not included. */
  readonly params: ReadonlyMap<string, ParamValue>;
  /** The chain from this model down to the built-in, for hovers (`Cell -> lif`). */
  readonly chain: readonly string[];
  readonly symbol: number | null;
  readonly span: Span | null;
}

export interface Models {
  /** A model by name (declared or built-in); undefined when unknown or in error. */
  readonly byName: ReadonlyMap<string, ResolvedModel>;
}

/** Resolves every model declaration. */
export function resolveModels(decls: Declarations, values: Values, ctx: PassContext): Models {
  const byName = new Map<string, ResolvedModel>();
  const failed = new Set<string>();
  const stack: string[] = [];
  for (const kind of modelKinds) {
    const spec = lookupModel(kind);
    if (spec !== undefined && !decls.byName.has(kind))
      byName.set(kind, {
        name: kind,
        spec,
        params: new Map(),
        chain: [kind],
        symbol: null,
        span: null,
      });
  }

  const resolve = (decl: ModelDecl, symbol: number): ResolvedModel | undefined => {
    const name = decl.name.name;
    const done = byName.get(name);
    if (done !== undefined) return done;
    if (failed.has(name)) return undefined;
    const at = stack.indexOf(name);
    if (at >= 0) {
      const chain = [...stack.slice(at), name].map((n) => `'${n}'`).join(" -> ");
      ctx.diagnostics.report({
        code: "model-cycle",
        span: decl.base.span,
        format: { name, chain },
      });
      for (const n of stack.slice(at)) failed.add(n);
      return undefined;
    }
    stack.push(name);
    const base = resolveBase(decl.base);
    stack.pop();
    if (base === undefined || failed.has(name)) {
      failed.add(name);
      return undefined;
    }
    const params = modelParams(decl, base, values, ctx);
    const model: ResolvedModel = {
      name,
      spec: base.spec,
      params,
      chain: [name, ...base.chain],
      symbol,
      span: decl.span,
    };
    byName.set(name, model);
    return model;
  };

  const resolveBase = (ident: Ident): ResolvedModel | undefined => {
    if (ident.missing === true) return undefined;
    const entry = decls.byName.get(ident.name);
    if (entry === undefined) {
      const builtin = byName.get(ident.name);
      if (builtin !== undefined && builtin.symbol === null) return builtin;
    }
    const found = lookupName(ident, ["model"], "model", decls, ctx, modelKinds);
    if (found === undefined || found.node.kind !== "model") return undefined;
    return resolve(found.node.decl, found.symbol);
  };

  for (const entry of decls.entries)
    if (entry.node.kind === "model") resolve(entry.node.decl, entry.symbol);
  // a model whose name was rejected: its block is checked against its base all the same
  for (const { node } of decls.rejectedDecls) {
    if (node.kind !== "model") continue;
    const base = resolveBase(node.decl.base);
    if (base !== undefined) modelParams(node.decl, base, values, ctx);
  }
  return { byName };
}

/** The parameter values of a model's block over its base's (later lines win). */
function modelParams(
  decl: ModelDecl,
  base: ResolvedModel,
  values: Values,
  ctx: PassContext,
): Map<string, ParamValue> {
  const name = decl.name.name;
  const params = new Map(base.params);
  const where = `model '${name}'`;
  for (const stmt of decl.body?.stmts ?? []) {
    if (
      stmt.kind !== "Assign" ||
      stmt.target.member !== undefined ||
      stmt.target.items !== undefined
    ) {
      const span = stmt.kind === "NestedBlock" ? stmt.name.span : stmt.target.span;
      const written =
        stmt.kind === "NestedBlock"
          ? stmt.name.name
          : stmt.kind === "Init"
            ? "init"
            : stmt.target.name.name;
      ctx.diagnostics.report({
        code: "unknown-setting",
        span,
        format: { name: written, where, hint: "" },
      });
      continue;
    }
    const key = stmt.target.name;
    const spec = checkParamName(key, name, base.spec, ctx);
    if (spec === undefined) continue;
    const v = checkParamValue(spec, stmt.value, values, ctx);
    if (v !== undefined) params.set(spec.name, v);
    else params.delete(spec.name);
  }
  return params;
}

/** Looks a parameter name up in a base's table; reports unknown-parameter. */
export function checkParamName(
  key: Ident,
  modelName: string,
  spec: ModelSpec,
  ctx: PassContext,
  extra: readonly string[] = [],
) {
  if (key.missing === true) return undefined;
  const found = findParam(spec.params, key.name);
  if (found === undefined && !extra.includes(key.name)) {
    const names = [...spec.params.map((p) => p.name), ...extra];
    ctx.diagnostics.report({
      code: "unknown-parameter",
      span: key.span,
      format: {
        model: modelName,
        base: spec.name,
        name: key.name,
        hint: didYouMeanHint(suggest(key.name, names)),
      },
    });
  }
  return found;
}

/** Finds a model for `population X = M[...]`: a declared model or a built-in. */
export function lookupModelRef(
  ident: Ident,
  models: Models,
  decls: Declarations,
  ctx: PassContext,
): ResolvedModel | undefined {
  if (ident.missing === true) return undefined;
  const entry = decls.byName.get(ident.name);
  if (entry === undefined && models.byName.get(ident.name)?.symbol === null)
    return models.byName.get(ident.name);
  const found = lookupName(ident, ["model"], "model", decls, ctx, modelKinds);
  if (found === undefined) return undefined;
  return models.byName.get(found.name);
}
