/** Unit tests of the checker's passes, through compile() on small programs. */
import { describe, expect, test } from "vitest";
import { searchOrder } from "../../compiler/passes/order-core.js";
import { compileGlob } from "../../compiler/connectome/index.js";
import { stepsOf } from "../../compiler/ir/time-grid.js";
import { simulateKeys } from "../../compiler/builtins/index.js";
import { resolveRelative } from "../../compiler/passes/paths.js";
import type { Network } from "../../compiler/ir/index.js";
import { compileText, errorsOf, renderAll } from "./helpers.js";
import { spanStart, spanText } from "../helpers/spans.js";

function ok(text: string, extra: Record<string, string> = {}): Network {
  const r = compileText(text, extra);
  expect(renderAll(r)).toBe(
    renderAll({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity !== "error") }),
  );
  if (r.network === null) throw new Error(renderAll(r));
  return r.network;
}

function codes(text: string, extra: Record<string, string> = {}): string[] {
  return compileText(text, extra).diagnostics.map((d) => d.code);
}

describe("load-modules", () => {
  test("a module imported twice joins once, imports come first in declaration order", () => {
    const n = ok(`import "lib/a.snn"\nimport "lib/b.snn"\npopulation main_pop = Cell[1]`, {
      "/t/lib/a.snn": `import "c.snn"\npopulation a = Cell[2]`,
      "/t/lib/b.snn": `import "./c.snn"\npopulation b = Cell[3]`,
      "/t/lib/c.snn": `model Cell = lif { }\npopulation c = Cell[4]`,
    });
    expect(n.populations.map((p) => p.name)).toEqual(["c", "a", "b", "main_pop"]);
  });
  test("a cycle names the chain; imported simulate blocks are ignored with a note", () => {
    const r = compileText(`import "a.snn"`, {
      "/t/a.snn": `import "main.snn"\nsimulate { dt = 1 ms }`,
    });
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["import-cycle", "Import cycle: main.snn -> a.snn -> main.snn"],
      ["imported-block-ignored", "The 'simulate' block of imported file 'a.snn' is ignored"],
    ]);
  });
  test('import "" names no file: an error at the path', () => {
    const text = `import ""\npopulation p = lif[2]`;
    const r = compileText(text);
    expect(r.diagnostics.map((d) => [d.code, d.message, spanText(text, d)])).toEqual([
      ["import-not-found", "Cannot read ''", '""'],
    ]);
  });
  test("an unreadable import: uses of names it may declare are not reported, other errors are", () => {
    // Cell, inputs and r would be declared in lib.snn: an unknown-name for each use would
    // only repeat the import's error (and vanish once the path is right)
    const text = [
      `import "lib.snn"`,
      `population p = Cell[10]`,
      `population q = lif[10]`,
      `connect inputs -> q { weight = 1 nA; plasticity = r }`,
      `connect q -> q { weight = 5 mV }`,
    ].join("\n");
    const r = compileText(text);
    expect(r.diagnostics.map((d) => [d.code, spanText(text, d)])).toEqual([
      ["import-not-found", '"lib.snn"'],
      ["unit-mismatch", "5 mV"],
    ]);
    // with the import readable, a name it does not declare is reported as before
    expect(codes(text, { "/t/lib.snn": `model Cell = lif { }` })).toEqual([
      "unknown-name",
      "unknown-name",
      "unit-mismatch",
    ]);
  });
  test("paths resolve relative to the importing file", () => {
    expect(resolveRelative("/x/y/main.snn", "../lib/./a.snn")).toBe("/x/lib/a.snn");
    expect(resolveRelative("/x/main.snn", "/abs/b.snn")).toBe("/abs/b.snn");
  });
});

describe("declarations and names", () => {
  test("names resolve in any order, across files", () => {
    const n = ok(
      `connect a -> b { weight = w }\npopulation b = M[n]\npopulation a = M[2]\nconst w = 2 * half\nconst half = 0.1 nA\nconst n = 3\nmodel M = Base { }\nmodel Base = lif { }`,
    );
    expect(n.projections[0]?.weight).toEqual({ kind: "const", value: 2e-10 });
    expect(n.populations.map((p) => [p.name, p.size])).toEqual([
      ["b", 3],
      ["a", 2],
    ]);
  });
  test("a duplicate points at the first definition", () => {
    const r = compileText(`const x = 1\nconst x = 2`);
    expect(r.diagnostics[0]?.related?.[0]?.message).toBe("'x' is first defined here");
  });
  test("a unit alone is a unit used as a value, not an unknown constant", () => {
    const text = `const ms2 = 1 ms\nconst tau = ms\npopulation p = lif[1] {\n  v_th = -50 * mV\n}`;
    const r = compileText(text);
    expect(r.diagnostics.map((d) => [d.code, spanText(text, d)])).toEqual([
      ["unit-as-value", "ms"],
      ["unit-as-value", "mV"],
    ]);
    expect(r.diagnostics[0]?.message).toBe(
      "'ms' is a unit, not a value: write it after a number (1 ms)",
    );
    // a rejected declaration of a unit name is reported once, not again at its uses
    const rejected = compileText(`const ms = 3\nconst y = 2 * ms`);
    expect(rejected.diagnostics.map((d) => d.code)).toEqual(["unit-name-as-name"]);
  });
  test("a micro or ohm sign gets the language's ASCII spelling, once", () => {
    // U+00B5 MICRO SIGN and U+03BC GREEK SMALL LETTER MU look alike; so do U+2126 and U+03A9
    const messages = (text: string) => compileText(text).diagnostics.map((d) => d.message);
    for (const mu of ["\u00b5", "\u03bc"])
      expect(messages(`const a = 1 ${mu}s`)).toEqual([
        `Unexpected character '${mu}' (micro is written 'u': 1 us, 2 uA)`,
      ]);
    for (const omega of ["\u2126", "\u03a9"])
      expect(messages(`const r = 100 M${omega}`)).toEqual([
        `Unexpected character '${omega}' (ohms are written 'ohm': 100 Mohm)`,
      ]);
  });
  test("a unit after a non-number is one error, not also the dimension of what is left", () => {
    const r = compileText(`const tau = 20\nmodel Cell = lif {\n  tau_m = tau ms\n}`);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unit-after-non-number"]);
  });
  test("model chains accumulate parameters, later models win", () => {
    const n = ok(
      `model Ma = lif { tau_m = 10 ms; v_th = -40 mV }\nmodel Mb = Ma { v_th = -45 mV }\npopulation p = Mb[1]`,
    );
    const m = n.populations[0]?.model;
    expect(m?.kind === "lif" && [m.params.tau_m, m.params.v_th, m.params.v_rest]).toEqual([
      0.01, -0.045, -0.07,
    ]);
    expect(n.populations[0]?.modelName).toBe("Mb");
  });
});

describe("lif tau_m, r_m, c_m", () => {
  const params = (body: string) => {
    const m = ok(`model C = lif { ${body} }\npopulation p = C[1]`).populations[0]?.model;
    if (m?.kind !== "lif") throw new Error("not lif");
    return [m.params.tau_m, m.params.r_m, m.params.c_m];
  };
  test("only c_m: tau_m keeps its default, r_m = tau_m / c_m", () => {
    const [tau, r, c] = params("c_m = 400 pF");
    expect(tau).toBe(0.02);
    expect(c).toBe(4e-10);
    expect(r).toBeCloseTo(5e7, 3);
  });
  test("c_m and r_m: tau_m = r_m c_m", () => {
    const [tau] = params("c_m = 100 pF; r_m = 50 Mohm");
    expect(tau).toBeCloseTo(0.005, 15);
  });
  test("neither: c_m = tau_m / r_m", () => {
    expect(params("tau_m = 10 ms")[2]).toBeCloseTo(1e-10, 20);
  });
  test("a derived member that overflows or underflows is an error at the value that causes it", () => {
    // 0.02 s / 1e-320 F = 2e318 ohm: past float64 (the IR held Infinity, JSON null)
    const cases: [string, string, string][] = [
      [
        "c_m = 1e-320 F",
        "1e-320 F",
        "This expression has no finite value (r_m = tau_m / c_m overflows)",
      ],
      [
        "r_m = 1e-320 ohm",
        "1e-320 ohm",
        "This expression has no finite value (c_m = tau_m / r_m overflows)",
      ],
      [
        "c_m = 1e300 F; r_m = 1e300 ohm",
        "1e300 F",
        "This expression has no finite value (tau_m = r_m * c_m overflows)",
      ],
      // 1e-300 s / 1e300 ohm = 1e-600 F: 0 in float64
      [
        "tau_m = 1e-300 s; r_m = 1e300 ohm",
        "1e300 ohm",
        "'c_m' (tau_m / r_m) must be greater than 0 pF, found 0 pF",
      ],
    ];
    for (const [body, at, message] of cases) {
      const text = `population p = lif[2] { ${body} }`;
      const r = compileText(text);
      expect(r.network).toBeNull();
      expect(r.diagnostics.map((d) => [spanText(text, d), d.message])).toEqual([[at, message]]);
    }
    // large but finite: 20 ms / 1e-300 F = 2e298 ohm
    expect((params("c_m = 1e-300 F")[1] ?? 0) / 2e298).toBeCloseTo(1, 12);
  });
  test("a random member: the derived one is left to the backends, not drawn independently", () => {
    const perNeuron = (body: string) => ok(`population p = lif[4] { ${body} }`).populations[0];
    const tau = {
      kind: "uniform",
      low: { kind: "const", value: 0.01 },
      high: { kind: "const", value: 0.03 },
    };
    // c_m = tau_m / r_m per neuron: c_m absent, the backends derive it from the same draw
    expect(perNeuron("tau_m = uniform(10 ms, 30 ms)")?.perNeuron).toEqual({
      tau_m: { kind: "draw", expr: tau },
    });
    // r_m = tau_m / c_m per neuron: c_m present (a constant for all), r_m absent
    expect(perNeuron("tau_m = uniform(10 ms, 30 ms); c_m = 200 pF")?.perNeuron).toEqual({
      tau_m: { kind: "draw", expr: tau },
      c_m: { kind: "draw", expr: { kind: "const", value: 2e-10 } },
    });
    expect(Object.keys(perNeuron("c_m = uniform(100 pF, 300 pF)")?.perNeuron ?? {})).toEqual([
      "c_m",
    ]);
    // tau_m = r_m c_m of a random r_m is not derived per neuron, nor a derived member that differs
    expect(
      codes("population p = lif[4] { r_m = uniform(50 Mohm, 150 Mohm); c_m = 200 pF }"),
    ).toEqual(["lif-membrane-random"]);
    expect(
      codes("population p = lif[2] { tau_m = uniform(10 ms, 30 ms); c_m[1] = 200 pF }"),
    ).toEqual(["lif-membrane-random"]);
  });
});

describe("selections and overrides", () => {
  test("ranges are inclusive, patterns anchored, written order kept", () => {
    const n = ok(
      `model C = lif { }\npopulation g = C[20]\npopulation w = C[AVAL, AVAR, AVBL, PLML, AVA]\nstimulus s1 = current -> g[3..5, 0] { amplitude = 1 nA }\nstimulus s2 = current -> w["AVA?", PLML] { amplitude = 1 nA }\nstimulus s3 = current -> w["AVA*"] { amplitude = 1 nA }`.replace(
        /s(\d) =/g,
        "st$1 =",
      ),
    );
    expect(n.stimuli.map((s) => s.target.indices)).toEqual([
      [3, 4, 5, 0],
      [0, 1, 3],
      [0, 1, 4],
    ]);
    expect(compileGlob("A?B*").test("AxBlong")).toBe(true);
    expect(compileGlob("A.B").test("AxB")).toBe(false);
  });
  test("PARAM.MEMBER, PARAM[sel] and later lines win", () => {
    const n = ok(
      `model C = lif { }\npopulation w = C[X, Y, Z] {\n v_th = -50 mV\n v_th.Y = -45 mV\n v_th[X, Z] = -40 mV\n v_th["Z"] = -41 mV\n init v = uniform(-70 mV, -60 mV)\n}`,
    );
    const p = n.populations[0]!;
    expect(p.perNeuron["v_th"]).toEqual({ kind: "values", values: [-0.04, -0.045, -0.041] });
    expect(p.init["v"]?.kind).toBe("draw");
  });
  test("a later plain line overrides member values", () => {
    const n = ok(`model C = lif { }\npopulation w = C[X, Y] { v_th.Y = -45 mV; v_th = -48 mV }`);
    expect(n.populations[0]?.perNeuron).toEqual({});
    const m = n.populations[0]?.model;
    expect(m?.kind === "lif" && m.params.v_th).toBe(-0.048);
  });
  test("spike_times are rounded, sorted and dropped at the end of the run", () => {
    const r = compileText(
      `population src = spike_times[2] { times = [3 ms, 1.04 ms, 10 ms] }\nsimulate { dt = 0.1 ms; duration = 10 ms }`,
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual([
      "value-rounded",
      "spike-time-after-duration",
    ]);
    const m = r.network?.populations[0]?.model;
    expect(m?.kind === "spike_times" && m.params.times).toEqual([
      [0.001, 0.003],
      [0.001, 0.003],
    ]);
  });
});

describe("init", () => {
  test("init v of neurocorex_lif lies in the core's Q7.10 range, as its threshold does", () => {
    const text = (v: string) =>
      `model K = neurocorex_lif { }\npopulation c = K[2] { init v = ${v} }`;
    expect(compileText(text("200")).diagnostics.map((d) => d.message)).toEqual([
      "Initial 'v' must be between -128 and 127.999023438, found 200",
    ]);
    expect(codes(text("uniform(0, 130)"))).toEqual(["value-out-of-range"]);
    // 1 / x for x drawn in [-1, 2] is unbounded (a draw of 0.001 is 1000), not [-1, 0.5]
    expect(codes(text("uniform(-1, 2) ** -1"))).toEqual(["value-out-of-range"]);
    expect(codes(text("uniform(1, 2) ** -1"))).toEqual([]);
    expect(ok(text("-128")).populations[0]?.init).toEqual({
      v: { kind: "draw", expr: { kind: "const", value: -128 } },
    });
  });
});

describe("neurocorex_lif leak", () => {
  test("leak cannot be set for some members: the core has one leak for every neuron", () => {
    const r = compileText(`model K = neurocorex_lif { }\npopulation c = K[X1, X2] { leak.X1 = 1 }`);
    expect(r.network).toBeNull();
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Unknown setting 'leak.X1' in population 'c' ('leak' is one value for every neuron: write leak = ...)",
    ]);
    expect(codes(`model K = neurocorex_lif { }\npopulation c = K[2] { leak[0] = 1 }`)).toEqual([
      "unknown-setting",
    ]);
    expect(
      ok(`model K = neurocorex_lif { }\npopulation c = K[2] { leak = 1; threshold[1] = 5 }`)
        .populations[0]?.model,
    ).toEqual({ kind: "neurocorex_lif", params: { threshold: 10, leak: 1, t_ref: 0.002 } });
  });
});

describe("record", () => {
  test("'every' is at most 2^31 - 1 steps: 1e308 s is not Infinity steps (null in the IR)", () => {
    const text = (every: string) =>
      `population p = lif[1]\nrecord v of p { every = ${every} }\nsimulate { dt = 0.1 ms; duration = 1 ms }`;
    // longer than the run is fine: one sample, at 0
    expect(ok(text("214748.3647 s")).recordings[0]).toMatchObject({ everySteps: 2 ** 31 - 1 });
    for (const every of ["214748.3648 s", "1e308 s"]) {
      const r = compileText(text(every));
      expect(r.network).toBeNull();
      expect(r.diagnostics.map((d) => [d.code, spanText(text(every), d)])).toEqual([
        ["value-out-of-range", every],
      ]);
    }
    expect(compileText(text("1e308 s")).diagnostics[0]?.message).toBe(
      "'every' must be at most 214748.3647 s, found 1e+308 s",
    );
  });
  test("the selections of one record name each neuron once, as one selection's items do", () => {
    const text = (r: string) =>
      `population p = lif[2]\npopulation w = lif[AVAL, AVAR]\n${r}\nsimulate { dt = 1 ms; duration = 5 ms }`;
    const found = (r: string) =>
      compileText(text(r)).diagnostics.map((d) => [d.message, spanText(text(r), d)]);
    expect(found("record v of p, p")).toEqual([["Neuron 0 of 'p' is selected twice", "p"]]);
    expect(found("record spikes of p[1], p[0..1]")).toEqual([
      ["Neuron 1 of 'p' is selected twice", "p[0..1]"],
    ]);
    expect(found("record spikes of w.AVAR, w")).toEqual([
      ["Neuron 'AVAR' of 'w' is selected twice", "w"],
    ]);
    expect(found("record spikes of p, w[AVAR], w.AVAL")).toEqual([]);
  });
  test("a population of 20 million neurons is recorded (more than a Set of neuron keys holds)", () => {
    const text = (r: string) =>
      `population p = lif[20000000]\n${r}\nsimulate { dt = 1 ms; duration = 5 ms }`;
    expect(ok(text("record spikes of p")).recordings).toHaveLength(1);
    expect(codes(text("record spikes of p, p[19999999]"))).toEqual(["selection-duplicate"]);
  });
});

describe("connect", () => {
  const base = `model C = lif { }\npopulation a = C[4]\npopulation b = C[X, Y, Z]\n`;
  test("allow_self defaults to false, explicit lists keep self edges", () => {
    const n = ok(
      base +
        `connect a -> a { weight = 1 nA }\nconnect a -> a { weight = 1 nA; allow_self = true }\nconnect b -> b { rule = from_list([(X, X), (Y, 2)]); weight = 1 nA }`,
    );
    expect(n.projections.map((j) => j.allowSelf)).toEqual([false, true, true]);
    expect(n.projections[2]?.rule).toEqual({ kind: "explicit", pre: [0, 1], post: [0, 2] });
  });
  test("a degree rule with allow_multapses still needs a neuron to draw from", () => {
    const r = compileText(
      `population p = lif[1]\nconnect p -> p { rule = fixed_indegree(1); weight = 1 nA; allow_multapses = true }`,
    );
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "fixed_indegree(1) draws more than the 0 neurons available",
    ]);
    expect(
      codes(
        `population p = lif[2]\nconnect p -> p { rule = fixed_outdegree(5); weight = 1 nA; allow_multapses = true }\nconnect p -> p { rule = fixed_indegree(0); weight = 1 nA }`,
      ),
    ).toEqual([]);
  });
  test("a degree rule's pool of one is '1 neuron', not '1 neurons'", () => {
    const r = compileText(
      `population p = lif[2]\nconnect p -> p { rule = fixed_outdegree(2); weight = 1 nA }`,
    );
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "fixed_outdegree(2) draws more than the 1 neuron available without repeats",
    ]);
  });
  test("the receptor follows the exact mean of abs, exp, max and min of a draw, not the function at its mean", () => {
    const receptor = (w: string) =>
      ok(`population p = lif[2]\npopulation q = lif[2]\nconnect p -> q { weight = ${w} }`)
        .projections[0]?.receptor;
    // E|N(0.1, 1)| = 0.80: the mean is +0.30 nA, although |0.1| - 0.5 < 0
    expect(receptor("abs(normal(0.1 nA, 1 nA)) - 0.5 nA")).toBe("exc");
    // E[e^N(0, 2)] = e^2 = 7.4
    expect(receptor("exp(normal(0, 2)) * 1 nA - 2 nA")).toBe("exc");
    // E[max(N(-0.1, 1), 0)] = 0.35 > 0; max(-0.1, 0) = 0 would leave it undecided
    expect(receptor("max(normal(-0.1 nA, 1 nA), 0 nA)")).toBe("exc");
    expect(receptor("min(uniform(-1 nA, 3 nA), 0.5 nA)")).toBe("exc");
    expect(receptor("-abs(uniform(-1 nA, 3 nA))")).toBe("inh");
  });
  test("from_csv: names or indices, weights and delays in SI", () => {
    const n = ok(base + `connect b -> a[1..3] { rule = from_csv("edges.csv") }`, {
      "/t/edges.csv": "pre,post,weight_pA,delay_ms\nX,0,50,1.5\n2,2,-20,2\n",
    });
    expect(n.projections[0]?.rule).toEqual({
      kind: "explicit",
      pre: [0, 2],
      post: [0, 2],
      weights: [5e-11, -2e-11],
      delays: [0.0015, 0.002],
    });
  });
  test("from_csv: a weight or delay cell is a decimal number, converted to SI in one rounding", () => {
    // Number() took '0x10' as 16 (16 nA here) and '0b11' as 3
    const text = `population a = lif[2]\nconnect a -> a { rule = from_csv("e.csv"); weight = 1 nA }`;
    const messages = (csv: string): string[] =>
      compileText(text, { "/t/e.csv": csv }).diagnostics.map((d) => d.message);
    expect(messages("pre,post,weight_nA\n0,1,0x10\n")).toEqual(["Weight '0x10' is not a number"]);
    expect(messages("pre,post,delay_ms\n0,1,0b11\n")).toEqual(["Delay '0b11' is not a number"]);
    expect(messages("pre,post,weight_nA\n0,1,1e400\n")).toEqual(["Weight '1e400' is too large"]);
    // a nonzero cell that rounds to 0 would silently drop the synapse's effect
    expect(messages("pre,post,weight_nA\n0,1,1e-320\n")).toEqual([
      "Weight '1e-320' is too small to represent: it would be 0",
    ]);
    expect(messages("pre,post,delay_ms\n0,1,2e-400\n")).toEqual([
      "Delay '2e-400' is too small to represent: it would be 0",
    ]);
    expect(messages("pre,post,weight_nA\n0,1,0.0e-400\n1,0,1\n")).toEqual([]);
    // 0.1 nA is the float64 nearest 1e-10, as in the .snn file (0.1 * 1e-9 is not)
    const n = ok(text, { "/t/e.csv": "pre,post,weight_nA,delay_us\n0,1,0.1,+150\n1,0,-.5,1e3\n" });
    expect(n.projections[0]?.rule).toMatchObject({
      weights: [1e-10, -5e-10],
      delays: [0.00015, 0.001],
    });
  });
  test("from_csv: a problem with the file's weights or delays points at the file, with the row", () => {
    // the columns replace the block's weight and delay, so pointing at those told the user to
    // change a value that is not used
    const text = [
      "population a = lif[2]",
      'connect a -> a { rule = from_csv("e.csv"); weight = 1 nA; delay = 1 ms }',
      'connect a -> a { rule = from_csv("zero.csv"); weight = 1 nA }',
      'connect a -> a { rule = from_csv("mixed.csv"); weight = 1 nA; receptor = exc }',
    ].join("\n");
    const r = compileText(text, {
      "/t/e.csv": "pre,post,weight_nA,delay_ms\n0,1,1,1\n1,0,2,0.01\n",
      "/t/zero.csv": "pre,post,weight_nA\n0,1,1\n1,0,-1\n",
      "/t/mixed.csv": "pre,post,weight_nA\n0,1,1\n1,0,-3\n0,0,-4\n",
    });
    expect(r.diagnostics.map((d) => [d.code, spanText(text, d), d.notes])).toEqual([
      ["delay-below-dt", '"e.csv"', ["e.csv:3"]],
      ["zero-mean-weight", '"zero.csv"', ["the mean of the file's weight column is 0"]],
      ["weight-crosses-zero", '"mixed.csv"', ["mixed.csv:3"]],
    ]);
  });
  test("degree rules, receptor from the weight's sign, random delays", () => {
    const n = ok(
      base +
        `connect a -> b { rule = fixed_indegree(4); weight = -normal(1 nA, 0.1 nA); delay = uniform(1 ms, 2 ms) }`,
    );
    const j = n.projections[0]!;
    expect(j.rule).toEqual({ kind: "fixed_indegree", k: 4 });
    expect(j.receptor).toBe("inh");
    expect(j.delay.kind).toBe("uniform");
  });
  test("a random divisor that only touches 0 keeps its sign: no false delay or weight diagnostics", () => {
    // 1 ms / uniform(0, 1) is at least 1 ms (the old range was unbounded: "Delay -inf")
    const r = compileText(
      base +
        `connect a -> b { weight = 1 nA / uniform(0, 1); delay = 1 ms / uniform(0, 1) }
connect a -> b { weight = -1 nA / uniform(0, 1) }`,
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual([]);
    expect(r.network?.projections.map((p) => p.receptor)).toEqual(["exc", "inh"]);
  });
  test("repeats of PRE->POST are numbered, record weights matches every one", () => {
    const n = ok(
      base +
        `connect a -> b { weight = 1 nA }\nconnect a -> b { weight = 2 nA }\nrecord weights of a -> b`,
    );
    expect(n.projections.map((j) => j.name)).toEqual(["a->b", "a->b#2"]);
    expect(n.recordings[0]).toEqual(
      expect.objectContaining({ kind: "weights", projections: [0, 1] }),
    );
  });
  test("a rejected connect is reported once: recording its weights adds no second error", () => {
    expect(
      codes(
        base +
          `plasticity p = stdpp { }\nconnect a -> b { weight = 1 nA; plasticity = p }\nconnect b -> a { weight = 1 s }\nrecord weights of a -> b\nrecord weights of b -> a`,
      ),
    ).toEqual(["unknown-plasticity-rule", "unit-mismatch"]);
    // a projection never declared is still missing
    expect(codes(base + `record weights of b -> a`)).toEqual(["no-such-projection"]);
  });
  test("a projection left empty by allow_self = false is warned about", () => {
    const r = compileText(
      base +
        `connect a -> a { rule = one_to_one; weight = 1 nA }\nconnect a[1] -> a[1] { weight = 1 nA }\nconnect a[0] -> b[X] { rule = fixed_probability(0); weight = 1 nA }\nconnect a -> a { rule = one_to_one; weight = 1 nA; allow_self = true }`,
    );
    expect(r.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "projection-empty",
        "The projection a -> a makes no synapse: every pair it would make joins a neuron to itself, and allow_self is false",
      ],
      [
        "projection-empty",
        "The projection a[1] -> a[1] makes no synapse: every pair it would make joins a neuron to itself, and allow_self is false",
      ],
    ]);
  });
  test("gap junctions: all pairs and one_to_one", () => {
    const n = ok(
      base +
        `gap a[0, 1] <-> a[2, 3] { rule = one_to_one; conductance = 1 nS }\ngap b <-> b { conductance = uniform(0.1 nS, 0.2 nS) }`,
    );
    expect(n.gaps.map((g) => g.rule.kind)).toEqual(["one_to_one", "all_pairs"]);
  });
});

describe("neurocorex core order", () => {
  test("backtracking finds the first order that avoids predecessor connections", () => {
    expect(searchOrder(3, [new Set([1]), new Set(), new Set()])).toEqual([0, 2, 1]);
    expect(searchOrder(2, [new Set([1]), new Set([0])])).toBeNull();
    expect(searchOrder(3, [new Set(), new Set(), new Set()])).toEqual([0, 1, 2]);
  });
  test("a recurrent B -> A moves C between them", () => {
    const n = ok(
      `model K = neurocorex_lif { }\npopulation c = K[Na, Nb, Nc]\nconnect c.Nb -> c.Na { weight = 20 }\nsimulate { dt = 1 ms; duration = 20 ms }`,
    );
    expect(n.core?.neurons.map((x) => x.index)).toEqual([0, 2, 1]);
    expect(n.core?.inputs).toEqual([]);
  });
  test("inputs are the spike sources that project into the core, in declaration order", () => {
    const n = ok(
      `model K = neurocorex_lif { }\npopulation late = spike_times[2] { times = [1 ms] }\npopulation c = K[2]\npopulation early = poisson[3]\npopulation idle = poisson[2]\nconnect early[2, 0] -> c[1] { weight = 5 }\nconnect late[1] -> c[0] { weight = 5 }\nsimulate { dt = 1 ms; duration = 20 ms }`,
    );
    expect(n.core?.inputs).toEqual([
      { population: 0, index: 1 },
      { population: 2, index: 0 },
      { population: 2, index: 2 },
    ]);
  });
  test("thousands of core neurons are ordered, not reported as nested too deeply", () => {
    // the search recursed once per position and overflowed the stack (nesting-too-deep, no span)
    const n = ok(
      `model K = neurocorex_lif { }\npopulation c = K[20000]\nconnect c[1] -> c[0] { weight = 20 }\nsimulate { dt = 1 ms; duration = 20 ms }`,
    );
    expect(n.core?.neurons.slice(0, 4).map((x) => x.index)).toEqual([0, 2, 1, 3]);
    expect(n.core?.neurons.length).toBe(20000);
    const chain = new Array(30000).fill(null).map(() => new Set<number>());
    chain[0]!.add(1);
    expect(searchOrder(30000, chain)?.slice(0, 3)).toEqual([0, 2, 1]);
  });
  test("none: the error names the connection", () => {
    expect(
      codes(`model K = neurocorex_lif { }\npopulation c = K[2]\nconnect c -> c { weight = 20 }`),
    ).toEqual(["core-order-impossible"]);
  });
});

describe("time grid", () => {
  test("rounds half away from zero, with the 1e-9 relative rule", () => {
    expect(stepsOf(0.00025, 0.0001)).toEqual({ steps: 3, changed: true });
    expect(stepsOf(0.0003, 0.0001)).toEqual({ steps: 3, changed: false });
    expect(stepsOf(1, 0.0001)).toEqual({ steps: 10000, changed: false });
    expect(stepsOf(-0.00025, 0.0001).steps).toBe(-3);
  });
  test("a written half step is a half although its float64 quotient falls just short of it", () => {
    // 0.15e-3 / 1e-4 is 1.4999999999999998 and 1.45e-3 / 1e-4 is 14.499999999999998
    expect(stepsOf(0.00015, 0.0001)).toEqual({ steps: 2, changed: true });
    expect(stepsOf(0.00145, 0.0001)).toEqual({ steps: 15, changed: true });
    expect(stepsOf(-0.00015, 0.0001)).toEqual({ steps: -2, changed: true });
    expect(stepsOf(0.000149, 0.0001)).toEqual({ steps: 1, changed: true });
  });
  test("spike times and delays at a half step round up", () => {
    const n = ok(
      `population src = spike_times[1] { times = [0.15 ms, 1.45 ms] }\npopulation q = lif[1]\nconnect src -> q { weight = 1 nA; delay = 0.15 ms }\nsimulate { dt = 0.1 ms; duration = 10 ms }`,
    );
    const m = n.populations[0]?.model;
    expect(m?.kind === "spike_times" && m.params.times).toEqual([[0.0002, 0.0015]]);
    const r = compileText(
      `population q = lif[1]\nconnect q -> q { weight = 1 nA; delay = 0.15 ms; allow_self = true }\nsimulate { dt = 0.1 ms; duration = 10 ms }`,
    );
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "Delay 0.15 ms is not a whole number of steps of 0.1 ms; it becomes 0.2 ms",
    ]);
  });
  test("a t_ref that rounding moves is warned about, as delays are, once per written value", () => {
    // SPEC §7: only a value that rounding changes draws the warning; it was silent for t_ref
    const text =
      `model L = lif { t_ref = 2.04 ms }\npopulation a = L[2]\npopulation b = L[1] { t_ref[0] = 3 ms }\n` +
      `model K = neurocorex_lif { t_ref = 2.5 ms }\npopulation k = K[1]\n` +
      `model S2 = spike_times { times = [0.15 ms] }\npopulation d = S2[1]\npopulation e = S2[1]\n` +
      `population c = lif[1] { t_ref = 2.0000000001 ms }\nsimulate { dt = 1 ms; duration = 10 ms }`;
    const r = compileText(text);
    expect(r.diagnostics.map((d) => `${spanText(text, d)}: ${d.message}`)).toEqual([
      "2.04 ms: Refractory period 2.04 ms is not a whole number of steps of 1 ms; it becomes 2 ms",
      "2.5 ms: Refractory period 2.5 ms is not a whole number of steps of 1 ms; it becomes 3 ms",
      "0.15 ms: Spike time 0.15 ms is not a whole number of steps of 1 ms; it becomes 0 ms",
    ]);
  });
});

describe("symbols for the language server", () => {
  test("hover details carry resolved values and derived quantities", () => {
    const r = compileText(
      `const w = 0.4 nA\nmodel C = lif { tau_m = 10 ms; t_ref = 2 ms }\npopulation p = C[100]\nconnect p -> p { rule = fixed_probability(0.1); weight = w }\nsimulate { dt = 0.1 ms; duration = 1 s }`,
    );
    const detail = (name: string): string =>
      r.symbols.find((s) => s.name === name && s.kind !== "param")?.detail ?? "";
    expect(detail("w")).toContain("0.4 nA");
    expect(detail("C")).toContain("| `tau_m` | 10 ms |");
    expect(detail("p")).toContain("refractory period: 2 ms = 20 steps");
    expect(detail("p")).toContain("~990 synapses expected");
    expect(detail("p")).toContain("tau_m: 10 ms");
    const wId = r.symbols.find((s) => s.name === "w")?.id;
    expect(r.references.filter((x) => x.symbol === wId)).toHaveLength(2);
    expect(r.symbols.find((s) => s.kind === "param" && s.name === "tau_m")?.detail).toContain(
      "Membrane time constant",
    );
  });
  test("symbols exist even when the file has errors", () => {
    const r = compileText(`population p = Missing[3]\nconst k = 3 ms`);
    expect(errorsOf(r).length).toBe(1);
    expect(r.symbols.map((s) => s.name)).toEqual(["p", "k"]);
  });
});

describe("stimulus hover", () => {
  test("shows the wave in natural units and the number of neurons driven", () => {
    const r = compileText(
      `population p = lif[5]\nstimulus kick = step -> p[0..1] { amplitude = 0.1 nA; start = 100 ms; stop = 300 ms }`,
    );
    const d = r.symbols.find((s) => s.name === "kick")?.detail ?? "";
    expect(d).toContain("step -> `p[0..1]`");
    expect(d).toContain("- drives 2 neurons");
    expect(d).toContain("- amplitude: 0.1 nA");
    expect(d).toContain("- stop: 300 ms");
  });
});

describe("run options", () => {
  test("a simulate block must give its duration; only a file without one runs 1 s", () => {
    const r = compileText(`population p = lif[1]\nsimulate { dt = 0.1 ms; seed = 1 }`);
    expect(r.network).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.message, spanStart(d)])).toEqual([
      ["missing-setting", "The simulate block needs 'duration'", 22],
    ]);
    expect(compileText(`population p = lif[1]`).network?.duration).toBe(1);
    expect(
      compileText(`population p = lif[1]\nsimulate { }`, {}, { duration: 0.5 }).network?.steps,
    ).toBe(5000);
  });
  test("a run is at least one step long and its seed fits 32 bits, as hovers say", () => {
    const errors = (body: string, options = {}) =>
      compileText(`population p = lif[1]\nsimulate { ${body} }`, {}, options).diagnostics.map(
        (d) => d.message,
      );
    expect(errors("duration = 0 s")).toEqual(["'duration' must be greater than 0 ms, found 0 ms"]);
    expect(errors("duration = 1 s", { duration: 0 })).toEqual([
      "The --duration option must be greater than 0 ms, found 0 ms",
    ]);
    expect(errors("duration = 1 s; seed = 4294967296")).toEqual([
      "'seed' must be between 0 and 4294967295, found 4294967296",
    ]);
    expect(errors("duration = 1 s; seed = 4294967295")).toEqual([]);
    const seed = simulateKeys.find((k) => k.name === "seed");
    expect(seed?.type.kind === "quantity" && seed.type.bounds).toEqual({
      min: 0,
      max: 2 ** 32 - 1,
    });
  });
  test("--seed and --duration override the file and are checked", () => {
    const text = `population p = lif[1]\nsimulate { dt = 0.1 ms; duration = 1 s; seed = 3 }`;
    const n = compileText(text, {}, { seed: 5, duration: 0.5 }).network;
    expect([n?.seed, n?.duration, n?.steps]).toEqual([5, 0.5, 5000]);
    expect(compileText(text, {}, { seed: -1 }).diagnostics.map((d) => d.message)).toEqual([
      "The --seed option must be between 0 and 4294967295, found -1",
    ]);
    expect(compileText(text, {}, { duration: 0.00005 }).diagnostics.map((d) => d.code)).toEqual([
      "duration-not-whole",
    ]);
  });

  test("a step stimulus that covers none of the run's steps is warned about", () => {
    const text = `population p = lif[2]
stimulus a = step -> p { amplitude = 1 nA; start = 10.01 ms; stop = 10.05 ms }
stimulus b = step -> p { amplitude = 1 nA; start = 2 s; stop = 3 s }
stimulus c = step -> p { amplitude = 1 nA; start = 10 ms; stop = 10.1 ms }
stimulus d = step -> p { amplitude = 1 nA; start = 999.9 ms; stop = 2 s }
simulate { dt = 0.1 ms; duration = 1 s }`;
    const r = compileText(text);
    expect(r.network).not.toBeNull();
    expect(r.diagnostics.map((d) => [d.code, spanText(text, d)])).toEqual([
      ["stimulus-never-on", "10.01 ms"],
      ["stimulus-never-on", "2 s"],
    ]);
    expect(r.diagnostics[1]?.message).toBe(
      "Step stimulus 'b' is never on: it starts at or after the end of the run (1 s)",
    );
  });

  test("a poisson rate above one spike per step is warned about, at the rate", () => {
    const text = (rate: string) =>
      `population p = poisson[3] { rate = ${rate} }\nsimulate { dt = 0.1 ms; duration = 1 s }`;
    expect(compileText(text("10 kHz")).diagnostics).toEqual([]);
    const hi = text("uniform(5 kHz, 20 kHz)");
    const r = compileText(hi);
    expect(r.network).not.toBeNull();
    expect(r.diagnostics.map((d) => [d.code, spanText(hi, d)])).toEqual([
      ["poisson-rate-above-step", "uniform(5 kHz, 20 kHz)"],
    ]);
    expect(r.diagnostics[0]?.message).toBe(
      "Rate 20 kHz is more than one spike per step (dt = 0.1 ms): the source fires every step, 10 kHz at most",
    );
  });

  test("from_csv delays: every bad row reported with its CSV line", () => {
    const text = `population a = lif[3]
population w = lif[3]
connect a -> w { rule = from_csv("edges.csv"); weight = 1 nA }
simulate { dt = 0.1 ms; duration = 20 ms }`;
    const csv = "pre,post,delay_ms\n0,0,0.5\n1,1,-1\n2,2,0.01\n0,1,0.25\n";
    const r = compileText(text, { "/t/edges.csv": csv });
    expect(r.network).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, d.notes])).toEqual([
      ["delay-below-dt", ["edges.csv:3"]],
      ["delay-below-dt", ["edges.csv:4"]],
      ["value-rounded", ["edges.csv:5"]],
    ]);
  });

  test("from_csv: ten problems are reported and the last says how many more there are", () => {
    const text = `population a = lif[3]\nconnect a -> a { rule = from_csv("e.csv"); weight = 1 nA }`;
    const rows = Array.from({ length: 25 }, (_, k) => `${k % 3},x${k},1`);
    const r = compileText(text, { "/t/e.csv": ["pre,post,weight_nA", ...rows, ""].join("\n") });
    const csv = r.diagnostics.filter((d) => d.code === "csv-error");
    expect(csv).toHaveLength(10);
    expect(csv[0]?.notes).toEqual(["e.csv:2"]);
    expect(csv[9]?.notes).toEqual(["e.csv:11", "and 15 more problems in e.csv, not listed"]);
  });

  test("from_csv onto neurocorex_lif: weights are int8 and a delay column is an error", () => {
    const text = `model K = neurocorex_lif { }
population src = spike_times[1] { times = [1 ms] }
population c = K[2]
connect src -> c { rule = from_csv("w.csv") }
connect c[0] -> c[1] { rule = from_csv("d.csv") }
simulate { dt = 1 ms; duration = 10 ms }`;
    const r = compileText(text, {
      "/t/w.csv": "pre,post,weight\n0,0,6.5\n0,1,300\n0,1,-128\n",
      "/t/d.csv": "pre,post,weight,delay_ms\n0,0,12,3\n",
    });
    expect(r.network).toBeNull();
    expect(errorsOf(r).map((d) => [d.message, spanText(text, d), d.notes ?? []])).toEqual([
      [
        "Weight 6.5 onto neurocorex_lif must be a whole number between -128 and 127",
        '"w.csv"',
        ["w.csv:2"],
      ],
      [
        "Weight 300 onto neurocorex_lif must be a whole number between -128 and 127",
        '"w.csv"',
        ["w.csv:3"],
      ],
      [
        "Projections onto neurocorex_lif have fixed delays (0 from spike sources, dt recurrent); remove the delay column",
        '"d.csv"',
        [],
      ],
    ]);
  });

  test("from_csv: a weight column of the wrong kind is reported at the file, with its header row", () => {
    const text = `model K = neurocorex_lif { }
population src = spike_times[1] { times = [1 ms] }
population c = K[2]
population a = lif[2]
connect src -> c { rule = from_csv("current.csv") }
connect a -> a { rule = from_csv("bare.csv") }
simulate { dt = 1 ms; duration = 10 ms }`;
    const r = compileText(text, {
      "/t/current.csv": "pre,post,weight_nA\n0,0,1\n",
      "/t/bare.csv": "\npre,post,weight\n0,1,5\n",
    });
    expect(errorsOf(r).map((d) => [d.message, spanText(text, d), d.notes ?? []])).toEqual([
      [
        "Weights onto neurocorex_lif are bare integers: name the column 'weight'",
        '"current.csv"',
        ["current.csv:1"],
      ],
      [
        "Weights onto lif/izhikevich are currents: name the column weight_<unit> (e.g. weight_nA)",
        '"bare.csv"',
        ["bare.csv:2"],
      ],
    ]);
  });

  test("from_csv: two columns for one role are an error, not the last one winning", () => {
    const text = `population a = lif[3]\nconnect a -> a { rule = from_csv("e.csv"); weight = 1 nA }`;
    const messages = (csv: string): string[] =>
      compileText(text, { "/t/e.csv": csv }).diagnostics.map((d) => d.message);
    expect(messages("pre,post,weight_nA,weight_pA\n0,1,1,2\n")).toEqual([
      "Columns 'weight_nA' and 'weight_pA' both give the weight",
    ]);
    expect(messages("pre,post,delay_ms,delay_us\n0,1,1,2\n")).toEqual([
      "Columns 'delay_ms' and 'delay_us' both give the delay",
    ]);
    expect(messages("pre,post,pre\n0,1,2\n")).toEqual(["Column 'pre' appears twice"]);
  });

  test("a file nested past the stack's depth is an error, not a crash", () => {
    const deep = (n: number) => `const x = ${"(".repeat(n)}1 ms${")".repeat(n)}\n`;
    expect(compileText(deep(40)).diagnostics).toEqual([]);
    const sum = `const y = ${Array.from({ length: 30000 }, () => "1 ms").join(" + ")}\n`;
    // each constant defined by the next one down the file: evaluated by recursion
    const chain = Array.from({ length: 20000 }, (_, i) => `const c${i} = c${i + 1} + 1 ms`);
    for (const text of [sum, [...chain, "const c20000 = 1 ms"].join("\n")]) {
      const r = compileText(text);
      expect(r.network).toBeNull();
      expect(r.diagnostics.map((d) => d.code)).toEqual(["nesting-too-deep"]);
    }
    // brackets are counted before parsing, and the place past the limit is shown
    const brackets = deep(20000);
    const r = compileText(brackets);
    expect(r.network).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, spanStart(d)])).toEqual([
      ["brackets-too-deep", "const x = ".length + 200],
    ]);
    expect(compileText(deep(200)).diagnostics).toEqual([]);
    // and the parser is whole afterwards
    expect(compileText(deep(40)).diagnostics).toEqual([]);
  });

  test("a run longer than 2^31 - 1 steps is refused, at the duration", () => {
    // step numbers are 32-bit integers: a longer run would wrap them, or run for ever
    const text = (duration: string) =>
      `population p = lif[1]\nsimulate { dt = 0.1 ms; duration = ${duration} }`;
    expect(errorsOf(compileText(text("214748.3647 s")))).toEqual([]);
    expect(compileText(text("214748.3647 s")).network?.steps).toBe(2 ** 31 - 1);
    const long = text("214748.3648 s");
    const r = compileText(long);
    expect(r.network).toBeNull();
    expect(r.diagnostics.map((d) => [d.code, spanText(long, d)])).toEqual([
      ["too-many-steps", "214748.3648 s"],
    ]);
    expect(r.diagnostics[0]?.message).toContain("2147483648 steps");
    expect(compileText(text("1 s"), {}, { duration: 1e12 }).diagnostics.map((d) => d.code)).toEqual(
      ["too-many-steps"],
    );
    // duration / dt overflows float64: no "Infinity steps", and the duration in seconds
    const huge = compileText(text("1e308 s"));
    expect(huge.diagnostics.map((d) => d.message)).toEqual([
      "The run has more than 1.79769313486e+308 steps (duration 1e+308 s, dt 0.1 ms), more than the 2147483647 a run can have",
    ]);
  });
});

describe("plasticity hovers", () => {
  test("print the rule's values in natural units", () => {
    const r = compileText(`model C = lif { }
population a = C[4]
population b = C[4]
plasticity learn = stdp { tau_plus = 20 ms; w_max = 6 pA; a_plus = 0.01 }
plasticity h = homeostasis { target_rate = 5 Hz; eta = 1 mV }
plasticity win = stdp_window { window_pre = 3 ms; window_post = 2 ms }
connect a -> b { weight = 1 pA; plasticity = learn }`);
    expect(errorsOf(r)).toEqual([]);
    const detail = (name: string): string => r.symbols.find((x) => x.name === name)?.detail ?? "";
    const s = detail("learn");
    expect(s).toContain("- tau_plus: 20 ms");
    expect(s).toContain("- w_max: 6 pA");
    expect(s).toContain("- w_min: 0 nA");
    expect(s).toContain("- a_plus: 0.01");
    expect(s).toContain("- dependence: additive");
    expect(s).not.toContain("0.02");
    expect(s).not.toContain("e-12");
    expect(detail("h")).toContain("- target_rate: 5 Hz");
    expect(detail("h")).toContain("- eta: 1 mV");
    expect(detail("win")).toContain("- window_pre_steps: 30 steps");
  });
});
