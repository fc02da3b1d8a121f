/**
 * Reading a declaration's `{ ... }` block as settings: `key = value` statements, nested blocks
 * and `init` lines, checked against the keys the construct accepts. A key written twice keeps
 * the later value (as population overrides do, SPEC §3). Used by every pass that reads a block.
 *
 * Reports: unknown-setting (with did-you-mean).
 */
import type { Span } from "../../common/index.js";
import type { AssignStmt, Block, InitStmt, NestedBlockStmt } from "../../grammar/ast.js";
import type { PassContext } from "./context.js";
import { didYouMeanHint, suggest } from "./deps.js";

export interface SettingsSpec {
  /** Keys accepted as `key = value`. */
  readonly keys: readonly string[];
  /** Names accepted as `name { ... }`. */
  readonly nested?: readonly string[];
  /** Accept `init VAR = value` lines (population blocks). */
  readonly init?: boolean;
  /** Accept `key.MEMBER = v` and `key[sel] = v` (population blocks). */
  readonly indexed?: boolean;
  /** Keys that accept a trailing `per_synapse` (connectome blocks). */
  readonly perSynapse?: readonly string[];
}

export interface Settings {
  /** The last `key = value` per key (plain form only). */
  readonly values: ReadonlyMap<string, AssignStmt>;
  /** Every accepted assignment in written order (including indexed ones). */
  readonly assigns: readonly AssignStmt[];
  readonly nested: ReadonlyMap<string, NestedBlockStmt>;
  readonly inits: readonly InitStmt[];
  /**
   * The keys that an unknown setting was reported as a likely misspelling of (`wieght`, did you
   * mean 'weight'?). Such a key is not reported again as missing: renaming fixes both.
   */
  readonly misspelled: ReadonlySet<string>;
}

export const emptySettings: Settings = {
  values: new Map(),
  assigns: [],
  nested: new Map(),
  inits: [],
  misspelled: new Set(),
};

/** Reads `block` against `spec`; `where` names the construct in messages (`model 'Cell'`). */
export function readSettings(
  block: Block | undefined,
  spec: SettingsSpec,
  where: string,
  ctx: PassContext,
): Settings {
  if (block === undefined) return emptySettings;
  const values = new Map<string, AssignStmt>();
  const assigns: AssignStmt[] = [];
  const nested = new Map<string, NestedBlockStmt>();
  const inits: InitStmt[] = [];
  const misspelled = new Set<string>();
  const unknown = (name: string, span: Span, candidates: readonly string[]): void => {
    if (name === "") return;
    const near = suggest(name, candidates);
    if (near !== undefined) misspelled.add(near);
    ctx.diagnostics.report({
      code: "unknown-setting",
      span,
      format: { name, where, hint: didYouMeanHint(near) },
    });
  };
  for (const stmt of block.stmts) {
    switch (stmt.kind) {
      case "Assign": {
        const target = stmt.target;
        const key = target.name.name;
        if (target.name.missing === true) break;
        if (!spec.keys.includes(key)) {
          unknown(key, target.name.span, spec.keys);
          break;
        }
        const indexed = target.member !== undefined || target.items !== undefined;
        if (indexed && spec.indexed !== true) {
          const written =
            target.member !== undefined ? `${key}.${target.member.name}` : `${key}[...]`;
          unknown(written, target.span, []);
          break;
        }
        if (stmt.perSynapse && spec.perSynapse?.includes(key) !== true)
          ctx.diagnostics.report({ code: "per-synapse-not-allowed", span: stmt.value.span });
        assigns.push(stmt);
        if (!indexed) values.set(key, stmt);
        break;
      }
      case "Init":
        if (spec.init !== true) unknown("init", stmt.span, spec.keys);
        else inits.push(stmt);
        break;
      case "NestedBlock": {
        const name = stmt.name.name;
        if (spec.nested?.includes(name) !== true) unknown(name, stmt.name.span, spec.nested ?? []);
        else nested.set(name, stmt);
        break;
      }
      default: {
        const never: never = stmt;
        return never;
      }
    }
  }
  return { values, assigns, nested, inits, misspelled };
}
