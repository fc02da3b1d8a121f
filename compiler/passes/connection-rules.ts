/**
 * The `rule = ...` of a connect or gap block (SPEC §4): a bare name or a call, its arguments
 * bound and checked, and explicit edge lists (`from_list`, `from_csv`) turned into indices into
 * the two selections. Structural checks that need the selections' sizes live here too.
 *
 * Reports: unknown-rule, rule-arguments, size-mismatch, degree-too-large, index-out-of-range,
 * unknown-member, csv-error, value-out-of-range (p), and the argument binder's codes.
 */
import type { Span } from "../../common/index.js";
import type { CallArg, Expr, Ident } from "../../grammar/ast.js";
import {
  connectionRuleNames,
  lookupConnectionRule,
  type ConnectionRuleName,
  type ConnectionRuleSpec,
} from "../builtins/index.js";
import { notCsvText, otherSeparator, readCsv } from "../connectome/index.js";
import { bindArguments } from "../eval/index.js";
import { decimalToSI, parseUnit } from "../units/index.js";
import type { PassContext } from "./context.js";
import { Current, Dimensionless, Time, didYouMeanHint, dimEquals, suggest } from "./deps.js";
import { basenameOf, resolveRelative } from "./paths.js";
import type { PopInfo, ResolvedSelection } from "./select.js";
import type { Values } from "./values.js";

/** One side of a connection: the resolved selection and its population. */
export interface Side {
  readonly sel: ResolvedSelection;
  readonly pop: PopInfo;
  /** Population-local indices in selection order. */
  readonly indices: readonly number[];
}

export type CheckedRule =
  | { readonly kind: "all_to_all" | "one_to_one" }
  | { readonly kind: "fixed_probability"; readonly p: number }
  | { readonly kind: "fixed_indegree" | "fixed_outdegree"; readonly k: number; readonly span: Span }
  | {
      readonly kind: "explicit";
      readonly pre: readonly number[];
      readonly post: readonly number[];
      readonly weights?: readonly number[];
      readonly delays?: readonly number[];
      /** The weight column's dimension (current, or dimensionless for core weights). */
      readonly weightDimensionless?: boolean;
      /** From a CSV file: each edge's `file:line`, for diagnostics about its values. */
      readonly rows?: readonly string[];
      /** From a CSV file: the span of its path in the `.snn` text, where its values are reported. */
      readonly file?: Span;
      /** From a CSV file: its header row's `file:line`, for diagnostics about its columns. */
      readonly header?: string;
    };

/** The rule a `rule = ...` names and its bound arguments; undefined on an error (reported). */
/** The name a rule is written with: bare (`all_to_all`) or called (`fixed_probability(p)`). */
function ruleCallee(expr: Expr): Ident | undefined {
  if (expr.kind === "Ref" && expr.member === undefined) return expr.name;
  return expr.kind === "Call" ? expr.callee : undefined;
}

function ruleCall(
  expr: Expr,
  allowed: readonly ConnectionRuleName[],
  ctx: PassContext,
): { spec: ConnectionRuleSpec; args: readonly (CallArg | undefined)[] } | undefined {
  if (expr.kind === "Missing") return undefined;
  const callee = ruleCallee(expr);
  if (callee === undefined) {
    ctx.diagnostics.report({
      code: "unknown-rule",
      span: expr.span,
      format: { name: "this value", hint: "" },
    });
    return undefined;
  }
  const spec = lookupConnectionRule(callee.name);
  if (spec === undefined || !allowed.includes(spec.name)) {
    const hint =
      spec === undefined
        ? didYouMeanHint(suggest(callee.name, allowed.length > 0 ? allowed : connectionRuleNames))
        : ` here (this takes ${allowed.join(" or ")})`;
    ctx.diagnostics.report({
      code: "unknown-rule",
      span: callee.span,
      format: { name: callee.name, hint },
    });
    return undefined;
  }
  if (expr.kind === "Call") {
    const bound = bindArguments(expr, spec.args, ctx.diagnostics);
    return bound === null ? undefined : { spec, args: bound };
  }
  if (spec.args.length > 0) {
    ctx.diagnostics.report({
      code: "rule-arguments",
      span: expr.span,
      format: { rule: spec.name, expected: spec.signature },
    });
    return undefined;
  }
  return { spec, args: [] };
}

function readP(e: Expr, values: Values): number | undefined {
  return values.constant(e, Dimensionless, "'p'", { min: 0, max: 1 });
}

function readK(e: Expr, values: Values): number | undefined {
  return values.integer(e, "'k'", { min: 0 });
}

function csvPathOf(e: Expr, ctx: PassContext): (Expr & { kind: "String" }) | undefined {
  if (e.kind === "String") return e;
  if (e.kind !== "Missing")
    ctx.diagnostics.report({
      code: "expected-string",
      span: e.span,
      format: { what: "The file of from_csv" },
    });
  return undefined;
}

/**
 * What of `rule = ...` can be checked without the two sides, for a declaration one of whose
 * selections has an error (already reported): the rule's name and arguments, and `p` and `k`.
 * An edge list is not read (its names and indices are resolved against the sides). Returns the
 * rule's name (also when its arguments have an error), or undefined when it names no rule.
 */
export function checkRuleLoosely(
  expr: Expr | undefined,
  allowed: readonly ConnectionRuleName[],
  values: Values,
  ctx: PassContext,
): ConnectionRuleName | undefined {
  if (expr === undefined) return "all_to_all";
  const call = ruleCall(expr, allowed, ctx);
  if (call === undefined) return ruleName(expr, allowed);
  const e = call.args[0]?.value;
  if (e !== undefined)
    switch (call.spec.name) {
      case "fixed_probability":
        readP(e, values);
        break;
      case "fixed_indegree":
      case "fixed_outdegree":
        readK(e, values);
        break;
      case "from_csv":
        csvPathOf(e, ctx);
        break;
      default:
        break;
    }
  return call.spec.name;
}

/** The allowed rule a `rule = ...` names, whatever its arguments; reports nothing. */
function ruleName(
  expr: Expr,
  allowed: readonly ConnectionRuleName[],
): ConnectionRuleName | undefined {
  const callee = ruleCallee(expr);
  const spec = callee === undefined ? undefined : lookupConnectionRule(callee.name);
  return spec !== undefined && allowed.includes(spec.name) ? spec.name : undefined;
}

/** Reads `rule = ...`; `allowed` restricts the rules (gap junctions take two). */
export function readRule(
  expr: Expr | undefined,
  allowed: readonly ConnectionRuleName[],
  pre: Side,
  post: Side,
  values: Values,
  ctx: PassContext,
): CheckedRule | undefined {
  if (expr === undefined) return { kind: "all_to_all" };
  const call = ruleCall(expr, allowed, ctx);
  if (call === undefined) return undefined;
  const { spec, args } = call;
  const arg = (i: number): Expr | undefined => args[i]?.value;
  switch (spec.name) {
    case "all_to_all":
      return { kind: "all_to_all" };
    case "one_to_one":
      if (pre.indices.length !== post.indices.length) {
        ctx.diagnostics.report({
          code: "size-mismatch",
          span: expr.span,
          format: { pre: pre.indices.length, post: post.indices.length },
        });
        return undefined;
      }
      return { kind: "one_to_one" };
    case "fixed_probability": {
      const e = arg(0);
      if (e === undefined) return undefined;
      const p = readP(e, values);
      return p === undefined ? undefined : { kind: "fixed_probability", p };
    }
    case "fixed_indegree":
    case "fixed_outdegree": {
      const e = arg(0);
      if (e === undefined) return undefined;
      const k = readK(e, values);
      return k === undefined ? undefined : { kind: spec.name, k, span: e.span };
    }
    case "from_list": {
      const e = arg(0);
      return e === undefined ? undefined : readPairs(e, pre, post, values, ctx);
    }
    case "from_csv": {
      const e = arg(0);
      const path = e === undefined ? undefined : csvPathOf(e, ctx);
      return path === undefined ? undefined : readEdgeCsv(path.value, path.span, pre, post, ctx);
    }
    default: {
      const never: never = spec.name;
      return never;
    }
  }
}

/** Checks a degree rule's k against its pool (SPEC §4: k larger than the pool is an error). */
export function checkDegree(
  rule: CheckedRule,
  pre: Side,
  post: Side,
  shared: boolean,
  allowSelf: boolean,
  allowMultapses: boolean,
  ctx: PassContext,
): boolean {
  if (rule.kind !== "fixed_indegree" && rule.kind !== "fixed_outdegree") return true;
  const poolSide = rule.kind === "fixed_indegree" ? pre : post;
  const pool = poolSide.indices.length - (shared && !allowSelf ? 1 : 0);
  // with repeats any k can be drawn, but not from an empty pool (p -> p of one neuron, no self)
  if (allowMultapses ? rule.k > 0 && pool === 0 : rule.k > pool) {
    ctx.diagnostics.report({
      code: "degree-too-large",
      span: rule.span,
      format: {
        rule: rule.kind,
        k: rule.k,
        pool: pool === 1 ? "1 neuron" : `${pool} neurons`,
        repeats: allowMultapses ? "" : " without repeats",
      },
    });
    return false;
  }
  return true;
}

/** Position of a member or index within a side's selection; reports when it is not there. */
function positionIn(e: Expr, side: Side, values: Values, ctx: PassContext): number | undefined {
  if (
    e.kind === "Ref" &&
    e.member === undefined &&
    side.pop.members !== null &&
    side.pop.memberIndex.has(e.name.name)
  ) {
    const index = side.pop.memberIndex.get(e.name.name) ?? -1;
    const symbol = side.pop.memberSymbols?.[index];
    if (symbol !== undefined) ctx.symbols.reference(e.name.span, symbol);
    const at = side.indices.indexOf(index);
    if (at < 0) {
      ctx.diagnostics.report({
        code: "not-in-selection",
        span: e.span,
        format: { name: e.name.name, population: side.pop.name },
      });
      return undefined;
    }
    return at;
  }
  if (
    e.kind === "Ref" &&
    e.member === undefined &&
    side.pop.members !== null &&
    values.constants.get(e.name.name) === undefined
  ) {
    ctx.diagnostics.report({
      code: "unknown-member",
      span: e.span,
      format: {
        population: side.pop.name,
        name: e.name.name,
        hint: didYouMeanHint(suggest(e.name.name, side.pop.members)),
      },
    });
    return undefined;
  }
  const i = values.integer(e, "an index into the selection", { min: 0 });
  if (i === undefined) return undefined;
  if (i >= side.indices.length) {
    ctx.diagnostics.report({
      code: "index-out-of-range",
      span: e.span,
      format: {
        index: i,
        // a position in the written selection, which may be smaller than the population
        range:
          side.sel.indices === null
            ? `population '${side.pop.name}' of size ${side.pop.size}`
            : `the selection of '${side.pop.name}', whose positions are 0..${side.indices.length - 1}`,
      },
    });
    return undefined;
  }
  return i;
}

function readPairs(
  e: Expr,
  pre: Side,
  post: Side,
  values: Values,
  ctx: PassContext,
): CheckedRule | undefined {
  if (e.kind !== "List") {
    if (e.kind !== "Missing")
      ctx.diagnostics.report({
        code: "rule-arguments",
        span: e.span,
        format: { rule: "from_list", expected: "a list of pairs: from_list([(0, 3), (1, 2)])" },
      });
    return undefined;
  }
  const preOut: number[] = [];
  const postOut: number[] = [];
  let ok = true;
  for (const el of e.elements) {
    if (el.kind !== "Tuple" || el.elements.length !== 2) {
      if (el.kind !== "Missing")
        ctx.diagnostics.report({
          code: "rule-arguments",
          span: el.span,
          format: { rule: "from_list", expected: "pairs (pre, post)" },
        });
      ok = false;
      continue;
    }
    const [a, b] = el.elements as [Expr, Expr];
    const i = positionIn(a, pre, values, ctx);
    const j = positionIn(b, post, values, ctx);
    if (i === undefined || j === undefined) ok = false;
    else {
      preOut.push(i);
      postOut.push(j);
    }
  }
  return ok ? { kind: "explicit", pre: preOut, post: postOut } : undefined;
}

/** Reads a from_csv edge file: header `pre,post[,weight_<unit>][,delay_<unit>]`. */
function readEdgeCsv(
  relPath: string,
  span: Span,
  pre: Side,
  post: Side,
  ctx: PassContext,
): CheckedRule | undefined {
  const file = resolveRelative(ctx.sources.get(span.file).path, relPath);
  const text = ctx.host.readFile(file);
  const name = basenameOf(file);
  const notText = text === undefined ? undefined : notCsvText(text);
  if (text === undefined || notText !== undefined) {
    ctx.diagnostics.report({
      code: "csv-error",
      span,
      format: { message: `Cannot read '${relPath}'` },
      notes: notText === undefined ? [] : [`${name}: ${notText}`],
    });
    return undefined;
  }
  const errors: { message: string; line: number }[] = [];
  const preOut: number[] = [];
  const postOut: number[] = [];
  const weights: number[] = [];
  const delays: number[] = [];
  const rows: string[] = [];
  let cols: { pre: number; post: number; weight: number; delay: number } | null = null;
  let weightUnit: { exponent10: number; factor: number } | null = null;
  let delayUnit: { exponent10: number; factor: number } | null = null;
  let weightDimensionless = false;
  // Member → position in the selection, built once per side: an indexOf per row made a file of
  // names onto a large connectome take rows x selection steps.
  const positions = new Map<Side, Map<number, number>>();
  const positionsOf = (side: Side): Map<number, number> => {
    let map = positions.get(side);
    if (map === undefined) {
      map = new Map();
      // the first position of a member listed twice, as indexOf gave
      for (let k = side.indices.length - 1; k >= 0; k--) map.set(side.indices[k] ?? -1, k);
      positions.set(side, map);
    }
    return map;
  };
  let header: string | undefined;
  // the first ten problems are reported; the rest are counted, so the last report says how many
  let moreErrors = 0;
  const fail = (message: string, line: number): undefined => {
    if (errors.length < 10) errors.push({ message, line });
    else moreErrors++;
    return undefined;
  };
  const position = (cell: string, side: Side, line: number, which: string): number | undefined => {
    if (/^\d+$/.test(cell)) {
      const i = Number(cell);
      // A connectome whose neurons have numeric ids (`10`, `720575940...`): the cell may name a
      // member rather than give an index. Taking either silently could wire the wrong neuron.
      const named = side.pop.memberIndex.get(cell);
      const at = named === undefined ? -1 : (positionsOf(side).get(named) ?? -1);
      if (at >= 0 && i < side.indices.length && at !== i)
        return fail(
          `${which} '${cell}' is ambiguous: the selection of '${side.pop.name}' has a neuron named '${cell}' (at position ${at}) and also a neuron at index ${i}`,
          line,
        );
      if (at >= 0) return at;
      if (i >= side.indices.length)
        return fail(
          `${which} index ${i} is out of range for a selection of ${side.indices.length}`,
          line,
        );
      return i;
    }
    const index = side.pop.memberIndex.get(cell);
    const at = index === undefined ? -1 : (positionsOf(side).get(index) ?? -1);
    if (at < 0)
      return fail(
        `${which} '${cell}' is not a neuron of the selection of '${side.pop.name}'`,
        line,
      );
    return at;
  };
  readCsv(text, {
    header(cells, line) {
      header = `${name}:${line}`;
      const pi = cells.indexOf("pre");
      const qi = cells.indexOf("post");
      let wi = -1;
      let di = -1;
      // a second column for one role would silently win over the first
      const roles = new Map<string, string>();
      const claim = (role: string, c: string): boolean => {
        const prior = roles.get(role);
        if (prior !== undefined) {
          fail(
            prior === c
              ? `Column '${c}' appears twice`
              : `Columns '${prior}' and '${c}' both give the ${role}`,
            line,
          );
          return false;
        }
        roles.set(role, c);
        return true;
      };
      cells.forEach((c, i) => {
        if (c === "pre" || c === "post") {
          claim(c, c);
          return;
        }
        if (c === "weight") {
          if (!claim("weight", c)) return;
          wi = i;
          weightDimensionless = true;
          return;
        }
        const m = /^(weight|delay)_(.+)$/.exec(c);
        const unit = m === null ? undefined : parseUnit(m[2] ?? "");
        if (m === null || unit === undefined || !unit.ok)
          return fail(
            `Unknown column '${c}' (expected pre, post, weight_<unit>, delay_<unit>)`,
            line,
          );
        if (!claim(m[1] ?? "", c)) return;
        if (m[1] === "weight") {
          if (!dimEquals(unit.dim, Current))
            return fail(`Column '${c}' must have a current unit (e.g. weight_nA)`, line);
          wi = i;
          weightUnit = unit;
        } else {
          if (!dimEquals(unit.dim, Time))
            return fail(`Column '${c}' must have a time unit (e.g. delay_ms)`, line);
          di = i;
          delayUnit = unit;
        }
      });
      if (pi < 0 || qi < 0) {
        const separator = otherSeparator(cells);
        fail(
          separator === undefined
            ? "The header must name the columns 'pre' and 'post'"
            : `The header must name the columns 'pre' and 'post'; it seems to be separated by ${separator}, but from_csv reads comma-separated files`,
          line,
        );
        return false;
      }
      cols = { pre: pi, post: qi, weight: wi, delay: di };
      return errors.length === 0;
    },
    row(cells, line) {
      if (cols === null) return;
      const a = position(cells[cols.pre] ?? "", pre, line, "pre");
      const b = position(cells[cols.post] ?? "", post, line, "post");
      let w = 0;
      let d = 0;
      // A cell is a decimal number as in the .snn language, converted to SI with one rounding;
      // Number() would also take '0x10' (16), '0b11' and '0o17'.
      if (cols.weight >= 0) {
        const cell = cells[cols.weight] ?? "";
        const x = decimalToSI(cell, weightUnit?.exponent10 ?? 0);
        if (x === undefined) return fail(`Weight '${cell}' is not a number`, line);
        if (!Number.isFinite(x)) return fail(`Weight '${cell}' is too large`, line);
        if (x === 0 && /[1-9]/.test(cell.replace(/[eE].*$/, "")))
          return fail(`Weight '${cell}' is too small to represent: it would be 0`, line);
        w = x;
      }
      if (cols.delay >= 0 && delayUnit !== null) {
        const cell = cells[cols.delay] ?? "";
        const x = decimalToSI(cell, delayUnit.exponent10);
        if (x === undefined) return fail(`Delay '${cell}' is not a number`, line);
        if (!Number.isFinite(x)) return fail(`Delay '${cell}' is too large`, line);
        if (x === 0 && /[1-9]/.test(cell.replace(/[eE].*$/, "")))
          return fail(`Delay '${cell}' is too small to represent: it would be 0`, line);
        d = x;
      }
      if (a === undefined || b === undefined) return;
      preOut.push(a);
      postOut.push(b);
      if (cols.weight >= 0) weights.push(w);
      if (cols.delay >= 0) delays.push(d);
      rows.push(`${name}:${line}`);
    },
    problem(p) {
      fail(
        p.kind === "field-count"
          ? `Row has ${p.found} fields, the header ${p.expected}`
          : p.kind === "text-after-quote"
            ? `Text after a closing quote at column ${p.column}`
            : `Unterminated quoted field opening at column ${p.column}; nothing after it was read`,
        p.line,
      );
    },
  });
  if (cols === null && errors.length === 0) fail("The file is empty", 1);
  errors.forEach((err, k) =>
    ctx.diagnostics.report({
      code: "csv-error",
      span,
      format: { message: err.message },
      notes: [
        `${name}:${err.line}`,
        ...(k === errors.length - 1 && moreErrors > 0
          ? [`and ${moreErrors} more problem${moreErrors === 1 ? "" : "s"} in ${name}, not listed`]
          : []),
      ],
    }),
  );
  if (errors.length > 0) return undefined;
  const found: { pre: number; post: number; weight: number; delay: number } = cols ?? {
    pre: -1,
    post: -1,
    weight: -1,
    delay: -1,
  };
  return {
    kind: "explicit",
    pre: preOut,
    post: postOut,
    ...(found.weight >= 0 ? { weights, weightDimensionless } : {}),
    ...(found.delay >= 0 ? { delays } : {}),
    rows,
    file: span,
    ...(header !== undefined ? { header } : {}),
  };
}
