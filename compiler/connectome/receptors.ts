/**
 * Gives every chemical edge its receptor from the sign table (SPEC §4): the presynaptic neuron's
 * transmitter, looked up case-insensitively in the `signs` map. Collects what cannot be decided
 * and reports it once per kind of problem, listing every transmitter (with how many edges it
 * has) or neuron involved, so one compile tells the user everything to add.
 *
 * Reports connectome-undecided-transmitter and connectome-sign-key-missing. Undecided edges get
 * the default receptor so the result stays usable for the editor.
 */
import type { DiagnosticSink } from "../../common/index.js";
import type { Receptor } from "../ir/index.js";
import { MAX_LISTED, csvNote, listSome, plural } from "./report.js";
import type { SignTable } from "./signs.js";
import { closestName } from "./suggest.js";
import type { ConnectomeConfig } from "./types.js";

/** What deciding receptors needs besides the edges. */
export interface ReceptorContext {
  readonly config: ConnectomeConfig;
  /** Null without a sign table (or when it could not be read: already reported). */
  readonly table: SignTable | null;
  /** Lower-cased transmitter → receptor. */
  readonly signMap: ReadonlyMap<string, Receptor>;
  readonly defaultReceptor: Receptor;
  /** The edge list's name in notes. */
  readonly edgeShown: string;
  readonly sink: DiagnosticSink;
}

interface Undecided {
  readonly spelling: string;
  edges: number;
  /** In order of first edge; a set, as a list's `includes` per edge was edges x neurons. */
  readonly neurons: Set<string>;
  readonly line: number;
}

/** One receptor per edge, in the edges' order. */
export function decideReceptors(
  edges: {
    readonly length: number;
    readonly pre: ArrayLike<number>;
    readonly line: ArrayLike<number>;
  },
  members: readonly string[],
  ctx: ReceptorContext,
): Receptor[] {
  const table = ctx.table;
  const receptors = new Array<Receptor>(edges.length).fill(ctx.defaultReceptor);
  if (table === null) return receptors;
  const undecided = new Map<string, Undecided>();
  const missing = new Map<string, { edges: number; line: number }>();
  // a receptor depends on the presynaptic neuron only: look each one up once, not once per edge
  const byPre = new Map<number, Receptor | { missing: string } | Undecided>();
  for (let k = 0; k < edges.length; k++) {
    const preIndex = edges.pre[k]!;
    let decided = byPre.get(preIndex);
    if (decided === undefined) {
      decided = decide(members[preIndex] ?? "", table, ctx, undecided);
      byPre.set(preIndex, decided);
    }
    if (typeof decided === "string") receptors[k] = decided;
    else if ("missing" in decided) {
      const m = missing.get(decided.missing) ?? { edges: 0, line: edges.line[k]! };
      m.edges++;
      missing.set(decided.missing, m);
    } else decided.edges++;
  }
  reportUndecided(undecided, table, ctx);
  reportMissing(missing, table, ctx);
  return receptors;
}

/** The receptor of `pre`'s edges, or why there is none (its undecided entry gains the neuron). */
function decide(
  pre: string,
  table: SignTable,
  ctx: ReceptorContext,
  undecided: Map<string, Undecided>,
): Receptor | { missing: string } | Undecided {
  const row = table.byNeuron.get(pre);
  if (row === undefined) return { missing: pre };
  const key = row.transmitter.toLowerCase();
  const receptor = ctx.signMap.get(key);
  if (receptor !== undefined) return receptor;
  let u = undecided.get(key);
  if (u === undefined) {
    u = { spelling: row.transmitter, edges: 0, neurons: new Set<string>(), line: row.line };
    undecided.set(key, u);
  }
  u.neurons.add(pre);
  return u;
}

/** How a transmitter is written as a key of `signs { }`: quoted unless it is an identifier. */
function signKey(transmitter: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(transmitter) ? transmitter : JSON.stringify(transmitter);
}

function shown(transmitter: string): string {
  return transmitter === "" ? "(empty)" : transmitter;
}

function reportUndecided(
  undecided: Map<string, Undecided>,
  table: SignTable,
  ctx: ReceptorContext,
) {
  if (undecided.size === 0) return;
  const list = [...undecided.values()].sort(
    (x, y) => y.edges - x.edges || (x.spelling < y.spelling ? -1 : x.spelling > y.spelling ? 1 : 0),
  );
  const sign = ctx.config.sign;
  ctx.sink.report({
    code: "connectome-undecided-transmitter",
    span: ctx.config.signs?.span ?? sign?.span ?? ctx.config.source.span,
    format: {
      count: list.length,
      list: list.map((u) => `'${shown(u.spelling)}' (${plural(u.edges, "edge")})`).join(", "),
    },
    notes: [
      ...list.map((u) =>
        csvNote(
          table.shown,
          u.line,
          `'${shown(u.spelling)}' is the transmitter of ${listSome([...u.neurons])}`,
        ),
      ),
      `map each in signs { ... } (e.g. ${signKey(list[0]?.spelling ?? "Glu")} = inh); quote a name that is not an identifier ("5HT" = exc); or narrow the neurons with select`,
    ],
    data: {
      undecided: list.map((u) => ({
        transmitter: u.spelling,
        edges: u.edges,
        neurons: [...u.neurons],
      })),
    },
  });
}

function reportMissing(
  missing: Map<string, { edges: number; line: number }>,
  table: SignTable,
  ctx: ReceptorContext,
) {
  if (missing.size === 0) return;
  const list = [...missing.entries()];
  const sign = ctx.config.sign;
  // The table's spelling of a listed neuron, when it is close (`AS01` in a file that pads the
  // numbers, `AS1` in the table; a case difference): the usual reason for a whole list of them.
  const keys = [...table.byNeuron.keys()];
  const near = (name: string) => {
    const key = closestName(name, keys);
    return key === undefined ? "" : ` (the table has '${key}')`;
  };
  ctx.sink.report({
    code: "connectome-sign-key-missing",
    span: sign?.key?.span ?? sign?.span ?? ctx.config.source.span,
    format: {
      neurons: plural(list.length, "presynaptic neuron"),
      list: listSome(list.map(([name, m]) => `'${name}' (${plural(m.edges, "edge")})`)),
    },
    notes: [
      ...list
        .slice(0, MAX_LISTED)
        .map(([name, m]) =>
          csvNote(ctx.edgeShown, m.line, `first chemical edge from ${name}${near(name)}`),
        ),
      `the sign table is ${table.shown}, looked up by its column '${sign?.key?.value ?? "label"}'`,
    ],
    data: { neurons: list.map(([name, m]) => ({ name, edges: m.edges, line: m.line })) },
  });
}
