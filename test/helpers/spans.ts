/** Checks every span in an AST: inside the file, start <= end, children inside their parents. */
import { NoSpan, type Span } from "../../common/index.js";

function isSpan(v: unknown): v is Span {
  return typeof v === "object" && v !== null && "start" in v && "end" in v && "file" in v;
}

export function spanProblems(ast: unknown, textLength: number): string[] {
  const problems: string[] = [];
  const visit = (node: unknown, parent: Span | undefined, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => visit(n, parent, `${path}[${i}]`));
      return;
    }
    if (typeof node !== "object" || node === null) return;
    const record = node as Record<string, unknown>;
    const own = record["span"];
    let here = parent;
    if (isSpan(own)) {
      if (own.start < 0 || own.end > textLength || own.start > own.end) {
        problems.push(`${path}: span ${own.start}-${own.end} outside 0-${textLength}`);
      }
      // Comments live beside the tree, not inside a declaration.
      if (
        parent !== undefined &&
        !path.includes("comments") &&
        (own.start < parent.start || own.end > parent.end)
      ) {
        problems.push(
          `${path}: span ${own.start}-${own.end} outside parent ${parent.start}-${parent.end}`,
        );
      }
      here = own;
    }
    for (const [key, value] of Object.entries(record)) {
      if (key === "span" || key === "keyword") continue;
      visit(value, here, `${path}.${key}`);
    }
  };
  visit(ast, undefined, "file");
  return problems;
}

/** The text a diagnostic points at; a diagnostic with no source location fails the test. */
export function spanText(text: string, d: { readonly span: Span | NoSpan }): string {
  return text.slice(spanStart(d), (d.span as Span).end);
}

/** Where a diagnostic starts; a diagnostic with no source location fails the test. */
export function spanStart(d: { readonly span: Span | NoSpan }): number {
  if (d.span === NoSpan) throw new Error("the diagnostic has no source location");
  return d.span.start;
}
