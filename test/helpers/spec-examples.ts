/** The `snn` code blocks of ../shared/SPEC.md §9, by title (read from the shared folder). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const sharedDir = fileURLToPath(new URL("../../../shared/", import.meta.url));

export interface SpecExample {
  readonly title: string;
  readonly source: string;
}

export function specExamples(): SpecExample[] {
  const spec = readFileSync(`${sharedDir}SPEC.md`, "utf8");
  const out: SpecExample[] = [];
  let title = "";
  let current: string[] | undefined;
  for (const line of spec.split("\n")) {
    if (line.startsWith("### ")) title = line.slice(4).trim();
    else if (line.startsWith("```snn")) current = [];
    else if (line.startsWith("```") && current !== undefined) {
      out.push({ title, source: current.join("\n") + "\n" });
      current = undefined;
    } else if (current !== undefined) current.push(line);
  }
  return out;
}
