/**
 * Selections (SPEC §1): `pop`, `pop.A`, `pop[A, B]`, `pop[0..9]` (inclusive), `pop["AVA*"]`
 * (anchored, case-sensitive glob with `*` and `?`) and lists mixing them. A selection keeps its
 * written order; matching nothing, naming a neuron twice or an index out of range is an error.
 * Used by every pass that names neurons (overrides, connect, gap, stimulus, record).
 *
 * Reports: selection-empty, selection-duplicate, index-out-of-range, invalid-range,
 * population-not-named, unknown-member (plus unknown-name/wrong-kind through resolve-names).
 */
import type { Span } from "../../common/index.js";
import type { Expr, Item, Selection } from "../../grammar/ast.js";
import { compileGlob } from "../connectome/index.js";
import type { Declarations } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import { didYouMeanHint, suggest } from "./deps.js";
import { connectomeFileText } from "./import-connectomes.js";
import { lookupName } from "./resolve-names.js";

/** What selections need to know about a population. */
export interface PopInfo {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly members: readonly string[] | null;
  readonly memberIndex: ReadonlyMap<string, number>;
  /** Symbol id of each member (named populations), in member order. */
  readonly memberSymbols: readonly number[] | null;
  readonly symbol: number;
  readonly span: Span;
}

export interface ResolvedSelection {
  readonly population: number;
  /** Indices in written order, or null for the whole population in order. */
  readonly indices: readonly number[] | null;
  readonly span: Span;
}

/** Evaluates an index expression to a whole number (reporting problems), or undefined. */
export type IndexEvaluator = (expr: Expr, what: string) => number | undefined;

export interface SelectionEnv {
  readonly decls: Declarations;
  readonly pops: ReadonlyMap<string, PopInfo>;
  readonly evalIndex: IndexEvaluator;
  readonly ctx: PassContext;
}

/** Resolves a written selection; undefined when it has an error (already reported). */
export function resolveSelection(sel: Selection, env: SelectionEnv): ResolvedSelection | undefined {
  const entry = lookupName(
    sel.name,
    ["population", "connectome"],
    "population",
    env.decls,
    env.ctx,
  );
  if (entry === undefined) return undefined;
  const pop = env.pops.get(entry.name);
  if (pop === undefined) return undefined; // the population itself had an error
  if (sel.member !== undefined) {
    const index = memberIndexOf(pop, sel.member.name, sel.member.span, env);
    return index === undefined
      ? undefined
      : { population: pop.id, indices: [index], span: sel.span };
  }
  if (sel.items === undefined) return { population: pop.id, indices: null, span: sel.span };
  const indices = resolveItems(pop, sel.items, env);
  return indices === undefined ? undefined : { population: pop.id, indices, span: sel.span };
}

function memberIndexOf(
  pop: PopInfo,
  name: string,
  span: Span,
  env: SelectionEnv,
): number | undefined {
  if (name === "") return undefined;
  if (pop.members === null) {
    env.ctx.diagnostics.report({
      code: "population-not-named",
      span,
      format: { population: pop.name },
    });
    return undefined;
  }
  const index = pop.memberIndex.get(name);
  if (index === undefined) {
    // A connectome's members are the names of its CSV file (SPEC §4): say which file.
    const node = env.decls.byName.get(pop.name)?.node;
    const csv = node?.kind === "connectome" ? connectomeFileText(node.decl) : undefined;
    env.ctx.diagnostics.report({
      code: "unknown-member",
      span,
      format: { population: pop.name, name, hint: didYouMeanHint(suggest(name, pop.members)) },
      ...(csv === undefined
        ? {}
        : { notes: [`the members of '${pop.name}' are the neurons of ${csv}`] }),
    });
    return undefined;
  }
  const symbol = pop.memberSymbols?.[index];
  if (symbol !== undefined) env.ctx.symbols.reference(span, symbol);
  return index;
}

/**
 * Resolves the items of `pop[...]` (also used by `PARAM[...] = v` in a population block).
 * Undefined when any item has an error.
 */
export function resolveItems(
  pop: PopInfo,
  items: readonly Item[],
  env: SelectionEnv,
): number[] | undefined {
  const out: number[] = [];
  const seen = new Set<number>();
  let ok = true;
  const add = (indices: readonly number[], span: Span): void => {
    for (const i of indices) {
      if (seen.has(i)) {
        const neuron = pop.members?.[i] ?? String(i);
        env.ctx.diagnostics.report({
          code: "selection-duplicate",
          span,
          format: {
            neuron: pop.members === null ? String(i) : `'${neuron}'`,
            population: pop.name,
          },
        });
        ok = false;
        return;
      }
      seen.add(i);
      out.push(i);
    }
  };
  const index = (expr: Expr, what: string): number | undefined => {
    const i = env.evalIndex(expr, what);
    if (i === undefined) return undefined;
    if (i < 0 || i >= pop.size) {
      env.ctx.diagnostics.report({
        code: "index-out-of-range",
        span: expr.span,
        format: { index: i, range: `population '${pop.name}' of size ${pop.size}` },
      });
      return undefined;
    }
    return i;
  };
  for (const item of items) {
    switch (item.kind) {
      case "Missing":
        ok = false;
        break;
      case "Ref": {
        if (item.member !== undefined) {
          // `pop[a.b]` has no meaning; evaluating it reports the problem.
          const i = index(item, "an index");
          if (i === undefined) ok = false;
          else add([i], item.span);
          break;
        }
        const name = item.name.name;
        if (pop.members !== null && pop.memberIndex.has(name)) {
          const i = memberIndexOf(pop, name, item.name.span, env);
          if (i === undefined) ok = false;
          else add([i], item.span);
        } else if (pop.members !== null && env.decls.byName.get(name)?.node.kind !== "const") {
          memberIndexOf(pop, name, item.name.span, env);
          ok = false;
        } else {
          const i = index(item, "an index");
          if (i === undefined) ok = false;
          else add([i], item.span);
        }
        break;
      }
      case "String": {
        if (pop.members === null) {
          env.ctx.diagnostics.report({
            code: "population-not-named",
            span: item.span,
            format: { population: pop.name },
          });
          ok = false;
          break;
        }
        const re = compileGlob(item.value);
        const matched: number[] = [];
        pop.members.forEach((m, i) => {
          if (re.test(m)) matched.push(i);
        });
        if (matched.length === 0) {
          env.ctx.diagnostics.report({
            code: "selection-empty",
            span: item.span,
            format: { what: `Pattern ${JSON.stringify(item.value)} of '${pop.name}'` },
          });
          ok = false;
        } else add(matched, item.span);
        break;
      }
      case "Range": {
        const from = index(item.from, "a range start");
        const to = index(item.to, "a range end");
        if (from === undefined || to === undefined) {
          ok = false;
          break;
        }
        if (to < from) {
          env.ctx.diagnostics.report({
            code: "invalid-range",
            span: item.span,
            format: { from, to },
          });
          ok = false;
          break;
        }
        const range: number[] = [];
        for (let i = from; i <= to; i++) range.push(i);
        add(range, item.span);
        break;
      }
      default: {
        const i = index(item, "an index");
        if (i === undefined) ok = false;
        else add([i], item.span);
      }
    }
  }
  if (!ok) return undefined;
  if (out.length === 0 && items.length === 0) {
    env.ctx.diagnostics.report({
      code: "selection-empty",
      span: pop.span,
      format: { what: `The empty selection of '${pop.name}'` },
    });
    return undefined;
  }
  return out;
}

/** The selected population-local indices, in order (expanding `null` to all). */
export function selectedIndices(sel: ResolvedSelection, size: number): number[] {
  if (sel.indices !== null) return sel.indices.slice();
  const all = new Array<number>(size);
  for (let i = 0; i < size; i++) all[i] = i;
  return all;
}
