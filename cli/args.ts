/**
 * A small argument parser for the `snnc` command: positional arguments plus `--name value`,
 * `--name=value` and boolean `--flag` options. Unknown options are reported by the command.
 */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
}

export function parseArgs(argv: readonly string[], booleanFlags: ReadonlySet<string>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      if (eq > 0) {
        options.set(arg.slice(2, eq), arg.slice(eq + 1));
      } else {
        const name = arg.slice(2);
        const next = argv[i + 1];
        if (booleanFlags.has(name) || next === undefined || next.startsWith("--")) {
          options.set(name, true);
        } else {
          options.set(name, next);
          i++;
        }
      }
    } else if (arg.startsWith("-") && arg.length === 2 && arg !== "-") {
      const next = argv[i + 1];
      const name = arg.slice(1);
      if (booleanFlags.has(name) || next === undefined) options.set(name, true);
      else {
        options.set(name, next);
        i++;
      }
    } else {
      positional.push(arg);
    }
  }
  return { positional, options };
}

export function optionString(args: ParsedArgs, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = args.options.get(n);
    if (typeof v === "string") return v;
  }
  return undefined;
}

export function optionFlag(args: ParsedArgs, ...names: string[]): boolean {
  return names.some((n) => args.options.has(n));
}
