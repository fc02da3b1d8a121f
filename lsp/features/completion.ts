/**
 * Completion. The context comes from the text before the cursor on its line and from the
 * declaration and blocks around it (the parser's tree of the last analysis): declaration
 * keywords at the top level; a model's parameters (with default and unit) at the start of a
 * statement in its block; units after a number (those of the expected dimension first); neuron
 * names after `pop.` or inside `pop[...]`; rules, receptors and plasticity names after their
 * keys; otherwise the names in scope and the built-in functions.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
} from "vscode-languageserver";
import {
  connectionRuleNames,
  connectionRules,
  connectomeKeys,
  declarationKeywords,
  findParam,
  modelKinds,
  plasticityKinds,
  stateVariableNames,
  stimulusKindNames,
  targetNames,
  type ParamSpec,
} from "../../compiler/builtins/index.js";
import {
  formatDimension,
  unitTable,
  dimEquals,
  type Dimension,
} from "../../compiler/units/index.js";
import { builtinFunctions, functionNames } from "../../compiler/eval/index.js";
import type { SymbolDecl } from "../../compiler/index.js";
import type { Decl } from "../../grammar/index.js";
import type { Analysis } from "../analysis.js";
import {
  blockParams,
  formatDefault,
  describeType,
  modelDecls,
  paramDimension,
  paramMarkdown,
} from "./builtin-info.js";
import { blocksAt, declAt } from "./syntax-walk.js";

/** What `record X of ...` may name (SPEC §6). */
const recordedNames: readonly string[] = ["spikes", ...stateVariableNames, "weights"];

/** A snippet placeholder `n` offering `words` to choose from (the built-in tables' names). */
const choice = (n: number, words: readonly string[]): string => `\${${n}|${words.join(",")}|}`;

/**
 * Declaration keywords with a snippet of their usual shape. A placeholder's default is never a
 * reserved word (`target`), so a snippet accepted as it is still parses.
 */
const declarationSnippets: readonly (readonly [string, string])[] = [
  ["import", 'import "${1:file.snn}"'],
  ["const", "const ${1:name} = ${2:value}"],
  ["model", `model \${1:Name} = ${choice(2, modelKinds)} {\n\t$0\n}`],
  ["population", "population ${1:name} = ${2:Model}[${3:100}]"],
  ["connect", "connect ${1:pre} -> ${2:post} { weight = ${3:0.1 nA} }"],
  ["gap", "gap ${1:a} <-> ${2:b} { conductance = ${3:0.5 nS} }"],
  ["connectome", 'connectome ${1:name} = csv("${2:edges.csv}") {\n\t$0\n}'],
  ["plasticity", `plasticity \${1:name} = ${choice(2, plasticityKinds)} {\n\t$0\n}`],
  [
    "stimulus",
    `stimulus \${1:name} = ${choice(2, stimulusKindNames)} -> \${3:pop} { amplitude = \${4:1 nA} }`,
  ],
  ["record", `record ${choice(1, recordedNames)} of \${2:pop}`],
  ["simulate", "simulate { dt = ${1:0.1 ms}; duration = ${2:1 s} }"],
  ["target", `target ${choice(1, targetNames)} { }`],
];

/** Built-in functions of expressions (SPEC §2), their arguments as snippet placeholders. */
function functionItems(): CompletionItem[] {
  return functionNames.map((name) => {
    const f = builtinFunctions[name];
    const args = f.args.map((p, i) => `\${${i + 1}:${p.name}}`).join(", ");
    return {
      label: name,
      kind: CompletionItemKind.Function,
      detail: f.signature,
      documentation: f.doc,
      insertText: `${name}(${args})`,
      insertTextFormat: InsertTextFormat.Snippet,
    };
  });
}

/**
 * A rule's signature as a snippet: each name or string among its arguments is a placeholder and
 * the signature's `, ...` is dropped, so the brackets stay outside the placeholders and the text
 * parses as inserted (`from_list([(pre, post), ...])` → `from_list([(${1:pre}, ${2:post})])`).
 */
function ruleSnippet(signature: string): string {
  const open = signature.indexOf("(");
  if (open < 0) return signature;
  let n = 0;
  const args = signature
    .slice(open)
    .replace(/,\s*\.\.\./g, "")
    .replace(/"[^"$}\\]*"|[A-Za-z_]\w*/g, (word) => `\${${++n}:${word}}`);
  return signature.slice(0, open) + args;
}

/** Connection rules from the table, inserted with their arguments as snippet placeholders. */
function ruleItems(): CompletionItem[] {
  return connectionRuleNames.map((name) => {
    const r = connectionRules[name];
    const text = ruleSnippet(r.signature);
    return {
      label: name,
      kind: CompletionItemKind.Function,
      detail: r.signature,
      documentation: r.doc,
      insertText: text,
      insertTextFormat: InsertTextFormat.Snippet,
    };
  });
}

function word(label: string, kind: CompletionItemKind, detail?: string): CompletionItem {
  return detail === undefined ? { label, kind } : { label, kind, detail };
}

function snippet(label: string, text: string, kind: CompletionItemKind): CompletionItem {
  return { label, kind, insertText: text, insertTextFormat: InsertTextFormat.Snippet };
}

function paramItem(p: ParamSpec, index: number): CompletionItem {
  const def = formatDefault(p);
  return {
    label: p.name,
    kind: CompletionItemKind.Property,
    detail:
      def === undefined ? `${describeType(p.type)} (required)` : `${describeType(p.type)} = ${def}`,
    documentation: { kind: MarkupKind.Markdown, value: paramMarkdown(p) },
    insertText: `${p.name} = \${1:${def !== undefined && p.default?.kind === "value" ? def : ""}}`,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: String(index).padStart(3, "0"),
  };
}

/** Units, those of `expected` first (sortText), each with its dimension. */
function unitItems(expected: Dimension | undefined): CompletionItem[] {
  return unitTable.map((u, i) => {
    const match = expected !== undefined && dimEquals(u.dim, expected);
    return {
      label: u.name,
      kind: CompletionItemKind.Unit,
      detail: formatDimension(u.dim),
      sortText: `${match ? "0" : "1"}${String(i).padStart(3, "0")}`,
      preselect: match && i === unitTable.findIndex((x) => dimEquals(x.dim, u.dim)),
    };
  });
}

function symbolKindOf(s: SymbolDecl): CompletionItemKind {
  switch (s.kind) {
    case "const":
      return CompletionItemKind.Constant;
    case "model":
      return CompletionItemKind.Class;
    case "population":
    case "connectome":
      return CompletionItemKind.Variable;
    case "member":
      return CompletionItemKind.EnumMember;
    case "plasticity":
      return CompletionItemKind.Function;
    case "stimulus":
      return CompletionItemKind.Event;
    case "param":
      return CompletionItemKind.Property;
  }
}

function symbolItems(a: Analysis, kinds: readonly SymbolDecl["kind"][]): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const s of a.result.symbols) {
    if (!kinds.includes(s.kind) || seen.has(s.name)) continue;
    seen.add(s.name);
    const firstLine = s.detail.split("\n").find((l) => l.trim() !== "");
    out.push(word(s.name, symbolKindOf(s), firstLine ?? s.kind));
  }
  return out;
}

/** Member names of the population or connectome called `name`. */
function memberItems(a: Analysis, name: string): CompletionItem[] {
  const owners = a.result.symbols.filter(
    (s) => s.name === name && (s.kind === "population" || s.kind === "connectome"),
  );
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const owner of owners)
    for (const s of a.result.symbols) {
      if (s.kind !== "member" || seen.has(s.name)) continue;
      const d = s.declSpan;
      const o = owner.declSpan;
      if (d.file !== o.file || d.start < o.start || d.end > o.end) continue;
      seen.add(s.name);
      out.push(
        word(
          s.name,
          CompletionItemKind.EnumMember,
          s.csv === undefined ? `neuron of ${name}` : `neuron of ${name} (CSV line ${s.csv.line})`,
        ),
      );
    }
  return out;
}

const valueNames: readonly SymbolDecl["kind"][] = ["const"];
const selectionNames: readonly SymbolDecl["kind"][] = ["population", "connectome"];

/** What to offer after `key = ` in a block. */
function valueItems(a: Analysis, decl: Decl | undefined, key: string): CompletionItem[] {
  if (key === "rule") return ruleItems();
  if (key === "receptor") return ["exc", "inh"].map((w) => word(w, CompletionItemKind.EnumMember));
  if (key === "plasticity") return symbolItems(a, ["plasticity"]);
  if (key === "neurons") return symbolItems(a, ["model"]);
  const params =
    decl === undefined ? undefined : blockParams(decl, modelDecls(a.result.files.values()));
  const p = params === undefined ? undefined : findParam(params, key);
  if (p?.type.kind === "word")
    return p.type.values.map((w) => word(w, CompletionItemKind.EnumMember));
  if (p?.type.kind === "bool")
    return ["true", "false"].map((w) => word(w, CompletionItemKind.Keyword));
  return [...symbolItems(a, valueNames), ...functionItems()];
}

/** The dimension expected for the value being typed after `key = ` in the declaration's block. */
function expectedDimension(
  a: Analysis,
  decl: Decl | undefined,
  key: string | undefined,
): Dimension | undefined {
  if (decl === undefined || key === undefined) return undefined;
  const params = blockParams(decl, modelDecls(a.result.files.values()));
  const p = params === undefined ? undefined : findParam(params, key);
  return p === undefined ? undefined : paramDimension(p.type);
}

export function completion(a: Analysis, text: string, offset: number): CompletionItem[] {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/\/\/|^[^"]*"([^"\\]|\\.)*$/.test(before)) return []; // in a comment or a string
  const decl = a.ast === undefined ? undefined : declAt(a.ast, offset);
  const keyMatch = /(?:^|[{;]\s*)([A-Za-z_]\w*)(?:\.\w+|\[[^\]]*\])?\s*=[^=;]*$/.exec(before);
  const key = keyMatch?.[1];

  // a unit after a number
  if (
    /(?:^|[^\w.])\d+(?:\.\d*)?(?:[eE][+-]?\d+)?\s*[A-Za-z]*$/.test(before) &&
    /\d\s*[A-Za-z]*$/.test(before)
  )
    return unitItems(expectedDimension(a, decl, key));
  // neuron names: pop.X or pop[..., X
  // the look-behind starts a name only at a word's start: tried at every offset of a long word,
  // `[A-Za-z_]\w*` ran to the word's end each time (a 20,000-character name took seconds)
  const member =
    /(?<!\w)([A-Za-z_]\w*)\.(\w*)$/.exec(before) ?? /(?<!\w)([A-Za-z_]\w*)\[[^\]]*$/.exec(before);
  if (member?.[1] !== undefined) {
    const items = memberItems(a, member[1]);
    if (items.length > 0 || before.endsWith(".")) return items;
  }
  // right-hand sides of declarations
  const head = /^\s*(model|population|plasticity|stimulus|connectome)\s+\w+\s*=\s*(\w*)$/.exec(
    before,
  );
  if (head !== undefined && head !== null) {
    switch (head[1]) {
      case "model":
        return [
          ...modelKinds.map((m) => word(m, CompletionItemKind.Class, "built-in model")),
          ...symbolItems(a, ["model"]),
        ];
      case "population":
        return [
          ...symbolItems(a, ["model"]),
          ...modelKinds.map((m) => word(m, CompletionItemKind.Class, "built-in model")),
        ];
      case "plasticity":
        return plasticityKinds.map((p) => word(p, CompletionItemKind.Function, "plasticity rule"));
      case "stimulus":
        return stimulusKindNames.map((k) => word(k, CompletionItemKind.Event, "stimulus kind"));
      default:
        return [snippet("csv", 'csv("${1:edges.csv}")', CompletionItemKind.Function)];
    }
  }
  if (/^\s*record\s+\w*$/.test(before))
    return recordedNames.map((w) => word(w, CompletionItemKind.Keyword));
  if (/^\s*target\s+\w*$/.test(before))
    return targetNames.map((w) => word(w, CompletionItemKind.Keyword));
  if (/(->|<->|\bof|,)\s*\w*$/.test(before) && decl !== undefined && decl.kind !== "Model")
    return symbolItems(a, selectionNames);

  const blocks = decl === undefined ? [] : blocksAt(decl, offset);
  const inner = blocks[blocks.length - 1];
  const atStatementStart = /(?:^|[{;])\s*\w*$/.test(before);
  if (inner === undefined) {
    if (atStatementStart && /^\s*\w*$/.test(before))
      return declarationKeywords.map((k) => {
        const template = declarationSnippets.find(([l]) => l === k)?.[1] ?? k;
        return snippet(k, template, CompletionItemKind.Keyword);
      });
    return symbolItems(a, [...valueNames, ...selectionNames, "model"]);
  }
  if (atStatementStart && key === undefined && decl !== undefined && inner.owner === undefined) {
    if (decl.kind === "Connectome")
      return connectomeKeys.map((k) => ({
        label: k.name,
        kind: CompletionItemKind.Property,
        documentation: k.doc,
      }));
    const params = blockParams(decl, modelDecls(a.result.files.values())) ?? [];
    const written = new Set(
      inner.block.stmts.flatMap((s) => (s.kind === "Assign" ? [s.target.name.name] : [])),
    );
    const items = params.filter((p) => !written.has(p.name)).map(paramItem);
    if (decl.kind === "Population")
      items.push(snippet("init", "init ${1:v} = ${2}", CompletionItemKind.Keyword));
    return items;
  }
  if (key !== undefined) return valueItems(a, decl, key);
  return symbolItems(a, valueNames);
}
