/** Test helpers: parse an expression with the real parser and evaluate it. */
import { DiagnosticSink, type Diagnostic, type Span } from "../../common/index.js";
import { parse, type Expr, type RefExpr } from "../../grammar/index.js";
import { type EvalEnv, type Quantity, evaluateExpr } from "../../compiler/eval/index.js";

export const PREFIX = "const x = ";

/** Parses `const x = <src>` and returns the expression (which starts at offset PREFIX.length). */
export function parseExpr(src: string): Expr {
  const text = `${PREFIX}${src}\n`;
  const r = parse({ id: 0, path: "t.snn", text });
  if (r.diagnostics.length > 0)
    throw new Error(`parse errors in ${src}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  const decl = r.ast.decls[0];
  if (decl?.kind !== "Const") throw new Error(`not a const: ${src}`);
  return decl.value;
}

/** An environment from a name → quantity table (unknown names are "already reported"). */
export function envOf(names: Readonly<Record<string, Quantity>> = {}): EvalEnv {
  return {
    lookup: (ref: RefExpr) =>
      Object.hasOwn(names, ref.name.name) ? names[ref.name.name] : undefined,
  };
}

export interface Evaluated {
  readonly q: Quantity;
  readonly diagnostics: readonly Diagnostic[];
  readonly sink: DiagnosticSink;
}

export function evalSrc(src: string, names: Readonly<Record<string, Quantity>> = {}): Evaluated {
  const sink = new DiagnosticSink();
  const q = evaluateExpr(parseExpr(src), envOf(names), sink);
  return { q, diagnostics: sink.items, sink };
}

/** The source text a span covers, relative to the expression `src` (so tests read naturally). */
export function textAt(src: string, span: Span | symbol): string {
  if (typeof span === "symbol") return "<no span>";
  return src.slice(span.start - PREFIX.length, span.end - PREFIX.length);
}

/** `code @ covered text` for each diagnostic. */
export function codesAt(src: string, ds: readonly Diagnostic[]): string[] {
  return ds.map((d) => `${d.code} @ ${textAt(src, d.span)}`);
}

export function constValueOf(q: Quantity): number | undefined {
  return q.dim !== null && q.value.kind === "const" ? q.value.value : undefined;
}
