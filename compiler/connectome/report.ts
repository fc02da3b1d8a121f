/**
 * Small helpers that keep the connectome diagnostics uniform: how a CSV location is written in a
 * note (`path:line: detail`, which terminals and editors can open), how long lists are cut, and
 * how a header's columns are resolved with a did-you-mean.
 */
import type { DiagnosticSink, Span } from "../../common/index.js";
import { closestName } from "./suggest.js";
import type { ConfigString } from "./types.js";

/** How many rows, pairs or names one diagnostic lists before summarising the rest. */
export const MAX_LISTED = 10;

/** A note naming a CSV file and line: `path:line` or `path:line: detail`. */
export function csvNote(path: string, line: number, detail?: string): string {
  return detail === undefined ? `${path}:${line}` : `${path}:${line}: ${detail}`;
}

/**
 * How a CSV file is named in messages and notes: the path as the user wrote it in the `.snn`
 * file when the checker passes it (`display`), else the file name. Never the absolute path, so
 * messages read the same on every machine (and golden files stay portable); the absolute path
 * goes into each diagnostic's `data.csv.path` for editors.
 */
export function shownPath(path: string, display: string | undefined): string {
  return display ?? baseName(path);
}

/** The file name of a path. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut < 0 ? path : path.slice(cut + 1);
}

/** The first {@link MAX_LISTED} items joined with ", ", then "and N more". */
export function listSome(items: readonly string[], max = MAX_LISTED): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

/** `"1 row"`, `"3 rows"`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A column the importer needs: what the user wrote (or the default) and where to report. */
export interface ColumnWanted {
  /** `pre`, `post`, `kind`, `count`, `key`, `value`: the setting's name, for the default's note. */
  readonly setting: string;
  readonly name: string;
  readonly span: Span;
  /** True when the user did not write the setting and its default is in use. */
  readonly defaulted: boolean;
}

/** The wanted column from a config value or its default. */
export function columnWanted(
  setting: string,
  written: ConfigString | undefined,
  fallback: string,
  fallbackSpan: Span,
): ColumnWanted {
  return written === undefined
    ? { setting, name: fallback, span: fallbackSpan, defaulted: true }
    : { setting, name: written.value.trim(), span: written.span, defaulted: false };
}

/**
 * Finds each wanted column in the header; reports every missing one (with the header's columns
 * and the closest name) and every one named twice, and returns null when any is either.
 */
export function resolveColumns(
  header: readonly string[],
  wanted: readonly ColumnWanted[],
  file: {
    readonly path: string;
    readonly shown: string;
    readonly what: string;
    readonly headerLine: number;
  },
  sink: DiagnosticSink,
): number[] | null {
  const indices: number[] = [];
  let ok = true;
  for (const w of wanted) {
    const index = header.indexOf(w.name);
    indices.push(index);
    if (index >= 0) {
      // Two columns of the same name: taking the first would silently ignore the other's data.
      const again = header.indexOf(w.name, index + 1);
      if (again < 0) continue;
      ok = false;
      sink.report({
        code: "connectome-duplicate-column",
        span: w.span,
        format: { what: file.what, column: w.name },
        notes: [
          csvNote(
            file.shown,
            file.headerLine,
            `'${w.name}' is column ${index + 1} and column ${again + 1} of the header`,
          ),
        ],
        data: { csv: { path: file.path, line: file.headerLine } },
      });
      continue;
    }
    ok = false;
    const near = closestName(w.name, header);
    const notes = [
      csvNote(
        file.shown,
        file.headerLine,
        // cut: a wide file (an adjacency matrix with a column per neuron) has hundreds
        `the header's columns are ${listSome(
          header.map((h) => `'${h}'`),
          2 * MAX_LISTED,
        )}`,
      ),
    ];
    const separator = otherSeparator(header);
    if (separator !== undefined)
      notes.push(
        `the header seems to be separated by ${separator}; csv(...) and from_csv(...) read comma-separated files: save the file as CSV with commas`,
      );
    if (w.defaulted)
      notes.push(
        `'${w.name}' is the default ${w.setting} column; name another with ${w.setting} = "..."`,
      );
    // an edge list without counts (one row per synapse: every column is another setting's)
    // cannot be named around; say what works
    const spare = header.filter((h) => !wanted.some((o) => o !== w && o.name === h));
    if (w.setting === "count" && spare.length === 0)
      notes.push(
        `every edge needs a count; if each row is one synapse, add a column '${w.name}' with 1 on every row (rows of the same pair are summed)`,
      );
    sink.report({
      code: "connectome-missing-column",
      span: w.span,
      format: {
        what: file.what,
        column: w.name,
        suggestion: near === undefined ? "" : ` (did you mean '${near}'?)`,
      },
      notes,
      data: { csv: { path: file.path, line: file.headerLine }, replacement: near ?? null },
    });
  }
  return ok ? indices : null;
}

/**
 * The separator a header seems to use instead of commas (`;` from a spreadsheet set to a
 * decimal-comma locale, TAB from a "text" export), or undefined.
 */
export function otherSeparator(header: readonly string[]): string | undefined {
  if (header.some((h) => h.includes("\t"))) return "TABs";
  if (header.some((h) => h.includes(";"))) return "semicolons";
  return undefined;
}
