/**
 * Snippets a completion inserts: accepted with every placeholder at its default, the text still
 * parses, and no placeholder holds half of a bracket pair (typing over it would unbalance them).
 */
import { describe, expect, test } from "vitest";
import { InsertTextFormat, type CompletionItem } from "vscode-languageserver";
import { parse } from "../../grammar/index.js";
import { openAt } from "./helpers.js";

/** The snippet's text with each placeholder at its default (a choice at its first option). */
function accepted(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, "$1")
    .replace(/\$\{\d+:([^}]*)\}/g, "$1")
    .replace(/\$\d+/g, "");
}

function balanced(text: string): boolean {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
  for (const c of text.replace(/"[^"]*"/g, "")) {
    if ("([{".includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}

function snippets(items: readonly CompletionItem[]): CompletionItem[] {
  const out = items.filter((i) => i.insertTextFormat === InsertTextFormat.Snippet);
  expect(out.length).toBeGreaterThan(0);
  return out;
}

function syntaxErrors(text: string): string[] {
  return parse({ id: 0, path: "x.snn", text })
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => d.message);
}

describe("completion snippets", () => {
  test("declaration snippets parse as inserted", () => {
    const { service, uri, pos } = openAt("┆\n");
    for (const item of snippets(service.completion(uri, pos))) {
      const text = accepted(item.insertText!);
      expect({ label: item.label, errors: syntaxErrors(text + "\n") }).toEqual({
        label: item.label,
        errors: [],
      });
    }
  });

  test("rule snippets parse as inserted, and their placeholders keep brackets whole", () => {
    const { service, uri, pos } = openAt("connect a -> b { rule = ┆ }\n");
    for (const item of snippets(service.completion(uri, pos))) {
      const text = `connect a -> b { rule = ${accepted(item.insertText!)} }\n`;
      expect({ label: item.label, errors: syntaxErrors(text) }).toEqual({
        label: item.label,
        errors: [],
      });
      for (const [, value] of item.insertText!.matchAll(/\$\{\d+:([^}]*)\}/g))
        expect({ label: item.label, value, balanced: balanced(value!) }).toMatchObject({
          balanced: true,
        });
    }
  });
});
