/**
 * The diagnostic model (STYLE.md §3). Passes never throw on user errors: they push a
 * {@link Diagnostic} into a sink and carry on. Compiler bugs go through {@link compilerAssert}.
 */
import { NoSpan, type Span } from "../source.js";
import { diagnosticTable, type DiagnosticCode } from "./codes.js";
import { formatMessage, type MessageTemplate, type Severity } from "./message.js";

export interface RelatedInformation {
  readonly message: string;
  readonly span: Span;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span | NoSpan;
  readonly related?: readonly RelatedInformation[];
  /** Extra lines printed under the code frame (e.g. a CSV file's line). */
  readonly notes?: readonly string[];
  /** Payload for code actions (e.g. the replacement a quick fix should insert). */
  readonly data?: unknown;
}

// A template with no parameters infers `string`; treat that as "no parameters".
type KeysOf<C extends DiagnosticCode> =
  (typeof diagnosticTable)[C]["message"] extends MessageTemplate<infer K>
    ? string extends K
      ? never
      : K
    : never;

export type DiagnosticArgs<C extends DiagnosticCode> = {
  readonly code: C;
  readonly span: Span | NoSpan;
  readonly related?: readonly RelatedInformation[];
  readonly notes?: readonly string[];
  readonly data?: unknown;
  /** Overrides the table's severity (used only for warnings a user promoted). */
  readonly severity?: Severity;
} & ([KeysOf<C>] extends [never]
  ? { readonly format?: undefined }
  : { readonly format: Readonly<Record<KeysOf<C>, string | number>> });

export function createDiagnostic<C extends DiagnosticCode>(args: DiagnosticArgs<C>): Diagnostic {
  const def = diagnosticTable[args.code];
  const template = def.message as MessageTemplate<string>;
  const message = formatMessage(template, (args.format ?? {}) as Record<string, string>);
  const d: {
    code: DiagnosticCode;
    severity: Severity;
    message: string;
    span: Span | NoSpan;
    related?: readonly RelatedInformation[];
    notes?: readonly string[];
    data?: unknown;
  } = { code: args.code, severity: args.severity ?? def.severity, message, span: args.span };
  if (args.related !== undefined && args.related.length > 0) d.related = args.related;
  if (args.notes !== undefined && args.notes.length > 0) d.notes = args.notes;
  if (args.data !== undefined) d.data = args.data;
  return d;
}

/** Where passes report. Keeps order of insertion; never throws. */
export class DiagnosticSink {
  readonly #items: Diagnostic[] = [];
  #errors = 0;

  add(d: Diagnostic): void {
    this.#items.push(d);
    if (d.severity === "error") this.#errors++;
  }

  report<C extends DiagnosticCode>(args: DiagnosticArgs<C>): void {
    this.add(createDiagnostic(args));
  }

  addAll(ds: readonly Diagnostic[]): void {
    for (const d of ds) this.add(d);
  }

  get hasErrors(): boolean {
    return this.#errors > 0;
  }

  get errorCount(): number {
    return this.#errors;
  }

  get items(): readonly Diagnostic[] {
    return this.#items;
  }
}

/** Thrown only for bugs in snnc itself, never for bad user input. */
export class InternalCompilerError extends Error {
  readonly span: Span | undefined;
  constructor(message: string, span?: Span) {
    super(`internal compiler error: ${message}`);
    this.name = "InternalCompilerError";
    this.span = span;
  }
}

export function compilerAssert(
  condition: unknown,
  message: string,
  span?: Span,
): asserts condition {
  if (!condition) throw new InternalCompilerError(message, span);
}

export function assertNever(value: never, what = "value"): never {
  throw new InternalCompilerError(`unexpected ${what}: ${JSON.stringify(value)}`);
}

export { NoSpan };
