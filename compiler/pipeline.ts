/**
 * The ordered pass list of the front end and `compile()`. Each pass is a function in
 * compiler/passes/<verb-noun>.ts taking plain data and returning plain data; the shared
 * collectors are the diagnostic sink and the symbol index (for the language server).
 *
 *   load-modules → collect-declarations → evaluate-constants (values.ts) → check-run →
 *   resolve-models → check-plasticity-rules → layout-populations (population-model.ts,
 *   import-connectomes.ts) → check-connections (connection-rules.ts, connection-values.ts,
 *   connectome-projections.ts) → check-gaps → check-stimuli → check-recordings →
 *   check-core-leak → order-core → lower-network → describe-symbols
 *
 * Helpers shared by several passes: resolve-names.ts (lookups, did-you-mean), select.ts
 * (selections), settings.ts (block keys), param-values.ts and rule-params.ts (parameter
 * values), selection-text.ts (projection names); ../ir/time-grid.ts (SPEC §7 rounding, shared
 * with the simulator).
 *
 * The network is built only when no pass reported an error (STYLE.md §5); symbols and
 * references are always returned, so the editor works on broken files too.
 */
import {
  compilerAssert,
  DiagnosticSink,
  NoSpan,
  SourceSet,
  lineColOf,
  type Diagnostic,
  type FileId,
} from "../common/index.js";
import { parse } from "../grammar/index.js";
import type { SnnFile } from "../grammar/ast.js";
import type { GapJunction, Network, Recording, Stimulus } from "./ir/index.js";
import type { Declarations } from "./passes/collect-declarations.js";
import type { ConnectionTable } from "./passes/check-connections.js";
import type { PlasticityTable } from "./passes/check-plasticity-rules.js";
import { irPopulations, type PopulationLayout } from "./passes/layout-populations.js";
import { checkRun } from "./passes/check-run.js";
import { collectDeclarations } from "./passes/collect-declarations.js";
import {
  SymbolIndex,
  type CompilerHost,
  type PassContext,
  type SymbolDecl,
  type SymbolRef,
} from "./passes/context.js";
import { loadModules, type ParseFn } from "./passes/load-modules.js";
import { checkPlasticityRules } from "./passes/check-plasticity-rules.js";
import { resolveModels } from "./passes/resolve-models.js";
import { evaluateConstants } from "./passes/values.js";
import { layoutPopulations } from "./passes/layout-populations.js";
import { checkConnections } from "./passes/check-connections.js";
import { checkGaps } from "./passes/check-gaps.js";
import { checkStimuli } from "./passes/check-stimuli.js";
import { checkRecordings } from "./passes/check-recordings.js";
import { orderCore } from "./passes/order-core.js";
import { checkCoreLeak } from "./passes/check-core-leak.js";
import { lowerNetwork } from "./passes/lower-network.js";
import { describeSymbols } from "./passes/describe-symbols.js";

/**
 * Checking diagnostics in source order (file id, then offset), stable for equal positions; those
 * without a span come first. The parser's come before all of them (as syntactic diagnostics
 * precede semantic ones in TypeScript); passes report in pass order, people read in text order.
 */
function sortDiagnostics(items: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): [number, number] =>
    d.span === NoSpan ? [-1, -1] : [d.span.file, d.span.start];
  return items
    .map((d, i) => ({ d, i, k: key(d) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.d);
}

/**
 * Drops a diagnostic identical to an earlier one (code, severity, span, message, notes, related
 * information). A value written once can be checked several times: a model's spike times or
 * rate, say, once per population of that model, and the second report at the same place says
 * nothing the first did not.
 */
function dropRepeats(items: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return items.filter((d) => {
    const key = JSON.stringify([
      d.code,
      d.severity,
      d.span === NoSpan ? null : [d.span.file, d.span.start, d.span.end],
      d.message,
      d.notes ?? [],
      (d.related ?? []).map((r) => [r.message, r.span.file, r.span.start, r.span.end]),
    ]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Syntax errors after which the parser guessed (recovery) rather than read faithfully. */
const recoveryCodes: ReadonlySet<string> = new Set([
  "syntax-error",
  "unterminated-string",
  "unterminated-comment",
  "invalid-character",
  // `tau_m = tau ms`: the parser drops the unit, and "expected time, found a dimensionless
  // value" for what is left would only repeat that error
  "unit-after-non-number",
]);

/**
 * Drops checking diagnostics on the lines of a syntax error: there the parser recovered by
 * guessing, and what the checker says about its guess (a missing weight, a misplaced unit, an
 * unterminated file name) would only repeat the syntax error (STYLE.md §3, no cascades).
 */
function dropNearSyntaxErrors(
  items: readonly Diagnostic[],
  syntax: readonly Diagnostic[],
  sources: SourceSet,
): readonly Diagnostic[] {
  if (syntax.length === 0) return items;
  const damaged = syntax.flatMap((d) => {
    if (d.span === NoSpan || !recoveryCodes.has(d.code)) return [];
    const file = sources.get(d.span.file);
    return [
      {
        file: d.span.file,
        from: lineColOf(file, d.span.start).line,
        to: lineColOf(file, d.span.end).line,
      },
    ];
  });
  const syntaxSet = new Set(syntax);
  return items.filter((d) => {
    if (syntaxSet.has(d)) return false;
    if (d.span === NoSpan) return true;
    const s = d.span;
    const file = sources.get(s.file);
    const from = lineColOf(file, s.start).line;
    const to = lineColOf(file, s.end).line;
    return !damaged.some((r) => r.file === s.file && r.from <= to && from <= r.to);
  });
}

/**
 * Every declaration that checked without an error must have become part of the network: a pass
 * that drops one without reporting would otherwise build a silently smaller network. A mismatch
 * is a compiler bug, so it throws an internal error instead.
 */
function assertComplete(
  decls: Declarations,
  layout: PopulationLayout,
  connections: ConnectionTable,
  gaps: readonly GapJunction[],
  stimuli: readonly Stimulus[],
  recordings: readonly Recording[],
  plasticity: PlasticityTable,
): void {
  const count = (kind: string): number => decls.entries.filter((e) => e.node.kind === kind).length;
  compilerAssert(
    layout.populations.length === count("population") + count("connectome"),
    "a population was dropped without a diagnostic",
  );
  const written = connections.projections.filter(
    (c) => !layout.connectomes.some((x) => x.decl.span === c.projection.origin),
  ).length;
  compilerAssert(
    written === decls.connects.length,
    "a projection was dropped without a diagnostic",
  );
  const writtenGaps = gaps.filter(
    (g) => !layout.connectomes.some((x) => x.decl.span === g.origin),
  ).length;
  compilerAssert(
    writtenGaps === decls.gaps.length,
    "a gap junction was dropped without a diagnostic",
  );
  compilerAssert(
    stimuli.length === count("stimulus"),
    "a stimulus was dropped without a diagnostic",
  );
  compilerAssert(
    recordings.length === decls.records.length,
    "a recording was dropped without a diagnostic",
  );
  compilerAssert(
    plasticity.rules.length === count("plasticity"),
    "a plasticity rule was dropped without a diagnostic",
  );
}

export interface CompileOptions {
  /** Overrides the file's `seed`. */
  readonly seed?: number;
  /** Overrides the file's `duration`, in seconds. */
  readonly duration?: number;
}

/** Everything the front end knows about a program: the CLI, LSP and backends read this. */
export interface CompileResult {
  readonly sources: SourceSet;
  /** Every parsed module by file id (the main file and its imports). */
  readonly files: ReadonlyMap<FileId, SnnFile>;
  /** The checked network; null when there are errors. */
  readonly network: Network | null;
  /** Every diagnostic, in the order the passes reported them. */
  readonly diagnostics: readonly Diagnostic[];
  readonly symbols: readonly SymbolDecl[];
  readonly references: readonly SymbolRef[];
}

/**
 * Compiles the `.snn` file at `mainPath` (absolute) and everything it imports, reading files
 * only through `host`. Never throws on bad input: problems are diagnostics.
 */
export function compile(
  mainPath: string,
  host: CompilerHost,
  options: CompileOptions = {},
): CompileResult {
  return compileWith(parse, mainPath, host, options);
}

/**
 * {@link compile} with the parser given: the incremental compiler (compiler/incremental.ts)
 * passes one that reuses the unchanged declarations of the previous parse of each file.
 */
export function compileWith(
  parseFile: ParseFn,
  mainPath: string,
  host: CompilerHost,
  options: CompileOptions = {},
): CompileResult {
  try {
    return compileChecked(parseFile, mainPath, host, options);
  } catch (e) {
    // the parser and several passes recurse once a level: a file nested thousands deep
    // exhausts the stack, which is the file's limit, not a bug
    if (!(e instanceof RangeError && /call stack/i.test(e.message))) throw e;
    const sink = new DiagnosticSink();
    sink.report({ code: "nesting-too-deep", span: NoSpan, format: { path: mainPath } });
    return {
      sources: new SourceSet(),
      files: new Map(),
      network: null,
      diagnostics: sink.items,
      symbols: [],
      references: [],
    };
  }
}

function compileChecked(
  parseFile: ParseFn,
  mainPath: string,
  host: CompilerHost,
  options: CompileOptions,
): CompileResult {
  const sources = new SourceSet();
  const diagnostics = new DiagnosticSink();
  const symbols = new SymbolIndex();
  const ctx: PassContext = { host, sources, diagnostics, symbols };

  const program = loadModules(mainPath, parseFile, ctx);
  const files = new Map<FileId, SnnFile>(program.modules.map((m) => [m.file.id, m.ast]));
  const decls = collectDeclarations(program, ctx);
  const values = evaluateConstants(decls, ctx);
  const run = checkRun(decls.simulate, decls.targets, options, values, ctx);
  const models = resolveModels(decls, values, ctx);
  const plasticity = checkPlasticityRules(decls, values, run, ctx);
  const layout = layoutPopulations(decls, models, plasticity, values, run, ctx);
  const connections = checkConnections(decls, layout, plasticity, values, run, ctx);
  const gaps = checkGaps(decls, layout, values, ctx);
  const stimuli = checkStimuli(decls, layout, values, ctx, run);
  const recordings = checkRecordings(decls, layout, connections, values, run, ctx);
  const projections = connections.projections.map((c) => c.projection);
  if (!diagnostics.hasErrors) checkCoreLeak(irPopulations(layout), diagnostics);
  const core = diagnostics.hasErrors
    ? null
    : orderCore(irPopulations(layout), projections, diagnostics);

  if (!diagnostics.hasErrors)
    assertComplete(decls, layout, connections, gaps, stimuli, recordings, plasticity);
  const network: Network | null = diagnostics.hasErrors
    ? null
    : lowerNetwork({
        mainPath,
        run,
        layout,
        plasticity,
        connections,
        gaps,
        stimuli,
        recordings,
        core,
      });
  describeSymbols(
    {
      decls,
      values,
      models,
      plasticity,
      layout,
      connections: connections.projections,
      run,
      stimuli,
    },
    ctx,
  );
  return {
    sources,
    files,
    network,
    diagnostics: [
      ...program.syntax,
      ...dropRepeats(
        sortDiagnostics(dropNearSyntaxErrors(diagnostics.items, program.syntax, sources)),
      ),
    ],
    symbols: symbols.symbols,
    references: symbols.references,
  };
}
