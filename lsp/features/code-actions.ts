/**
 * Quick fixes for what a diagnostic names, built from the `data` payload the compiler attached
 * (kept by the client in `diagnostic.data.snnc`): a missing unit is added (`unit-mismatch` with
 * `missingUnit`), a unit of the wrong case is replaced (`suggestion` + `unitSpan`), a unit of the
 * wrong dimension becomes the expected one with the same prefix (`expected`), a misspelt
 * unit, name or parameter is replaced by the nearest candidate (`suggestion`, `candidates`,
 * `replacement`), and any message ending in "did you mean 'X'?" gets the same fix.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic as LspDiagnostic,
  type Range,
} from "vscode-languageserver";
import { naturalUnit, parseUnit, unitsOfDimension } from "../../compiler/units/index.js";
import { suggest } from "../../compiler/util/index.js";
import { offsetAt, rangeOf, type Analysis } from "../analysis.js";

interface Fix {
  readonly title: string;
  readonly range: Range;
  readonly newText: string;
}

function record(x: unknown): Record<string, unknown> | undefined {
  return typeof x === "object" && x !== null ? (x as Record<string, unknown>) : undefined;
}

function str(x: unknown): string | undefined {
  return typeof x === "string" && x !== "" ? x : undefined;
}

function spanLike(x: unknown): { start: number; end: number } | undefined {
  const r = record(x);
  return r !== undefined && typeof r["start"] === "number" && typeof r["end"] === "number"
    ? { start: r["start"], end: r["end"] }
    : undefined;
}

/** Keeps the quotes when the diagnostic covers a string literal (a select pattern, a column). */
function replacementText(current: string, word: string): string {
  return current.startsWith('"') ? `"${word}"` : word;
}

/**
 * For a literal with a unit of the wrong dimension (`20 mV` where a time is expected): the unit
 * of the expected dimension with the same prefix (`ms`), else the usual one, and where the
 * written unit stands within the literal.
 */
function unitOfExpectedDimension(
  literal: string,
  expectedSI: string,
): { unit: string; start: number; end: number } | undefined {
  const m = /^([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?\s*)([A-Za-z][A-Za-z/*]*)$/.exec(
    literal,
  );
  if (m === null) return undefined;
  const written = parseUnit(m[2]!);
  const expected = parseUnit(expectedSI);
  if (!written.ok || !expected.ok) return undefined;
  const units = unitsOfDimension(expected.dim);
  const unit =
    units.find((u) => u.exponent10 === written.exponent10) ??
    naturalUnit(Number(m[1]!.trim()) * expected.factor, expected.dim);
  if (unit === undefined) return undefined;
  return { unit: unit.name, start: m[1]!.length, end: literal.length };
}

function fixesFor(a: Analysis, d: LspDiagnostic): Fix[] {
  const file = a.file;
  if (file === undefined) return [];
  const data = record(record(d.data)?.["snnc"]);
  const start = offsetAt(file, d.range.start);
  const end = offsetAt(file, d.range.end);
  const current = file.text.slice(start, end);
  const fixes: Fix[] = [];
  const missingUnit = str(data?.["missingUnit"]);
  if (missingUnit !== undefined)
    fixes.push({
      title: `Add the unit '${missingUnit}'`,
      range: rangeOf(file, end, end),
      newText: ` ${missingUnit}`,
    });
  const suggestion = str(data?.["suggestion"]);
  const unitSpan = spanLike(data?.["unitSpan"]);
  if (suggestion !== undefined && unitSpan !== undefined)
    fixes.push({
      title: `Change the unit to '${suggestion}'`,
      range: rangeOf(file, unitSpan.start, unitSpan.end),
      newText: suggestion,
    });
  else if (suggestion !== undefined)
    fixes.push({
      title: `Replace with '${suggestion}'`,
      range: d.range,
      newText: replacementText(current, suggestion),
    });
  const expected = str(data?.["expected"]);
  if (expected !== undefined && missingUnit === undefined && suggestion === undefined) {
    const fix = unitOfExpectedDimension(current, expected);
    if (fix !== undefined)
      fixes.push({
        title: `Change the unit to '${fix.unit}'`,
        range: rangeOf(file, start + fix.start, start + fix.end),
        newText: fix.unit,
      });
  }
  const replacement = str(data?.["replacement"]);
  if (replacement !== undefined)
    fixes.push({
      title: `Replace with '${replacement}'`,
      range: d.range,
      newText: replacementText(current, replacement),
    });
  const candidates = data?.["candidates"];
  if (Array.isArray(candidates) && fixes.length === 0) {
    const names = candidates.filter((c): c is string => typeof c === "string");
    const best = suggest(current.replace(/^"|"$/g, ""), names);
    if (best !== undefined)
      fixes.push({
        title: `Change to '${best}'`,
        range: d.range,
        newText: replacementText(current, best),
      });
  }
  const meant = /did you mean '([^']+)'/.exec(d.message)?.[1];
  if (meant !== undefined && !fixes.some((f) => f.newText === meant || f.newText === `"${meant}"`))
    fixes.push({
      title: `Change to '${meant}'`,
      range: d.range,
      newText: replacementText(current, meant),
    });
  return fixes;
}

/** The quick fixes for the diagnostics the client sent with the request. */
export function codeActions(
  a: Analysis,
  uri: string,
  diagnostics: readonly LspDiagnostic[],
): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== "snnc") continue;
    const fixes = fixesFor(a, d);
    fixes.forEach((f, i) =>
      out.push({
        title: f.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: i === 0,
        edit: { changes: { [uri]: [{ range: f.range, newText: f.newText }] } },
      }),
    );
  }
  return out;
}
