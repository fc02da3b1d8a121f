/**
 * Rename must leave a network that means what it meant: each case applies the edit as the client
 * would and compiles the result again.
 */
import { describe, expect, test } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";
import { createWorkspace, markers, positionOf } from "./helpers.js";

const named =
  'population p = lif[AVL, BVL, BVR] { v_th.AVL = -50 mV; v_th["AVL"] = -51 mV }\n' +
  "population q = lif[CVL, DVL]\n" +
  "connect p.AVL -> q[CVL] { weight = 1 nA; rule = from_list([(AVL, CVL)]) }\n" +
  'record spikes of p["AVL"], q["C*"], p["B*"]\n' +
  "simulate { dt = 0.1 ms; duration = 10 ms }\n";

/** Renames at the `┆` marker of `main.snn` (other files are on disk); the edited texts, or the refusal. */
function renamed(
  files: Record<string, string>,
  newName: string,
): { texts: Record<string, string>; errors: string[] } | string {
  const { text, offsets } = markers(files["main.snn"]!);
  const all = { ...files, "main.snn": text };
  const ws = createWorkspace(all);
  const doc = ws.open("main.snn", text);
  const edit = ws.service.rename(doc.uri, positionOf(text, offsets[0]!), newName);
  if (edit === null) return "no rename";
  if ("error" in edit) return edit.error;
  const texts: Record<string, string> = {};
  for (const [name, old] of Object.entries(all)) {
    const edits = edit.changes?.[ws.uri(name)] ?? [];
    texts[name] = TextDocument.applyEdits(TextDocument.create(ws.uri(name), "snn", 1, old), edits);
  }
  const check = createWorkspace(texts);
  const after = check.open("main.snn", texts["main.snn"]!);
  const errors = check.service
    .diagnostics(after.uri)
    .filter((d) => d.severity === 1)
    .map((d) => d.message);
  return { texts, errors };
}

describe("renaming a member", () => {
  test("a pattern naming it outright is renamed with it, in every file", () => {
    const result = renamed(
      {
        "lib.snn": "population p = lif[AVL, BVL]\n",
        "main.snn":
          'import "lib.snn"\nrecord spikes of p["AVL"]\nconnect p.A┆VL -> p.BVL { weight = 1 nA }\n',
      },
      "XVL",
    );
    expect(result).toEqual({
      texts: {
        "lib.snn": "population p = lif[XVL, BVL]\n",
        "main.snn":
          'import "lib.snn"\nrecord spikes of p["XVL"]\nconnect p.XVL -> p.BVL { weight = 1 nA }\n',
      },
      errors: [],
    });
    const inBlock = renamed({ "main.snn": named.replace("lif[AVL", "lif[A┆VL") }, "XVL");
    expect(typeof inBlock === "string" ? inBlock : inBlock.texts["main.snn"]).toBe(
      named.replace(/AVL/g, "XVL"),
    );
  });

  test("a name its population already has, or a constant's, is refused", () => {
    const main = named.replace("lif[AVL", "lif[A┆VL");
    expect(renamed({ "main.snn": main }, "BVL")).toBe("'p' already has a member 'BVL'");
    expect(renamed({ "main.snn": `const k = 1\n${main}` }, "k")).toBe(
      "'k' is a constant, and a member cannot share its name",
    );
    // another population's member name is free
    const other = renamed({ "main.snn": main }, "CVL");
    expect(typeof other === "string" ? other : other.errors).toEqual([]);
  });

  test("a name that changes what a pattern selects is refused", () => {
    const into = named.replace("lif[AVL", "lif[A┆VL");
    expect(renamed({ "main.snn": into }, "BVX")).toBe(
      "the pattern \"B*\" would select other members of 'p' after the rename",
    );
    const outOf = named.replace("BVL, BVR", "B┆VL, BVR");
    expect(renamed({ "main.snn": outOf }, "XVL")).toBe(
      "the pattern \"B*\" would select other members of 'p' after the rename",
    );
  });
});

describe("renaming a declaration", () => {
  test("to a built-in model's name is refused", () => {
    const main = "model Ce┆ll = lif { }\npopulation p = Cell[2]\npopulation q = izhikevich[2]\n";
    expect(renamed({ "main.snn": main }, "izhikevich")).toBe("'izhikevich' is a built-in model");
    expect(renamed({ "main.snn": main }, "lif")).toBe("'lif' is a built-in model");
  });
});
