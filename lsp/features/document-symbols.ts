/**
 * The outline: one symbol per declaration of the document, with named members and block
 * statements (`tau_m = 20 ms`) as children.
 */
import { SymbolKind, type DocumentSymbol } from "vscode-languageserver";
import { assertNever, type SourceFile } from "../../common/index.js";
import type { Block, Decl, Item, Selection } from "../../grammar/index.js";
import { rangeOf, type Analysis } from "../analysis.js";

function text(file: SourceFile, s: { span: { start: number; end: number } }): string {
  return file.text.slice(s.span.start, s.span.end).replace(/\s+/g, " ");
}

function sym(
  file: SourceFile,
  name: string,
  kind: SymbolKind,
  whole: { start: number; end: number },
  sel: { start: number; end: number },
  detail: string,
  children: DocumentSymbol[] = [],
): DocumentSymbol {
  const s: DocumentSymbol = {
    name: name === "" ? "(missing)" : name,
    kind,
    range: rangeOf(file, whole.start, whole.end),
    selectionRange: rangeOf(file, sel.start, sel.end),
    detail,
  };
  if (children.length > 0) s.children = children;
  return s;
}

function blockChildren(file: SourceFile, block: Block | undefined): DocumentSymbol[] {
  if (block === undefined) return [];
  return block.stmts.map((st) => {
    switch (st.kind) {
      case "Assign":
        return sym(
          file,
          text(file, st.target),
          SymbolKind.Property,
          st.span,
          st.target.span,
          text(file, st.value),
        );
      case "Init":
        return sym(
          file,
          `init ${text(file, st.target)}`,
          SymbolKind.Variable,
          st.span,
          st.target.span,
          text(file, st.value),
        );
      case "NestedBlock":
        return sym(
          file,
          st.name.name,
          SymbolKind.Namespace,
          st.span,
          st.name.span,
          "",
          blockChildren(file, st.block),
        );
      default:
        return assertNever(st, "statement");
    }
  });
}

function members(file: SourceFile, items: readonly Item[]): DocumentSymbol[] {
  return items.flatMap((it) =>
    it.kind === "Ref" && it.member === undefined
      ? [sym(file, it.name.name, SymbolKind.EnumMember, it.span, it.span, "neuron")]
      : [],
  );
}

function selections(file: SourceFile, sels: readonly Selection[]): string {
  return sels.map((s) => text(file, s)).join(", ");
}

function declSymbol(file: SourceFile, d: Decl): DocumentSymbol {
  const body = "body" in d ? d.body : undefined;
  const kids = blockChildren(file, body);
  switch (d.kind) {
    case "Import":
      return sym(file, `import ${d.path.value}`, SymbolKind.Module, d.span, d.path.span, "");
    case "Const":
      return sym(file, d.name.name, SymbolKind.Constant, d.span, d.name.span, text(file, d.value));
    case "Model":
      return sym(file, d.name.name, SymbolKind.Class, d.span, d.name.span, d.base.name, kids);
    case "Population": {
      const detail = `${d.model.name}[${d.items.map((i) => text(file, i)).join(", ")}]`;
      return sym(file, d.name.name, SymbolKind.Array, d.span, d.name.span, detail, [
        ...members(file, d.items),
        ...kids,
      ]);
    }
    case "Connect":
      return sym(
        file,
        `${text(file, d.pre)} -> ${text(file, d.post)}`,
        SymbolKind.Event,
        d.span,
        d.pre.span,
        "connect",
        kids,
      );
    case "Gap":
      return sym(
        file,
        `${text(file, d.a)} <-> ${text(file, d.b)}`,
        SymbolKind.Event,
        d.span,
        d.a.span,
        "gap",
        kids,
      );
    case "Connectome":
      return sym(
        file,
        d.name.name,
        SymbolKind.Package,
        d.span,
        d.name.span,
        text(file, d.source),
        kids,
      );
    case "Plasticity":
      return sym(file, d.name.name, SymbolKind.Function, d.span, d.name.span, d.rule.name, kids);
    case "Stimulus":
      return sym(
        file,
        d.name.name,
        SymbolKind.Event,
        d.span,
        d.name.span,
        `${d.stimulusKind.name} -> ${text(file, d.target)}`,
        kids,
      );
    case "Record": {
      const t = d.target;
      const of =
        t.kind === "Selections"
          ? selections(file, t.selections)
          : `${text(file, t.pre)} -> ${text(file, t.post)}`;
      return sym(
        file,
        `record ${d.what.name} of ${of}`,
        SymbolKind.Field,
        d.span,
        d.what.span,
        "",
        kids,
      );
    }
    case "Simulate":
      return sym(file, "simulate", SymbolKind.Object, d.span, d.keyword, "", kids);
    case "Target":
      return sym(file, `target ${d.name.name}`, SymbolKind.Object, d.span, d.name.span, "", kids);
    default:
      return assertNever(d, "declaration");
  }
}

export function documentSymbols(a: Analysis): DocumentSymbol[] {
  const file = a.file;
  if (file === undefined || a.ast === undefined) return [];
  return a.ast.decls.map((d) => declSymbol(file, d));
}
