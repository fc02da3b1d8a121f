/**
 * A small argument parser for the `snnc` command: positional arguments plus `--name value`,
 * `--name=value`, `-n value` and boolean `--flag` options. Each command declares its options;
 * an unknown option, an option without its value or a flag given a value is an error the
 * command reports (exit 2) before doing anything.
 */
export interface ParsedArgs {
  readonly positional: readonly string[];
  readonly options: ReadonlyMap<string, string | true>;
  /** What was wrong with the arguments, one sentence each. */
  readonly errors: readonly string[];
}

/** The options a command takes: flags stand alone, the others take a value. */
export interface OptionSpec {
  readonly flags?: readonly string[];
  readonly values?: readonly string[];
}

const spelled = (name: string): string => (name.length === 1 ? `-${name}` : `--${name}`);

export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const flags = new Set(spec.flags ?? []);
  const values = new Set(spec.values ?? []);
  const known = (name: string): boolean => flags.has(name) || values.has(name);
  const positional: string[] = [];
  const options = new Map<string, string | true>();
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const long = arg.startsWith("--");
    if (!long && !(arg.startsWith("-") && arg.length === 2 && arg !== "-")) {
      positional.push(arg);
      continue;
    }
    const eq = long ? arg.indexOf("=") : -1;
    const name = long ? arg.slice(2, eq > 0 ? eq : undefined) : arg.slice(1);
    if (!known(name)) {
      errors.push(`unknown option ${spelled(name)}`);
      if (eq < 0 && argv[i + 1] !== undefined && !(argv[i + 1] ?? "").startsWith("-")) i++;
      continue;
    }
    if (flags.has(name)) {
      if (eq > 0) errors.push(`option ${spelled(name)} takes no value`);
      else options.set(name, true);
      continue;
    }
    if (eq > 0) {
      // `--out=` is no directory (it resolved to the working directory, and wrote there)
      if (eq === arg.length - 1) errors.push(`option ${spelled(name)} needs a value`);
      else options.set(name, arg.slice(eq + 1));
      continue;
    }
    // the next argument is the value, unless it is another of this command's options
    const next = argv[i + 1];
    const nextIsOption =
      next !== undefined &&
      ((next.startsWith("--") && known(next.slice(2).split("=")[0] ?? "")) ||
        (/^-[a-z]$/i.test(next) && known(next.slice(1))));
    if (next === undefined || nextIsOption) {
      errors.push(`option ${spelled(name)} needs a value`);
      continue;
    }
    if (next === "") errors.push(`option ${spelled(name)} needs a value`);
    else options.set(name, next);
    i++;
  }
  return { positional, options, errors };
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

/**
 * Prints the argument errors of a command (one line each, then its usage) and says whether there
 * were any: the command then exits with 2.
 */
export function reportArgErrors(
  io: { stderr(text: string): void },
  command: string,
  usage: string,
  args: ParsedArgs,
): boolean {
  if (args.errors.length === 0) return false;
  for (const e of args.errors) io.stderr(`snnc ${command}: ${e}\n`);
  io.stderr(`usage: ${usage}\n`);
  return true;
}

/**
 * The value of `--seed`: decimal digits only. `Number()` alone took an empty `--seed=` as 0 and
 * `0x10` as 16; a number past 2^32 − 1 is left to the compiler's range check.
 */
export function parseSeed(text: string): number | undefined {
  return /^[0-9]+$/.test(text) ? Number(text) : undefined;
}

/**
 * The `--seed` option of `snnc COMMAND`: undefined when absent, the seed, or null once it has
 * reported a value that is not a non-negative integer (the command then exits with status 2).
 */
export function seedOption(
  io: { stderr(text: string): void },
  command: string,
  args: ParsedArgs,
): number | undefined | null {
  const text = optionString(args, "seed");
  if (text === undefined) return undefined;
  const seed = parseSeed(text);
  if (seed !== undefined) return seed;
  io.stderr(`snnc ${command}: --seed must be a non-negative integer, not '${text}'\n`);
  return null;
}
