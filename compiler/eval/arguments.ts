/**
 * Binding a call's arguments to parameters by position and by name, for the math functions
 * here and for the calls the checker reads (`fixed_probability(p)`, `from_csv(path)`,
 * `from_csv("f.csv", key = "label", value = "nt")`, `csv("edges.csv")`).
 */
import type { DiagnosticSink } from "../../common/index.js";
import type { CallArg, CallExpr } from "../../grammar/index.js";
import { didYouMeanHint, suggest } from "../util/index.js";

/** One parameter of a callable. */
export interface CallParam {
  readonly name: string;
  /** Optional parameters may be left out (the callee supplies a default). */
  readonly optional?: boolean;
}

/**
 * A callable as the editor shows it (signature help, hover): the math functions here, the
 * connection rules and a connectome's calls (compiler/builtins).
 */
export interface CallSpec {
  readonly name: string;
  readonly signature: string;
  readonly doc: string;
  readonly args: readonly (CallParam & { readonly doc: string })[];
  /** The last argument repeats (`min(a, b, ...)`). */
  readonly variadic?: boolean;
}

/** `2 arguments`, `1 argument`, `1 to 3 arguments`, `at least 2 arguments`. */
export function describeArity(min: number, max: number): string {
  const noun = (n: number): string => (n === 1 ? "argument" : "arguments");
  if (max === Infinity) return `at least ${min} ${noun(min)}`;
  if (min === max) return `${min} ${noun(min)}`;
  return `${min} to ${max} ${noun(max)}`;
}

/**
 * Binds `call`'s arguments to `params`: positional ones first, then `name = value` ones.
 * Reports positional-after-named, unknown-argument (with did-you-mean), duplicate-argument and
 * wrong-argument-count (at the first extra argument, or at the call when some are missing), and
 * returns null after any of them. On success, entry i is the argument of `params[i]`, or
 * undefined for an optional parameter left out.
 */
export function bindArguments(
  call: CallExpr,
  params: readonly CallParam[],
  sink: DiagnosticSink,
): (CallArg | undefined)[] | null {
  const fn = call.callee.name;
  const bound: (CallArg | undefined)[] = params.map(() => undefined);
  const min = params.filter((p) => p.optional !== true).length;
  let ok = true;
  let seenNamed = false;
  let position = 0;
  for (const arg of call.args) {
    if (arg.name === undefined) {
      if (seenNamed) {
        sink.report({ code: "positional-after-named", span: arg.span });
        ok = false;
        continue;
      }
      if (position >= params.length) {
        sink.report({
          code: "wrong-argument-count",
          span: arg.span,
          format: {
            function: fn,
            expected: describeArity(min, params.length),
            found: call.args.length,
          },
        });
        return null;
      }
      bound[position++] = arg;
      continue;
    }
    seenNamed = true;
    const name = arg.name.name;
    const index = params.findIndex((p) => p.name === name);
    if (index < 0) {
      const names = params.map((p) => p.name);
      const suggestion = suggest(name, names);
      sink.report({
        code: "unknown-argument",
        span: arg.name.span,
        format: { function: fn, name, hint: didYouMeanHint(suggestion) },
        data: { candidates: names, ...(suggestion === undefined ? {} : { suggestion }) },
      });
      ok = false;
    } else if (bound[index] !== undefined) {
      sink.report({ code: "duplicate-argument", span: arg.span, format: { function: fn, name } });
      ok = false;
    } else {
      bound[index] = arg;
    }
  }
  if (!ok) return null;
  if (params.some((p, i) => p.optional !== true && bound[i] === undefined)) {
    sink.report({
      code: "wrong-argument-count",
      span: call.span,
      format: {
        function: fn,
        expected: describeArity(min, params.length),
        found: call.args.length,
      },
    });
    return null;
  }
  return bound;
}
