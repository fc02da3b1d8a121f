/**
 * Reading the parameters of a plasticity rule or a stimulus: each written value checked against
 * its {@link ParamSpec}, required ones demanded, defaults filled in. The result is plain SI
 * numbers and words.
 *
 * Reports: unknown-setting (via settings.ts), missing-setting, and parameter value errors.
 */
import type { Span } from "../../common/index.js";
import type { Block } from "../../grammar/ast.js";
import type { ParamSpec } from "../builtins/index.js";
import { capitalise } from "../eval/index.js";
import type { PassContext } from "./context.js";
import { checkParamValue } from "./param-values.js";
import { readSettings } from "./settings.js";
import type { Values } from "./values.js";

export interface RuleParams {
  /** SI numbers by name (written or default). */
  readonly numbers: Readonly<Record<string, number>>;
  readonly words: Readonly<Record<string, string>>;
  /** Where each written value is (for later range checks). */
  readonly spans: Readonly<Record<string, Span>>;
  /** False when some parameter had an error or was missing. */
  readonly ok: boolean;
}

/** Checks a block of constant parameters against `specs`; `where` names the block. */
export function readRuleParams(
  block: Block | undefined,
  specs: readonly ParamSpec[],
  where: string,
  reportAt: Span,
  values: Values,
  ctx: PassContext,
): RuleParams {
  const s = readSettings(block, { keys: specs.map((p) => p.name) }, where, ctx);
  const numbers: Record<string, number> = {};
  const words: Record<string, string> = {};
  const spans: Record<string, Span> = {};
  let ok = true;
  for (const spec of specs) {
    const stmt = s.values.get(spec.name);
    if (stmt === undefined) {
      const d = spec.default;
      if (d === undefined) {
        if (!s.misspelled.has(spec.name))
          ctx.diagnostics.report({
            code: "missing-setting",
            span: reportAt,
            format: { where: capitalise(where), name: spec.name },
          });
        ok = false;
      } else if (d.kind === "value") numbers[spec.name] = d.value;
      else if (d.kind === "word") words[spec.name] = d.value;
      continue;
    }
    spans[spec.name] = stmt.value.span;
    const v = checkParamValue(spec, stmt.value, values, ctx);
    if (v === undefined) ok = false;
    else if (v.kind === "quantity" && v.q.value.kind === "const")
      numbers[spec.name] = v.q.value.value;
    else if (v.kind === "word") words[spec.name] = v.word;
    else ok = false;
  }
  return { numbers, words, spans, ok };
}
