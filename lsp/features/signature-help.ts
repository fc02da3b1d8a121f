/**
 * Signature help and the hover of a call's name: the signature, doc and argument docs of the
 * built-in functions, the connection rules and a connectome's `csv(...)` and `sign = from_csv(...)`,
 * read from the compiler's tables (compiler/eval, compiler/builtins), with the argument being typed
 * picked out. Which call the cursor is in comes from the tokens before it (grammar/open-call.ts):
 * while its arguments are being typed the file does not parse.
 */
import { MarkupKind, type SignatureHelp } from "vscode-languageserver";
import {
  connectionRules,
  connectomeSourceCall,
  lookupConnectionRule,
  signTableCall,
} from "../../compiler/builtins/index.js";
import { builtinFunctions, isFunctionName, type CallSpec } from "../../compiler/eval/index.js";
import { openCallAt } from "../../grammar/index.js";
import type { Analysis } from "../analysis.js";

/** What `callee(...)` is, as the value of the statement `key` (from_csv means two things). */
export function callSpecFor(callee: string, key: string | undefined): CallSpec | undefined {
  if (callee === "from_csv") return key === "sign" ? signTableCall : connectionRules.from_csv;
  if (callee === "csv") return connectomeSourceCall;
  if (isFunctionName(callee)) return builtinFunctions[callee];
  return lookupConnectionRule(callee);
}

/** A call's doc as Markdown: its signature, what it does, and each argument. */
export function callMarkdown(spec: CallSpec): string {
  const args = spec.args.map(
    (p) => `- \`${p.name}\`${p.optional === true ? " (optional)" : ""}: ${p.doc}`,
  );
  return [`**${spec.signature}**: ${spec.doc}`, ...(args.length > 0 ? ["", ...args] : [])].join(
    "\n",
  );
}

/**
 * Where each argument stands in the signature, as [start, end) offsets: the signature's pieces
 * between top-level commas (`from_list([(pre, post), ...])` has one, for `pairs`), or the
 * argument's name where the pieces do not match the arguments one to one.
 */
function argumentLabels(spec: CallSpec): [number, number][] {
  const sig = spec.signature;
  const open = sig.indexOf("(");
  const pieces: [number, number][] = [];
  let depth = 0;
  let start = open + 1;
  let quoted = false;
  for (let i = open + 1; open >= 0 && i < sig.length; i++) {
    const c = sig[i]!;
    if (c === '"') quoted = !quoted;
    if (quoted) continue;
    if (c === "(" || c === "[") depth++;
    else if ((c === ")" || c === "]") && depth > 0) depth--;
    else if ((c === "," || c === ")") && depth === 0) {
      const text = sig.slice(start, i);
      const lead = text.length - text.trimStart().length;
      pieces.push([start + lead, i]);
      start = i + 1;
    }
  }
  const exact = pieces.length === spec.args.length;
  const withRest = spec.variadic === true && pieces.length === spec.args.length + 1;
  if (exact || withRest) return pieces.slice(0, spec.args.length);
  return spec.args.map((p) => {
    const at = Math.max(0, sig.indexOf(p.name));
    return [at, at + p.name.length];
  });
}

/** The signature of the call open at `offset` of `text` (the document's current text). */
export function signatureHelp(a: Analysis, text: string, offset: number): SignatureHelp | null {
  // Lexing from the declaration the cursor is in keeps a long file cheap.
  const from = a.ast?.decls.findLast((d) => d.span.start <= offset)?.span.start ?? 0;
  const call = openCallAt(text, offset, from <= text.length ? from : 0);
  if (call === undefined) return null;
  const spec = callSpecFor(call.callee, call.key);
  if (spec === undefined || spec.args.length === 0) return null;
  const byName =
    call.argName === undefined ? -1 : spec.args.findIndex((p) => p.name === call.argName);
  const last = spec.args.length - 1;
  const active =
    call.argName !== undefined
      ? byName
      : spec.variadic === true
        ? Math.min(call.argIndex, last)
        : call.argIndex;
  const labels = argumentLabels(spec);
  return {
    signatures: [
      {
        label: spec.signature,
        documentation: { kind: MarkupKind.Markdown, value: spec.doc },
        parameters: spec.args.map((p, i) => ({
          label: labels[i]!,
          documentation: { kind: MarkupKind.Markdown, value: p.doc },
        })),
      },
    ],
    activeSignature: 0,
    // Past the last argument (or a name it does not take) nothing is highlighted.
    activeParameter: active >= 0 && active <= last ? active : spec.args.length,
  };
}
