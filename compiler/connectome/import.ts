/**
 * Imports a connectome edge list for `connectome NAME = csv("file.csv") { ... }` (SPEC §4): the
 * one entry point the checker calls. Pure apart from `host.readFile`; deterministic (members
 * sorted by name, edges by index pair, diagnostics in a fixed order).
 *
 * Input: a {@link ConnectomeConfig} filled by the checker from the block. Output:
 * {@link ConnectomeData}, or null when the edge list cannot be used at all (file missing, a
 * column missing, no header). When only some rows or signs are wrong, the data still comes back
 * (faulty rows skipped, undecided edges given the default receptor) next to the errors, so the
 * editor can still resolve member names; the checker must not build a network while the sink
 * holds errors.
 *
 * Semantics, in the order applied:
 * 1. Rows whose kind cell is in `kinds.chemical` are directed chemical edges (pre → post); rows in
 *    `kinds.electrical` are gap junctions. Counts must be positive numbers.
 * 2. `select` keeps the neurons matching any pattern; a row is kept when both ends are kept.
 * 3. Chemical rows of the same (pre, post) are summed; autapses are kept (info note).
 * 4. Electrical rows: self-rows are dropped (warning); each direction's rows are summed; the two
 *    directions of a pair merge into one unordered pair with the larger count (warning when they
 *    differ). A pair listed in one direction only is taken as it is.
 * 5. With a sign table, each chemical edge gets the receptor of its presynaptic neuron's
 *    transmitter; undecided transmitters and neurons missing from the table are errors. Without
 *    one, every chemical edge gets `defaultReceptor` (exc).
 *
 * About counts: Cook et al. 2019 (WormWiring, `cook2019_*` files) give the summed number of
 * electron-microscopy serial sections of all synapses between a pair, not a number of synapses;
 * `per_synapse` scales by that value as it is. Varshney et al. 2011 give synapse counts.
 */
import type { DiagnosticSink } from "../../common/index.js";
import { notCsvText } from "./csv-reader.js";
import { readEdgeList, sortByPair, type RawEdgeList } from "./edge-list.js";
import { compileGlob, isGlob } from "./glob.js";
import { MAX_LISTED, columnWanted, csvNote, listSome, plural, shownPath } from "./report.js";
import { buildSignMap, readSignTable, type SignTable } from "./signs.js";
import { closestName } from "./suggest.js";
import type {
  ChemicalEdge,
  ConfigString,
  ConnectomeConfig,
  ConnectomeData,
  ConnectomeHost,
  ElectricalEdge,
} from "./types.js";
import { decideReceptors } from "./receptors.js";

/** Column names used when the block does not name them (the layout of Cook 2019's edge list). */
export const DEFAULT_COLUMNS = {
  pre: "pre",
  post: "post",
  kind: "type",
  count: "synapses",
} as const;

/** Kind values used when `kinds { }` does not list them. */
export const DEFAULT_KINDS = { chemical: ["chemical"], electrical: ["electrical"] } as const;

/** Reads, merges and signs one connectome. See the file header for the rules. */
export function importConnectome(
  config: ConnectomeConfig,
  host: ConnectomeHost,
  sink: DiagnosticSink,
): ConnectomeData | null {
  const { path, span } = config.source;
  const shown = shownPath(path, config.source.display);
  const text = host.readFile(path);
  const notText = text === undefined ? undefined : notCsvText(text);
  if (text === undefined || notText !== undefined) {
    sink.report({
      code: "connectome-file-not-found",
      span,
      format: { what: "connectome", path: shown },
      notes: notText === undefined ? [] : [`${shown}: ${notText}`],
    });
    return null;
  }
  const kinds = resolveKinds(config, sink);
  const select = compileSelect(config.select);
  const kindColumn = columnWanted("kind", config.kind, DEFAULT_COLUMNS.kind, span);
  const raw = readEdgeList(
    text,
    {
      path,
      shown,
      span,
      pre: columnWanted("pre", config.pre, DEFAULT_COLUMNS.pre, span),
      post: columnWanted("post", config.post, DEFAULT_COLUMNS.post, span),
      kind: kindColumn,
      count: columnWanted("count", config.count, DEFAULT_COLUMNS.count, span),
      chemicalKinds: kinds.chemical,
      electricalKinds: kinds.electrical,
      kindsText: kinds.text,
      kindsSpan: config.kinds?.span ?? kindColumn.span,
      isSelected: select.test,
    },
    sink,
  );
  if (raw === null) return null;
  reportUnmatchedPatterns(select, raw, sink);

  const { members, memberLines, index } = orderMembers(raw);

  let table: SignTable | null = null;
  if (config.sign !== undefined) table = readSignTable(config.sign, host, sink);
  else if (config.signs !== undefined)
    sink.report({ code: "connectome-signs-unused", span: config.signs.span });
  const signMap = buildSignMap(config.signs, table, sink);

  const chemical = mergeChemical(raw, index, members.length);
  const receptors = decideReceptors(chemical, members, {
    config,
    table,
    signMap,
    defaultReceptor: config.defaultReceptor ?? "exc",
    edgeShown: shown,
    sink,
  });
  const chemicalEdges: ChemicalEdge[] = new Array<ChemicalEdge>(chemical.length);
  for (let k = 0; k < chemical.length; k++)
    chemicalEdges[k] = {
      pre: chemical.pre[k]!,
      post: chemical.post[k]!,
      count: chemical.count[k]!,
      receptor: receptors[k] ?? "exc",
      line: chemical.line[k]!,
    };
  const gaps = mergeElectrical(raw, index, members.length);
  reportEdgeNotes(config, raw, members, chemicalEdges, gaps, sink);

  const byName = new Map(members.map((name, k) => [name, k]));
  return {
    path,
    members,
    memberLines,
    transmitters: members.map((name) => table?.byNeuron.get(name)?.transmitter ?? null),
    chemical: chemicalEdges,
    electrical: gaps.edges,
    stats: {
      rows: raw.rows,
      chemicalRows: raw.chemicalRows,
      electricalRows: raw.electricalRows,
      unselectedRows: raw.unselectedRows,
      autapses: chemicalEdges.filter((e) => e.pre === e.post).length,
      gapSelfRows: raw.gapSelf.length,
      gapAsymmetricPairs: gaps.asymmetric.length,
      chemicalCount: chemicalEdges.reduce((sum, e) => sum + e.count, 0),
    },
    memberLine: (name) => {
      const k = byName.get(name);
      return k === undefined ? undefined : memberLines[k];
    },
    memberIndex: (name) => byName.get(name),
  };
}

/**
 * The selected names sorted (the default sort compares UTF-16 code units: the documented member
 * order), their first lines, and `index[id]`: the member index of each interned id (-1 when not
 * selected).
 */
function orderMembers(raw: RawEdgeList): {
  members: string[];
  memberLines: number[];
  index: Int32Array;
} {
  const members = raw.names.filter((_, id) => raw.selected[id] === true).sort();
  const idOf = new Map(raw.names.map((name, id) => [name, id]));
  const index = new Int32Array(raw.names.length).fill(-1);
  const memberLines = members.map((name, k) => {
    const id = idOf.get(name) ?? 0;
    index[id] = k;
    return raw.lines[id] ?? 0;
  });
  return { members, memberLines, index };
}

interface ResolvedKinds {
  readonly chemical: ReadonlySet<string>;
  readonly electrical: ReadonlySet<string>;
  readonly text: string;
}

function resolveKinds(config: ConnectomeConfig, sink: DiagnosticSink): ResolvedKinds {
  const chemicalValues = config.kinds?.chemical?.map((k) => k.value.trim()) ?? [
    ...DEFAULT_KINDS.chemical,
  ];
  const chemical = new Set(chemicalValues.map((v) => v.toLowerCase()));
  const electricalWritten = config.kinds?.electrical;
  const electricalValues = electricalWritten?.map((k) => k.value.trim()) ?? [
    ...DEFAULT_KINDS.electrical,
  ];
  const electrical = new Set<string>();
  electricalValues.forEach((value, k) => {
    const lower = value.toLowerCase();
    if (chemical.has(lower)) {
      const where = electricalWritten?.[k]?.span ?? config.kinds?.span ?? config.source.span;
      sink.report({ code: "connectome-kind-overlap", span: where, format: { value } });
      return;
    }
    electrical.add(lower);
  });
  const quote = (values: readonly string[]) =>
    values.length === 0 ? "(none)" : values.map((v) => `'${v}'`).join(", ");
  const text = `chemical ${quote(chemicalValues)} and electrical ${quote(electricalValues)}`;
  return { chemical, electrical, text };
}

interface CompiledSelect {
  readonly patterns: readonly ConfigString[];
  readonly matched: boolean[];
  readonly test: (name: string) => boolean;
}

function compileSelect(select: readonly ConfigString[] | undefined): CompiledSelect {
  const patterns = select ?? [];
  const globs = patterns.map((p) => compileGlob(p.value));
  const matched = patterns.map(() => false);
  const test = (name: string): boolean => {
    if (globs.length === 0) return true;
    let any = false;
    globs.forEach((glob, k) => {
      if (glob.test(name)) {
        matched[k] = true;
        any = true;
      }
    });
    return any;
  };
  return { patterns, matched, test };
}

function reportUnmatchedPatterns(select: CompiledSelect, raw: RawEdgeList, sink: DiagnosticSink) {
  select.patterns.forEach((pattern, k) => {
    if (select.matched[k] === true) return;
    const near = isGlob(pattern.value) ? undefined : closestName(pattern.value, raw.names);
    sink.report({
      code: "connectome-select-no-match",
      span: pattern.span,
      format: {
        pattern: pattern.value,
        suggestion: near === undefined ? "" : ` (did you mean '${near}'?)`,
      },
      data: { replacement: near ?? null },
    });
  });
}

/** Chemical pairs in member indices, sorted by (pre, post); receptors decided later. */
function mergeChemical(raw: RawEdgeList, index: Int32Array, n: number): PairColumns {
  const s = raw.chemical;
  const pre = new Int32Array(s.length);
  const post = new Int32Array(s.length);
  for (let k = 0; k < s.length; k++) {
    pre[k] = index[s.pre[k]!]!;
    post[k] = index[s.post[k]!]!;
  }
  const order = sortByPair(pre, post, s.length, n);
  const out: PairColumns = {
    length: s.length,
    pre: new Int32Array(s.length),
    post: new Int32Array(s.length),
    count: new Float64Array(s.length),
    line: new Int32Array(s.length),
  };
  for (let k = 0; k < s.length; k++) {
    const i = order[k]!;
    out.pre[k] = pre[i]!;
    out.post[k] = post[i]!;
    out.count[k] = s.count[i]!;
    out.line[k] = s.line[i]!;
  }
  return out;
}

/** Chemical pairs as columns (member indices). */
interface PairColumns {
  readonly length: number;
  readonly pre: Int32Array;
  readonly post: Int32Array;
  readonly count: Float64Array;
  readonly line: Int32Array;
}

/** Summed count and first line of one direction of a gap-junction pair. */
interface Tally {
  readonly count: number;
  readonly line: number;
}

/** One pair of directions whose counts differ, for the warning. */
interface Asymmetry {
  readonly a: number;
  readonly b: number;
  readonly ab: Tally;
  readonly ba: Tally;
}

/**
 * Unordered gap-junction pairs (a < b, member indices) sorted by (a, b): the larger of the two
 * directions' counts, the earlier of their first lines.
 */
function mergeElectrical(
  raw: RawEdgeList,
  index: Int32Array,
  n: number,
): { edges: ElectricalEdge[]; asymmetric: Asymmetry[] } {
  const s = raw.electrical;
  const lo = new Int32Array(s.length);
  const hi = new Int32Array(s.length);
  for (let k = 0; k < s.length; k++) {
    const i = index[s.pre[k]!]!;
    const j = index[s.post[k]!]!;
    lo[k] = Math.min(i, j);
    hi[k] = Math.max(i, j);
  }
  const order = sortByPair(lo, hi, s.length, n);
  const edges: ElectricalEdge[] = [];
  const asymmetric: Asymmetry[] = [];
  for (let k = 0; k < s.length; k++) {
    const x = order[k]!;
    const a = lo[x]!;
    const b = hi[x]!;
    // the other direction of the same pair, if listed (each direction is one entry)
    const y = k + 1 < s.length ? order[k + 1]! : -1;
    const both = y >= 0 && lo[y] === a && hi[y] === b;
    const count = both ? Math.max(s.count[x]!, s.count[y]!) : s.count[x]!;
    const line = both ? Math.min(s.line[x]!, s.line[y]!) : s.line[x]!;
    edges.push({ a, b, count, line });
    if (both) {
      k++;
      if (s.count[x] !== s.count[y]) {
        const [ab, ba] = index[s.pre[x]!] === a ? [x, y] : [y, x];
        const tally = (e: number): Tally => ({ count: s.count[e]!, line: s.line[e]! });
        asymmetric.push({ a, b, ab: tally(ab), ba: tally(ba) });
      }
    }
  }
  return { edges, asymmetric };
}

function reportEdgeNotes(
  config: ConnectomeConfig,
  raw: RawEdgeList,
  members: readonly string[],
  chemical: readonly ChemicalEdge[],
  gaps: { edges: readonly ElectricalEdge[]; asymmetric: readonly Asymmetry[] },
  sink: DiagnosticSink,
): void {
  const { path, span } = config.source;
  const shown = shownPath(path, config.source.display);
  const name = (k: number) => members[k] ?? "?";
  const more = (total: number, what: string) =>
    total > MAX_LISTED ? [`${total - MAX_LISTED} more ${what} are not shown`] : [];
  if (members.length === 0) {
    sink.report({ code: "connectome-empty", span, format: { what: "neurons" } });
  } else if (chemical.length === 0 && gaps.edges.length === 0) {
    sink.report({ code: "connectome-empty", span, format: { what: "edges" } });
  }
  const autapses = chemical.filter((e) => e.pre === e.post);
  if (autapses.length > 0) {
    sink.report({
      code: "connectome-autapse",
      span,
      format: { autapses: plural(autapses.length, "chemical autapse") },
      notes: [`${shown}: ${listSome(autapses.map((e) => `${name(e.pre)} (line ${e.line})`))}`],
      data: { autapses: autapses.map((e) => ({ neuron: name(e.pre), line: e.line })) },
    });
  }
  if (raw.gapSelf.length > 0) {
    sink.report({
      code: "connectome-gap-self",
      span,
      format: { rows: plural(raw.gapSelf.length, "electrical row") },
      notes: [
        ...raw.gapSelf
          .slice(0, MAX_LISTED)
          .map((s) => csvNote(shown, s.line, `${s.name} <-> ${s.name}`)),
        ...more(raw.gapSelf.length, "self-rows"),
      ],
      data: { rows: raw.gapSelf },
    });
  }
  if (gaps.asymmetric.length > 0) {
    const describe = (p: Asymmetry) =>
      csvNote(
        shown,
        p.ab.line,
        `${name(p.a)} -> ${name(p.b)} has ${p.ab.count}, ${name(p.b)} -> ${name(p.a)} (line ${p.ba.line}) has ${p.ba.count}`,
      );
    sink.report({
      code: "connectome-gap-asymmetric",
      span,
      format: { pairs: plural(gaps.asymmetric.length, "gap-junction pair") },
      notes: [
        ...gaps.asymmetric.slice(0, MAX_LISTED).map(describe),
        ...more(gaps.asymmetric.length, "pairs"),
      ],
      data: {
        pairs: gaps.asymmetric.map((p) => ({
          a: name(p.a),
          b: name(p.b),
          countAB: p.ab.count,
          countBA: p.ba.count,
          lineAB: p.ab.line,
          lineBA: p.ba.line,
        })),
      },
    });
  }
}
