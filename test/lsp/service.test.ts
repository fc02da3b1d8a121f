/**
 * The language service in-process (STYLE.md §6): each case is a source with `┆` cursor markers,
 * run against lsp/service.ts over an in-memory host. The stdio tests (stdio.test.ts) cover the
 * same features through a real client; these pin the finer cases.
 */
import { describe, expect, test, vi } from "vitest";
import {
  CompletionItemKind,
  DiagnosticSeverity,
  DocumentHighlightKind,
} from "vscode-languageserver";
import { DiagnosticsScheduler } from "../../lsp/features/diagnostics.js";
import { LanguageService } from "../../lsp/index.js";
import { createWorkspace, example, hoverText, openAt, positionOf, textOf } from "./helpers.js";

const cell = `model Cell = lif { tau_m = 20 ms; v_th = -50 mV }
population cells = Cell[10]
simulate { dt = 0.1 ms; duration = 100 ms }
`;

describe("diagnostics", () => {
  test("a unit of the wrong dimension is an error at the value, with quick-fix data", () => {
    const { service, uri, text } = openAt(`model Cell = lif { tau_m = 20 mV┆ }\n`);
    const ds = service.diagnostics(uri);
    const d = ds.find((x) => x.code === "unit-mismatch");
    expect(d).toBeDefined();
    expect(d!.severity).toBe(DiagnosticSeverity.Error);
    expect(d!.source).toBe("snnc");
    expect(textOf(text, d!.range)).toBe("20 mV");
    expect(d!.message).toMatch(/time.*'tau_m'.*voltage/);
    expect(d!.data).toMatchObject({ snnc: { expected: "s" } });
  });

  test("a syntax error is reported and the rest of the file still analyses", () => {
    const { service, uri } = openAt(`model Cell = lif { tau_m = }\n┆population p = Cell[3]\n`);
    const codes = service.diagnostics(uri).map((d) => d.code);
    expect(codes).toContain("syntax-error");
    expect(service.documentSymbols(uri).map((s) => s.name)).toEqual(["Cell", "p"]);
  });

  test("edits are picked up: fixing the error clears it", () => {
    const ws = createWorkspace();
    const doc = ws.open("main.snn", `model Cell = lif { tau_m = 20 mV }\n`);
    expect(ws.service.diagnostics(doc.uri)).toHaveLength(1);
    const start = doc.text.indexOf("mV");
    ws.service.change(
      doc.uri,
      [
        {
          range: { start: positionOf(doc.text, start), end: positionOf(doc.text, start + 2) },
          text: "ms",
        },
      ],
      2,
    );
    expect(ws.service.text(doc.uri)).toContain("tau_m = 20 ms");
    expect(ws.service.diagnostics(doc.uri)).toEqual([]);
  });

  test("the SPEC §9 examples have no errors", () => {
    for (const name of ["one-neuron", "cuba", "stdp", "tap-withdrawal", "neurocorex"]) {
      const ws = createWorkspace();
      const doc = ws.open(`${name}.snn`, example(name));
      const errors = ws.service
        .diagnostics(doc.uri)
        .filter((d) => d.severity === DiagnosticSeverity.Error);
      expect(errors, name).toEqual([]);
    }
  });

  test("an error in an imported file is summarised on the import, with links to it", () => {
    const ws = createWorkspace({
      "lib.snn": `import "deep.snn"\nconst w = 1 nA\n`,
      "deep.snn": `const x = 1 mV + 1 ms\n`,
      "ok.snn": `const y = 2 nA\n`,
    });
    const main = ws.open("main.snn", `import "ok.snn"\nimport "lib.snn"\n${cell}`);
    const ds = ws.service.diagnostics(main.uri);
    expect(ds.map((d) => d.code)).toEqual(["lsp/imported-file-errors"]);
    const d = ds[0]!;
    expect(textOf(main.text, d.range)).toBe('"lib.snn"');
    expect(d.message).toBe("The imported file 'lib.snn' has 1 error");
    expect(d.relatedInformation?.[0]?.location.uri).toBe(ws.uri("deep.snn"));
    expect(d.relatedInformation?.[0]?.message).toMatch(/Cannot add/);
    // the error itself is shown in its own file, and editing it re-checks the importer
    const deep = ws.open("deep.snn", `const x = 1 mV + 1 ms\n`);
    expect(ws.service.diagnostics(deep.uri).map((x) => x.code)).toEqual(["unit-arithmetic"]);
    expect(ws.service.dependents(deep.uri)).toContain(main.uri);
  });

  test("an import is found as the compiler found it on a Windows drive path too", () => {
    // the server once resolved imports with its own path code, which made c:/work/lib.snn into
    // /c:/work/lib.snn: the compiler's file was not found and its errors went unmentioned
    const files = new Map([["c:/work/lib.snn", "const x = 1 mV + 1 ms\n"]]);
    const service = new LanguageService({ readFile: (path) => files.get(path) });
    const uri = "file:///c%3A/work/main.snn";
    service.open(uri, `import "lib.snn"\n${cell}`, 1);
    const ds = service.diagnostics(uri);
    expect(ds.map((d) => d.code)).toEqual(["lsp/imported-file-errors"]);
    expect(ds[0]?.relatedInformation?.[0]?.location.uri).toBe("file:///c%3A/work/lib.snn");
  });
});

describe("re-checking", () => {
  test("a change on disk to an imported file is picked up once the watcher reports it", () => {
    const ws = createWorkspace({ "lib.snn": `const w = 1 nA\n` });
    const doc = ws.open("main.snn", `import "lib.snn"\n${cell}`);
    expect(ws.service.diagnostics(doc.uri)).toEqual([]);
    ws.write("lib.snn", `const w = 1 nA + 1 ms\n`);
    expect(ws.service.diagnostics(doc.uri)).toEqual([]); // cached until the watcher says so
    ws.service.filesChanged();
    expect(ws.service.diagnostics(doc.uri).map((d) => d.code)).toEqual([
      "lsp/imported-file-errors",
    ]);
  });

  test("an imported file closed and reopened with other text at the same version is read again", () => {
    const ws = createWorkspace({ "lib.snn": `model Cell = lif { }\n` });
    const doc = ws.open("main.snn", `import "lib.snn"\npopulation p = Cell[2]\n`);
    const lib = ws.uri("lib.snn");
    ws.service.open(lib, `model Cell = lif { }\n`, 1);
    expect(ws.service.diagnostics(doc.uri)).toEqual([]);
    ws.service.close(lib);
    // a client numbers each opening's versions from 1 again
    ws.service.open(lib, `model Other = lif { }\n`, 1);
    expect(ws.service.diagnostics(doc.uri).map((d) => d.message)).toEqual(["Unknown model 'Cell'"]);
  });

  test("a burst of edits publishes once per document, after the quiet time", () => {
    vi.useFakeTimers();
    try {
      const published: string[] = [];
      const scheduler = new DiagnosticsScheduler(10, (uri) => published.push(uri));
      for (let i = 0; i < 5; i++) {
        scheduler.schedule("a");
        vi.advanceTimersByTime(5);
      }
      scheduler.schedule("b");
      expect(published).toEqual([]);
      vi.advanceTimersByTime(10);
      expect(published).toEqual(["a", "b"]);
      scheduler.schedule("a");
      scheduler.cancel("a");
      vi.advanceTimersByTime(50);
      expect(published).toEqual(["a", "b"]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("hover", () => {
  test("a number with a unit shows the quantity, its dimension and its SI value", () => {
    const { service, uri, pos } = openAt(`model Cell = lif { tau_m = 2┆0 ms }\n`);
    const h = hoverText(service.hover(uri, pos));
    expect(h).toContain("**20 ms**: time");
    expect(h).toContain("SI: 0.02 s");
    // and the parameter it is the value of
    expect(h).toContain("**tau_m**: time");
  });

  test("a compound unit is understood", () => {
    const { service, uri, pos } = openAt(`const k = 0.5┆ mV/ms\n`);
    const h = hoverText(service.hover(uri, pos));
    expect(h).toContain("SI: 0.5 V/s");
  });

  test("a parameter name shows its doc, dimension and default from the built-in table", () => {
    const { service, uri, pos } = openAt(`model Cell = lif { t_r┆ef = 5 ms }\n`);
    const h = hoverText(service.hover(uri, pos));
    expect(h).toMatch(/`t_ref`.*time/);
    expect(h).toMatch(/Refractory/);
    expect(h).toContain("default: `2 ms`");
  });

  test("a model's base shows the base's doc and parameter list", () => {
    const { service, uri, pos } = openAt(`model Cell = izhi┆kevich { }\n`);
    const h = hoverText(service.hover(uri, pos));
    expect(h).toMatch(/\*\*izhikevich\*\*/);
    expect(h).toContain("`v_peak`");
  });

  test("a population name shows its declaration and derived quantities", () => {
    const { service, uri, pos } = openAt(`${cell}record spikes of ce┆lls\n`);
    const h = hoverText(service.hover(uri, pos));
    expect(h).toContain("population cells = Cell[10]");
    expect(h).toMatch(/size: 10/);
    expect(h).toMatch(/refractory period: 2 ms = 20 steps of 0.1 ms/);
    expect(h).toMatch(/membrane time constant.*20 ms/);
    expect(h).toContain("state memory: 280 B"); // 10 lif neurons × (3 float64 + int32 counter)
  });

  test("a projection shows its expected number of synapses", () => {
    const { service, uri, pos } = openAt(
      example("cuba").replace("connect exc -> inh", "con┆nect exc -> inh"),
    );
    const h = hoverText(service.hover(uri, pos));
    expect(h).toContain("expected synapses: 51,200 (exc)"); // 0.02 × 3200 × 800
  });

  test("simulate shows the size of the run and the memory it needs", () => {
    const { service, uri, pos } = openAt(example("cuba").replace("simulate {", "simu┆late {"));
    const h = hoverText(service.hover(uri, pos));
    expect(h).toContain("4,000 neurons");
    expect(h).toContain("10,000 steps of 0.1 ms");
    expect(h).toMatch(/memory the network needs: [\d.]+ MiB/);
  });

  test("nothing to say over whitespace or a comment", () => {
    const { service, uri, pos } = openAt(`// a comm┆ent\n${cell}`);
    expect(service.hover(uri, pos)).toBeNull();
  });
});

describe("completion", () => {
  const labels = (src: string, files: Record<string, string> = {}) => {
    const { service, uri, pos } = openAt(src, files);
    return service.completion(uri, pos);
  };

  test("declaration keywords at the top level, as snippets", () => {
    const items = labels(`${cell}┆`);
    expect(items.map((i) => i.label)).toEqual(
      expect.arrayContaining([
        "model",
        "population",
        "connect",
        "connectome",
        "simulate",
        "target",
      ]),
    );
    expect(items.find((i) => i.label === "connect")!.insertText).toContain("->");
  });

  test("a model's parameters not written yet, with default and dimension", () => {
    const items = labels(`model Cell = lif {\n  tau_m = 10 ms\n  ┆\n}\n`);
    const names = items.map((i) => i.label);
    expect(names).toContain("v_th");
    expect(names).toContain("t_ref");
    expect(names).not.toContain("tau_m");
    expect(items.find((i) => i.label === "t_ref")!.detail).toBe("time = 2 ms");
  });

  test("parameters follow a chain of models to the built-in base", () => {
    const names = labels(`model A = izhikevich { }\nmodel B = A {\n  ┆\n}\n`).map((i) => i.label);
    expect(names).toEqual(expect.arrayContaining(["a", "b", "c", "d", "v_peak"]));
  });

  test("units after a number, those of the expected dimension first", () => {
    const items = labels(`model Cell = lif { tau_m = 20 ┆ }\n`);
    expect(items.every((i) => i.kind === CompletionItemKind.Unit)).toBe(true);
    const sorted = [...items].sort((x, y) => x.sortText!.localeCompare(y.sortText!));
    expect(sorted.slice(0, 3).map((i) => i.label)).toEqual(["s", "ms", "us"]);
  });

  test("connection rules after rule =, with their arguments", () => {
    const items = labels(`${cell}connect cells -> cells { rule = ┆ }\n`);
    const fp = items.find((i) => i.label === "fixed_probability");
    expect(fp).toBeDefined();
    expect(fp!.insertText).toMatch(/^fixed_probability\(\$\{1:/);
  });

  test("models after population NAME =", () => {
    const names = labels(`${cell}population more = ┆\n`).map((i) => i.label);
    expect(names).toContain("Cell");
    expect(names).toContain("lif");
  });

  test("names of a population's neurons after NAME.", () => {
    const names = labels(`${example("tap-withdrawal")}\nrecord spikes of touch.┆\n`).map(
      (i) => i.label,
    );
    expect(names).toEqual(["ALML", "ALMR", "AVM", "PLML", "PLMR"]);
  });

  test("populations after ->", () => {
    const names = labels(`${cell}connect cells -> ┆\n`).map((i) => i.label);
    expect(names).toContain("cells");
  });

  test("neurons of a connectome read from its CSV, inside [ ]", () => {
    const csv = `${repoCsv()}`;
    const names = labels(
      `model Cell = lif { }\nconnectome worm = csv("${csv}") {\n  pre = "pre"; post = "post"; kind = "type"; count = "synapses"\n  kinds { chemical = ["chemical"]; electrical = ["electrical"] }\n  chemical { weight = 0.05 nA per_synapse }\n  electrical { conductance = 0.1 nS per_synapse }\n  signs { Glu = inh }\n  select = ["AV*"]\n  neurons = Cell\n}\nrecord spikes of worm[┆]\n`,
    ).map((i) => i.label);
    expect(names).toContain("AVAL");
    expect(names).toContain("AVBR");
    expect(names.every((n) => n.startsWith("AV"))).toBe(true);
  });

  test("constants and functions in a value", () => {
    const items = labels(`const w_exc = 0.3 nA\n${cell}connect cells -> cells { weight = ┆ }\n`);
    expect(items.map((i) => i.label)).toEqual(
      expect.arrayContaining(["w_exc", "uniform", "normal"]),
    );
  });

  test("nothing inside a comment", () => {
    expect(labels(`// model ┆\n`)).toEqual([]);
  });
});

function repoCsv(): string {
  // the shared data, read in place (never copied into the repo)
  return `${process.cwd()}/../shared/data/celegans/cook2019_herm_neuron_edgelist.csv`;
}

function worm(select: string, tail: string): string {
  return `model Cell = lif { }\nconnectome worm = csv("${repoCsv()}") {\n  pre = "pre"; post = "post"; kind = "type"; count = "synapses"\n  kinds { chemical = ["chemical"]; electrical = ["electrical"] }\n  chemical { weight = 0.05 nA per_synapse }\n  electrical { conductance = 0.1 nS per_synapse }\n  signs { Glu = inh }\n  select = [${select}]\n  neurons = Cell\n}\n${tail}`;
}

describe("connectomes", () => {
  test("hover on a connectome neuron names its CSV row", () => {
    const { service, uri, pos } = openAt(worm(`"AV*"`, `record spikes of worm.AV┆AL\n`));
    const h = hoverText(service.hover(uri, pos));
    expect(h).toMatch(/AVAL/);
    expect(h).toMatch(/Row \d+ of `.*cook2019_herm_neuron_edgelist\.csv`/);
  });

  test("a select pattern that matches nothing is replaced by the nearest neuron, quotes kept", () => {
    const { service, uri, text } = openAt(worm(`"AVAX"┆`, ""));
    const ds = service.diagnostics(uri).filter((d) => d.code === "connectome-select-no-match");
    expect(ds).toHaveLength(1);
    const actions = service.codeActions({
      textDocument: { uri },
      range: ds[0]!.range,
      context: { diagnostics: ds },
    });
    const edit = actions[0]?.edit?.changes?.[uri]?.[0];
    expect(textOf(text, ds[0]!.range)).toBe('"AVAX"');
    expect(edit?.newText).toMatch(/^"AVA[LR]"$/);
  });

  test("the connectome's size is an inlay hint", () => {
    const { service, uri } = openAt(worm(`"AVA*"`, "┆"));
    const labels = service
      .inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } })
      .map((h) => String(h.label));
    expect(labels).toContain(": 2 neurons");
    // one member: "1 neuron", as the hover's counts say it
    const one = openAt(worm(`"AVAL"`, "┆"));
    const oneLabels = one.service
      .inlayHints(one.uri, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } })
      .map((h) => String(h.label));
    expect(oneLabels).toContain(": 1 neuron");
  });
});

describe("definition, references, rename", () => {
  test("a population's use jumps to its declaration", () => {
    const src = `${cell}record spikes of cel┆ls\n`;
    const { service, uri, pos, text } = openAt(src);
    const defs = service.definition(uri, pos);
    expect(defs).toHaveLength(1);
    expect(defs[0]!.uri).toBe(uri);
    expect(textOf(text, defs[0]!.range)).toBe("cells");
    expect(defs[0]!.range.start.line).toBe(1);
  });

  test("a model used in another file: definition and references across the import", () => {
    const lib = `model Neuron = lif { tau_m = 10 ms }\n`;
    const ws = createWorkspace({ "lib/cells.snn": lib });
    const doc = ws.open(
      "main.snn",
      `import "lib/cells.snn"\npopulation a = Neu┆ron[2]\npopulation b = Neuron[3]\n`,
    );
    const defs = ws.service.definition(doc.uri, doc.cursors[0]!);
    expect(defs.map((d) => d.uri)).toEqual([ws.uri("lib/cells.snn")]);
    expect(defs[0]!.range.start).toEqual({ line: 0, character: 6 });
    const refs = ws.service.references(doc.uri, doc.cursors[0]!, true);
    expect(refs).toHaveLength(3);
    expect(ws.service.references(doc.uri, doc.cursors[0]!, false)).toHaveLength(2);
  });

  test("highlights mark a name's uses in this document, its declaration as the write", () => {
    const lib = `model Neuron = lif { tau_m = 10 ms }\n`;
    const ws = createWorkspace({ "lib/cells.snn": lib });
    const doc = ws.open(
      "main.snn",
      `import "lib/cells.snn"\npopulation a = Neuron[2]\npopulation b = Neuron[3]\nconnect a -> b { weight = 1 pA }\nrecord spikes of a┆\n`,
    );
    const marks = ws.service.documentHighlights(doc.uri, doc.cursors[0]!);
    expect(marks.map((m) => [m.range.start.line, textOf(doc.text, m.range), m.kind])).toEqual([
      [1, "a", DocumentHighlightKind.Write],
      [3, "a", DocumentHighlightKind.Read],
      [4, "a", DocumentHighlightKind.Read],
    ]);
    // A name declared in another file: its uses here, none of them the declaration.
    const model = ws.service.documentHighlights(doc.uri, { line: 1, character: 17 });
    expect(model.map((m) => [m.range.start.line, m.kind])).toEqual([
      [1, DocumentHighlightKind.Read],
      [2, DocumentHighlightKind.Read],
    ]);
    expect(ws.service.documentHighlights(doc.uri, { line: 3, character: 0 })).toEqual([]);
  });

  test("workspace symbols: the open documents' names and their imports', each once", () => {
    const lib = `model Neuron = lif { tau_m = 10 ms }\n`;
    const ws = createWorkspace({ "lib/cells.snn": lib });
    const a = ws.open("a.snn", `import "lib/cells.snn"\npopulation sensors = Neuron[2]\n`);
    ws.open("b.snn", `import "lib/cells.snn"\npopulation motors = Neuron[3]\nconst gain = 2\n`);
    const found = (query: string) =>
      ws.service.workspaceSymbols(query).map((s) => [s.name, s.location.uri.split("/").pop()]);
    expect(found("nrn")).toEqual([["Neuron", "cells.snn"]]);
    expect(found("")).toEqual([
      ["Neuron", "cells.snn"],
      ["sensors", "a.snn"],
      ["motors", "b.snn"],
      ["gain", "b.snn"],
    ]);
    expect(found("tau")).toEqual([]); // block parameters are not listed
    expect(ws.service.workspaceSymbols("sens")[0]!.location.range.start).toEqual(
      ws.service.definition(a.uri, { line: 1, character: 12 })[0]!.range.start,
    );
  });

  test("workspace symbols: a connectome's neurons lead to their CSV rows", () => {
    const csv = repoCsv();
    const ws = createWorkspace();
    ws.open(
      "worm.snn",
      `model Cell = lif { }\nconnectome worm = csv("${csv}") {\n  pre = "pre"; post = "post"; kind = "type"; count = "synapses"\n  kinds { chemical = ["chemical"]; electrical = ["electrical"] }\n  chemical { weight = 0.05 nA per_synapse }\n  electrical { conductance = 0.1 nS per_synapse }\n  signs { Glu = inh }\n  select = ["AV*"]\n  neurons = Cell\n}\n`,
    );
    const aval = ws.service.workspaceSymbols("AVAL").filter((s) => s.name === "AVAL");
    expect(aval).toHaveLength(1);
    expect(aval[0]!.location.uri).toMatch(/cook2019_herm_neuron_edgelist\.csv$/);
    expect(aval[0]!.location.range.start.line).toBeGreaterThan(0);
  });

  test("expand selection: from the number outwards to the declaration, each step larger", () => {
    const { service, uri, pos, text } = openAt(
      `population p = Cell[3] {\n  init v = uniform(-6┆0 mV, -50 mV)\n}\n`,
    );
    const chain: string[] = [];
    for (let r = service.selectionRanges(uri, [pos])[0]; r !== undefined; r = r.parent)
      chain.push(textOf(text, r.range));
    expect(chain).toEqual([
      "60 mV",
      "-60 mV",
      "uniform(-60 mV, -50 mV)",
      "init v = uniform(-60 mV, -50 mV)",
      "{\n  init v = uniform(-60 mV, -50 mV)\n}",
      "population p = Cell[3] {\n  init v = uniform(-60 mV, -50 mV)\n}",
    ]);
    // Between declarations there is no tree: the cursor itself.
    const blank = service.selectionRanges(uri, [{ line: 3, character: 0 }])[0]!;
    expect(blank.parent).toBeUndefined();
    expect(blank.range.start).toEqual(blank.range.end);
  });

  test("a connectome neuron jumps to its row in the CSV file", () => {
    const csv = repoCsv();
    const { service, uri, pos } = openAt(
      `model Cell = lif { }\nconnectome worm = csv("${csv}") {\n  pre = "pre"; post = "post"; kind = "type"; count = "synapses"\n  kinds { chemical = ["chemical"]; electrical = ["electrical"] }\n  chemical { weight = 0.05 nA per_synapse }\n  electrical { conductance = 0.1 nS per_synapse }\n  signs { Glu = inh }\n  select = ["AV*"]\n  neurons = Cell\n}\nrecord spikes of worm.AV┆AL\n`,
    );
    const defs = service.definition(uri, pos);
    expect(defs).toHaveLength(1);
    expect(defs[0]!.uri).toMatch(/cook2019_herm_neuron_edgelist\.csv$/);
    expect(defs[0]!.range.start.line).toBeGreaterThan(0);
  });

  test("the path of an import opens the file", () => {
    const ws = createWorkspace({ "lib/cells.snn": `model N = lif { }\n` });
    const doc = ws.open("main.snn", `import "lib/ce┆lls.snn"\n`);
    expect(ws.service.definition(doc.uri, doc.cursors[0]!).map((d) => d.uri)).toEqual([
      ws.uri("lib/cells.snn"),
    ]);
  });

  test("rename changes every use, in every file", () => {
    const ws = createWorkspace({ "lib.snn": `model Neuron = lif { }\n` });
    const doc = ws.open("main.snn", `import "lib.snn"\npopulation a = Neu┆ron[2]\n`);
    expect(ws.service.prepareRename(doc.uri, doc.cursors[0]!)?.placeholder).toBe("Neuron");
    const edit = ws.service.rename(doc.uri, doc.cursors[0]!, "Cell");
    expect(edit).not.toBeNull();
    expect(edit && "changes" in edit ? Object.keys(edit.changes ?? {}).sort() : []).toEqual(
      [ws.uri("lib.snn"), doc.uri].sort(),
    );
  });

  test("rename refuses a reserved word, a unit and a taken name", () => {
    const { service, uri, pos } = openAt(`${cell}const w = 1 nA\nrecord spikes of ce┆lls\n`);
    expect(service.rename(uri, pos, "model")).toEqual({ error: "'model' is a reserved word" });
    expect(service.rename(uri, pos, "ms")).toEqual({
      error: "'ms' is a unit and cannot be a name",
    });
    expect(service.rename(uri, pos, "w")).toEqual({ error: "'w' is already defined" });
    expect(service.rename(uri, pos, "2x")).toEqual({ error: "'2x' is not a valid name" });
  });

  test("built-in words cannot be renamed", () => {
    const { service, uri, pos } = openAt(`model Cell = li┆f { }\n`);
    expect(service.prepareRename(uri, pos)).toBeNull();
  });
});

describe("outline, folding, semantic tokens, formatting", () => {
  test("the outline lists declarations with members and statements as children", () => {
    const ws = createWorkspace();
    const doc = ws.open("t.snn", example("tap-withdrawal"));
    const syms = ws.service.documentSymbols(doc.uri);
    expect(syms.map((s) => s.name).slice(0, 5)).toEqual([
      "Neuron",
      "touch",
      "inter",
      "command",
      "touch[ALML, ALMR, AVM] <-> inter[AVDL, AVDR]",
    ]);
    const touch = syms.find((s) => s.name === "touch")!;
    expect(touch.detail).toBe("Neuron[ALML, ALMR, AVM, PLML, PLMR]");
    expect(touch.children?.map((c) => c.name)).toEqual(["ALML", "ALMR", "AVM", "PLML", "PLMR"]);
    expect(syms.find((s) => s.name === "Neuron")!.children?.map((c) => c.name)).toContain("tau_m");
  });

  test("folding covers multi-line blocks and comment runs", () => {
    const ws = createWorkspace();
    const doc = ws.open("t.snn", example("stdp"));
    const folds = ws.service.foldingRanges(doc.uri);
    // plasticity stdp_e = stdp { ... }: the closing brace stays visible
    expect(folds).toContainEqual({ startLine: 3, endLine: 9 });
    const tap = ws.open("tap.snn", example("tap-withdrawal"));
    expect(ws.service.foldingRanges(tap.uri)).toContainEqual({
      startLine: 0,
      endLine: 1,
      kind: "comment",
    });
  });

  test("semantic tokens colour names by what they resolve to", () => {
    const { service, uri, text } = openAt(`${cell}record spikes of cells┆\n`);
    const data = service.semanticTokens(uri).data;
    const decoded: { text: string; type: number }[] = [];
    let line = 0;
    let char = 0;
    const lines = text.split("\n");
    for (let i = 0; i < data.length; i += 5) {
      line += data[i]!;
      char = data[i]! === 0 ? char + data[i + 1]! : data[i + 1]!;
      decoded.push({ text: lines[line]!.slice(char, char + data[i + 2]!), type: data[i + 3]! });
    }
    const typeOf = (t: string) => decoded.filter((d) => d.text === t).map((d) => d.type);
    expect(typeOf("cells").length).toBe(2);
    expect(new Set(typeOf("cells")).size).toBe(1);
    expect(typeOf("Cell")[0]).toBe(1); // class
    expect(typeOf("ms").length).toBeGreaterThan(0);
  });

  test("formatting applies the canonical formatter; a broken file is left alone", () => {
    const ws = createWorkspace();
    const doc = ws.open("f.snn", `population   p=lif[3]{v_th=-50mV}\n`);
    const edits = ws.service.format(doc.uri, { tabSize: 2, insertSpaces: true });
    expect(edits).toHaveLength(1);
    expect(edits[0]!.newText).toContain("population p = lif[3]");
    expect(edits[0]!.newText).toContain("-50 mV");
    const bad = ws.open("g.snn", `population p = lif[3] {\n`);
    expect(ws.service.format(bad.uri, { tabSize: 2, insertSpaces: true })).toEqual([]);
  });

  test("Format Selection formats the declarations the selection touches, and only those", () => {
    const ws = createWorkspace();
    const text = `const  a=1\npopulation   p=lif[3]{v_th=-50mV}\nconst  b=2\n`;
    const doc = ws.open("f.snn", text);
    const options = { tabSize: 2, insertSpaces: true };
    const line1 = { start: { line: 1, character: 3 }, end: { line: 1, character: 3 } };
    expect(ws.service.formatRange(doc.uri, line1, options)).toEqual([
      {
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 33 } },
        newText: "population p = lif[3] { v_th = -50 mV }",
      },
    ]);
    // A whole line selected ends at the next line's start, which it does not touch.
    const line0 = { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } };
    expect(ws.service.formatRange(doc.uri, line0, options)[0]!.newText).toBe("const a = 1");
    const lines01 = { start: { line: 0, character: 0 }, end: { line: 1, character: 5 } };
    expect(ws.service.formatRange(doc.uri, lines01, options)[0]!.newText).toBe(
      "const a = 1\npopulation p = lif[3] { v_th = -50 mV }",
    );
  });
});

describe("code actions", () => {
  function fixes(src: string) {
    const { service, uri, text } = openAt(src);
    const diagnostics = service.diagnostics(uri);
    const actions = service.codeActions({
      textDocument: { uri },
      range: diagnostics[0]?.range ?? {
        start: { line: 0, character: 0 },
        end: { line: 0, character: 0 },
      },
      context: { diagnostics },
    });
    const apply = (i: number): string => {
      const edits = actions[i]!.edit!.changes![uri]!;
      let out = text;
      for (const e of [...edits].reverse()) {
        const s = offsetOf(out, e.range.start);
        out = out.slice(0, s) + e.newText + out.slice(offsetOf(out, e.range.end));
      }
      return out;
    };
    return { actions, apply, diagnostics };
  }
  const offsetOf = (t: string, p: { line: number; character: number }) => {
    const lines = t.split("\n");
    return lines.slice(0, p.line).reduce((s, l) => s + l.length + 1, 0) + p.character;
  };

  test("a missing unit is added", () => {
    const { actions, apply } = fixes(`model Cell = lif { tau_m = 20┆ }\n`);
    expect(actions[0]!.title).toBe("Add the unit 'ms'");
    expect(apply(0)).toBe(`model Cell = lif { tau_m = 20 ms }\n`);
  });

  test("a unit of the wrong dimension becomes the expected one, prefix kept", () => {
    const { actions, apply } = fixes(`model Cell = lif { tau_m = 20 mV┆; r_m = 100 nA }\n`);
    expect(actions.map((a) => a.title)).toEqual([
      "Change the unit to 'ms'",
      "Change the unit to 'ohm'",
    ]);
    expect(apply(0)).toBe(`model Cell = lif { tau_m = 20 ms; r_m = 100 nA }\n`);
  });

  test("a unit of the right letters but the wrong case is corrected", () => {
    const { actions, apply } = fixes(`model Cell = lif { tau_m = 20 mS┆ }\n`);
    expect(actions[0]!.title).toBe("Change the unit to 'ms'");
    expect(apply(0)).toBe(`model Cell = lif { tau_m = 20 ms }\n`);
  });

  test("a misspelt unit is replaced by the nearest one", () => {
    const { actions, apply } = fixes(`model Cell = lif { r_m = 100 mohm┆ }\n`);
    expect(actions[0]!.title).toBe("Replace with 'Mohm'");
    expect(apply(0)).toBe(`model Cell = lif { r_m = 100 Mohm }\n`);
  });

  test("a misspelt name is replaced by the declared one", () => {
    const { actions, apply } = fixes(`${cell}record spikes of celss┆\n`);
    expect(actions.map((a) => a.title)).toContain("Change to 'cells'");
    expect(apply(0)).toContain("record spikes of cells");
  });

  test("a misspelt parameter gets its did-you-mean fix", () => {
    const { actions, apply } = fixes(`model Cell = lif { tau_mm┆ = 20 ms }\n`);
    expect(actions.length).toBeGreaterThan(0);
    expect(apply(0)).toBe(`model Cell = lif { tau_m = 20 ms }\n`);
  });
});

describe("inlay hints", () => {
  test("sizes of named populations and defaults a model leaves out", () => {
    const ws = createWorkspace();
    const doc = ws.open("t.snn", example("tap-withdrawal"));
    const hints = ws.service.inlayHints(doc.uri, {
      start: { line: 0, character: 0 },
      end: { line: 100, character: 0 },
    });
    const labels = hints.map((h) => String(h.label));
    expect(labels).toContain(": 5 neurons");
    expect(labels).toContain(": 4 neurons");
    const defaults = labels.find((l) => l.startsWith("defaults:"));
    expect(defaults).toBe(
      "defaults: c_m = tau_m / r_m; tau_syn_exc = 5 ms; tau_syn_inh = 10 ms; i_bias = 0 nA",
    );
  });

  test("a size written as a number gets no hint", () => {
    const { service, uri } = openAt(`${cell}┆`);
    const labels = service
      .inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } })
      .map((h) => String(h.label));
    expect(labels.some((l) => l.includes("neurons"))).toBe(false);
  });
});
