/**
 * Message templates for the diagnostic table. `msg\`Expected ${"expected"}, found ${"found"}\``
 * records the parameter names in the type, so {@link createDiagnostic} can demand exactly them.
 */
export interface MessageTemplate<K extends string> {
  readonly keys: readonly K[];
  readonly strings: readonly string[];
}

export function msg<const K extends string = never>(
  strings: TemplateStringsArray,
  ...keys: K[]
): MessageTemplate<K> {
  return { keys, strings: [...strings] };
}

export function formatMessage<K extends string>(
  template: MessageTemplate<K>,
  values: Readonly<Record<K, string | number>>,
): string {
  let out = template.strings[0] ?? "";
  template.keys.forEach((key, i) => {
    out += String(values[key]) + (template.strings[i + 1] ?? "");
  });
  return out;
}

export type Severity = "error" | "warning" | "info";

export interface DiagnosticDefinition<K extends string = string> {
  readonly severity: Severity;
  readonly message: MessageTemplate<K>;
  /** One line for docs/diagnostics.md: when this is reported and what to do. */
  readonly description: string;
}

/** Helper that keeps each table's literal types (used by the code tables). */
export function defineCodes<
  const T extends Record<string, DiagnosticDefinition<never> | DiagnosticDefinition<string>>,
>(table: T): T {
  return table;
}
