/**
 * Python source literals for the generated PyNN script. Numbers use JavaScript's shortest
 * round-trip text, which Python parses to the same float64, so the script carries snnc's values
 * exactly; strings are escaped for a double-quoted Python literal.
 */
import { compilerAssert } from "../../common/index.js";

/** A float64 as a Python literal (shortest round-trip; never NaN or infinite). */
export function pyNum(x: number): string {
  compilerAssert(Number.isFinite(x), `non-finite value ${x} in the PyNN export`);
  return Object.is(x, -0) ? "0.0" : String(x);
}

/** A double-quoted Python string literal. */
export function pyStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === "\\" || ch === '"') out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

/** A Python list literal of numbers, wrapped at about 100 columns with `indent` spaces. */
export function pyNumList(values: ArrayLike<number>, indent: number): string {
  const items: string[] = [];
  for (let i = 0; i < values.length; i++) items.push(pyNum(values[i] ?? 0));
  return wrapList(items, indent);
}

/** A Python list literal of the given item texts, wrapped at about 100 columns. */
export function wrapList(items: readonly string[], indent: number): string {
  if (items.length === 0) return "[]";
  const one = "[" + items.join(", ") + "]";
  if (one.length + indent <= 100) return one;
  const pad = " ".repeat(indent + 4);
  const lines: string[] = [];
  let line = "";
  for (const item of items) {
    if (line.length > 0 && pad.length + line.length + item.length + 2 > 100) {
      lines.push(pad + line.trimEnd());
      line = "";
    }
    line += item + ", ";
  }
  if (line.length > 0) lines.push(pad + line.trimEnd());
  return "[\n" + lines.join("\n") + "\n" + " ".repeat(indent) + "]";
}

/** A Python identifier made from a snnc name (letters, digits, underscores; never a keyword). */
export function pyIdent(name: string, prefix: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, "_");
  return prefix + cleaned;
}
