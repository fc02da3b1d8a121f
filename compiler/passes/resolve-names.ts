/**
 * Name resolution helpers shared by the passes that read declarations: looking a name up in the
 * one namespace (declaration order does not matter: every declaration was collected first),
 * recording the reference for the language server, and reporting unknown names with a
 * did-you-mean suggestion or names of the wrong kind.
 *
 * Reports: unknown-name, wrong-kind.
 */
import type { Ident } from "../../grammar/ast.js";
import type { DeclEntry, Declarations, NamedNode } from "./collect-declarations.js";
import type { PassContext } from "./context.js";
import { didYouMeanHint, suggest } from "./deps.js";

export type DeclKind = NamedNode["kind"];

const kindNames: Readonly<Record<DeclKind, string>> = {
  const: "constant",
  model: "model",
  population: "population",
  connectome: "connectome",
  plasticity: "plasticity rule",
  stimulus: "stimulus",
};

/** A kind's name for messages (`plasticity rule`). */
export function describeKind(kind: DeclKind): string {
  return kindNames[kind];
}

/**
 * Looks `ident` up among declarations of the `expected` kinds. Missing identifiers (parser
 * recovery) resolve to undefined silently. `extra` names (e.g. built-in models) are valid
 * answers the caller handles itself: they are offered as suggestions but not reported.
 */
export function lookupName(
  ident: Ident,
  expected: readonly DeclKind[],
  what: string,
  decls: Declarations,
  ctx: PassContext,
  extra: readonly string[] = [],
): DeclEntry | undefined {
  if (ident.missing === true || ident.name === "") return undefined;
  const entry = decls.byName.get(ident.name);
  if (entry === undefined) {
    if (extra.includes(ident.name) || decls.rejected.has(ident.name) || decls.incomplete)
      return undefined;
    const candidates = [
      ...extra,
      ...decls.entries.filter((e) => expected.includes(e.node.kind)).map((e) => e.name),
    ];
    ctx.diagnostics.report({
      code: "unknown-name",
      span: ident.span,
      format: { what, name: ident.name, hint: didYouMeanHint(suggest(ident.name, candidates)) },
      data: { candidates: candidates.slice(0, 50) },
    });
    return undefined;
  }
  ctx.symbols.reference(ident.span, entry.symbol);
  if (!expected.includes(entry.node.kind)) {
    ctx.diagnostics.report({
      code: "wrong-kind",
      span: ident.span,
      format: {
        name: ident.name,
        found: describeKind(entry.node.kind),
        expected: expected.map(describeKind).join(" or "),
      },
      related: [{ message: `'${ident.name}' is defined here`, span: entry.nameSpan }],
    });
    return undefined;
  }
  return entry;
}
