/**
 * The NIR export read back with h5wasm and checked against the NIR specification (neuromorphs/NIR
 * 1.0 serialization: root `version`, graph node `node` of type NIRGraph with `nodes` and `edges`;
 * CubaLIF parameters tau_syn, tau_mem, r, v_leak, v_threshold, v_reset, w_in of the population's
 * shape; Linear weight of shape [post, pre]; Input/Output `shape`), byte-identical output, and
 * the constructs it refuses or drops.
 */
import h5wasm, { Dataset, Group } from "h5wasm/node";
import { describe, expect, it } from "vitest";
import { DiagnosticSink } from "../../common/index.js";
import type { Network } from "../../compiler/ir/index.js";
import { nirBackend } from "../../backends/nir/index.js";
import { instantiateNetwork } from "../../runtime/index.js";
import { buildWith, compileFixture } from "./helpers.js";
import { compileText } from "../compiler/helpers.js";
import { cuba, lifParams, population } from "./hand-networks.js";
import { izhParams } from "../runtime/ir-builder.js";

const { FS } = await h5wasm.ready;

/** Opens NIR bytes with h5wasm and returns a reader of datasets by path. */
function openNir(bytes: Uint8Array): {
  get(path: string): Dataset;
  group(path: string): Group;
  close(): void;
} {
  const path = `/nir-test-${Math.random().toString(36).slice(2)}.nir`;
  FS.writeFile(path, bytes);
  const file = new h5wasm.File(path, "r");
  return {
    get(p: string) {
      const d = file.get(p);
      if (!(d instanceof Dataset)) throw new Error(`no dataset ${p}`);
      return d;
    },
    group(p: string) {
      const g = file.get(p);
      if (!(g instanceof Group)) throw new Error(`no group ${p}`);
      return g;
    },
    close() {
      file.close();
      FS.unlink(path);
    },
  };
}

const nirBytes = (network: Network): Uint8Array => {
  const { files, diagnostics } = buildWith(nirBackend, network);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const f = files?.[0];
  expect(f?.path).toBe(`${network.name}.nir`);
  return f?.contents as Uint8Array;
};

describe("NIR export", () => {
  it("a random tau_m: r keeps r_m where c_m is derived, and is tau_m / c_m where c_m is given", () => {
    const read = (body: string, key: string): number[] => {
      const c = compileText(`population p = lif[3] { ${body} }\nrecord spikes of p`);
      if (c.network === null) throw new Error("no network");
      const nir = openNir(nirBytes(c.network));
      try {
        return Array.from(nir.get(`node/nodes/p/${key}`).value as Float64Array);
      } finally {
        nir.close();
      }
    };
    expect(read("tau_m = uniform(10 ms, 30 ms)", "r")).toEqual([1e8, 1e8, 1e8]);
    const body = "tau_m = uniform(10 ms, 30 ms); c_m = 200 pF";
    expect(read(body, "r")).toEqual(read(body, "tau_mem").map((t) => t / 2e-10));
  });
  it("keeps node names unique and free of '/', which would nest HDF5 groups", () => {
    const nir = openNir(nirBytes(compileFixture("odd-node-names.snn")));
    try {
      const names = nir.group("node/nodes").keys().sort();
      expect(names).toEqual(
        [
          "a",
          "b",
          "worm",
          "a->b",
          "a->b.delay",
          "a->b.delay#2",
          "a->b.delay.delay",
          'worm["A%2FB"]->b',
          'worm["A%2FB"]->b.delay',
          'worm["C%25"]->b',
          'worm["C%25"]->b.delay',
          "worm->worm",
          "worm->worm.delay",
          "b.out",
        ].sort(),
      );
      const type = (n: string) => nir.get(`node/nodes/${n}/type`).value;
      // the Linear node of 'a->b.delay' and the Delay node of 'a->b' are two nodes
      expect(type("a->b.delay")).toBe("Delay");
      expect(type("a->b.delay#2")).toBe("Linear");
      expect(nir.group("node/nodes/a->b.delay").keys().sort()).toEqual(["delay", "type"]);
      const flat = nir.get("node/edges").value as string[];
      const pairs: string[] = [];
      for (let k = 0; k < flat.length; k += 2) pairs.push(`${flat[k]} -> ${flat[k + 1]}`);
      expect(pairs).toContain("a -> a->b.delay#2");
      expect(pairs).toContain("a->b.delay#2 -> a->b.delay.delay");
      expect(pairs).toContain('worm -> worm["A%2FB"]->b');
      // every edge names a node
      for (const name of flat) expect(names).toContain(name);
    } finally {
      nir.close();
    }
  });

  it("writes the NIR graph of a feed-forward network with the specification's layout", () => {
    const network = compileFixture("feed-forward.snn");
    const built = instantiateNetwork(network);
    const nir = openNir(nirBytes(network));
    try {
      expect(nir.get("version").value).toBe("1.0.0");
      expect(nir.get("node/type").value).toBe("NIRGraph");
      const nodes = nir.group("node/nodes");
      expect(nodes.keys().sort()).toEqual(
        [
          "hidden",
          "hidden->out",
          "hidden->out.delay",
          "inp",
          "inp->hidden",
          "inp->hidden.delay",
          "out",
          "out.out",
        ].sort(),
      );
      const type = (n: string) => nir.get(`node/nodes/${n}/type`).value;
      expect(type("inp")).toBe("Input");
      expect(type("hidden")).toBe("CubaLIF");
      expect(type("out")).toBe("CubaLIF");
      expect(type("inp->hidden")).toBe("Linear");
      expect(type("inp->hidden.delay")).toBe("Delay");
      expect(type("out.out")).toBe("Output");
      expect(Array.from(nir.get("node/nodes/inp/shape").value as BigInt64Array)).toEqual([5n]);
      expect(Array.from(nir.get("node/nodes/out.out/shape").value as BigInt64Array)).toEqual([2n]);
      // CubaLIF: every parameter per neuron, in SI; i_bias and the current stimulus fold into v_leak.
      const keys = nir.group("node/nodes/out").keys().sort();
      expect(keys).toEqual([
        "r",
        "tau_mem",
        "tau_syn",
        "type",
        "v_leak",
        "v_reset",
        "v_threshold",
        "w_in",
      ]);
      const param = (n: string, k: string) =>
        Array.from(nir.get(`node/nodes/${n}/${k}`).value as Float64Array);
      expect(nir.get("node/nodes/out/v_leak").shape).toEqual([2]);
      expect(param("out", "tau_mem")).toEqual([0.02, 0.02]);
      expect(param("out", "tau_syn")).toEqual([0.005, 0.005]);
      expect(param("out", "r")).toEqual([1e8, 1e8]);
      expect(param("out", "v_threshold")).toEqual([-0.05, -0.05]);
      expect(param("out", "v_reset")).toEqual([-0.07, -0.07]);
      expect(param("out", "w_in")).toEqual([1, 1]);
      const leak = param("out", "v_leak");
      expect(leak[0]).toBeCloseTo(-0.07 + 1e8 * 0.1e-9, 12);
      expect(leak[1]).toBeCloseTo(-0.07 + 1e8 * 0.15e-9, 12);
      expect(param("hidden", "v_leak").every((v) => Math.abs(v - -0.06) < 1e-12)).toBe(true);
      // Linear: shape [post, pre]; W = snnc's drawn weight × the target's tau_syn.
      const w = nir.get("node/nodes/inp->hidden/weight");
      expect(w.shape).toEqual([3, 5]);
      const values = Array.from(w.value as Float64Array);
      const drawn = built.projections[0]!;
      const expected = new Array<number>(15).fill(0);
      for (let k = 0; k < drawn.pre.length; k++)
        expected[drawn.post[k]! * 5 + drawn.pre[k]!] = drawn.weight[k]! * 0.005;
      expect(values).toEqual(expected);
      expect(values.filter((x) => x !== 0).length).toBe(drawn.pre.length);
      expect(drawn.pre.length).toBeGreaterThan(0);
      expect(nir.get("node/nodes/hidden->out/weight").shape).toEqual([2, 3]);
      expect(Array.from(nir.get("node/nodes/hidden->out/weight").value as Float64Array)).toEqual(
        new Array(6).fill(-0.2e-9 * 0.005),
      );
      expect(
        Array.from(nir.get("node/nodes/hidden->out.delay/delay").value as Float64Array),
      ).toEqual([0.002, 0.002]);
      expect(
        Array.from(nir.get("node/nodes/inp->hidden.delay/delay").value as Float64Array),
      ).toEqual([1e-4, 1e-4, 1e-4]);
      // Edges: [E, 2] strings, each source → target, every name a node.
      const edges = nir.get("node/edges");
      expect(edges.shape).toEqual([7, 2]);
      const flat = edges.value as string[];
      const pairs = Array.from({ length: 7 }, (_, k) => `${flat[2 * k]} -> ${flat[2 * k + 1]}`);
      expect(pairs).toEqual([
        "inp -> inp->hidden",
        "inp->hidden -> inp->hidden.delay",
        "inp->hidden.delay -> hidden",
        "hidden -> hidden->out",
        "hidden->out -> hidden->out.delay",
        "hidden->out.delay -> out",
        "out -> out.out",
      ]);
    } finally {
      nir.close();
    }
  });

  it("is deterministic: the same file and seed give byte-identical .nir files", async () => {
    const a = nirBytes(compileFixture("feed-forward.snn"));
    // HDF5 stamps object headers with the time in seconds: build again in another second.
    await new Promise((r) => setTimeout(r, 1100));
    const b = nirBytes(compileFixture("feed-forward.snn"));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("reports what it drops as warnings naming the construct", () => {
    const { diagnostics } = buildWith(nirBackend, compileFixture("plastic.snn"));
    const messages = diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
    expect(messages).toContain(
      "warning nir/dropped-construct: The rate of Poisson source 'inputs' is left out of the NIR graph: a NIR Input node only declares where external spikes enter",
    );
    expect(messages).toContain(
      "warning nir/dropped-construct: The refractory period of 'cells' is left out of the NIR graph: NIR's CubaLIF has no refractory period",
    );
    expect(messages).toContain(
      "warning nir/dropped-construct: The plasticity of 'inputs->cells' is left out of the NIR graph: NIR has no learning rules; the initial weights are exported",
    );
    expect(messages).toContain(
      "warning nir/dropped-construct: Stimulus 'kick' (step) is left out of the NIR graph: NIR has no time-varying current sources",
    );
    expect(messages).toContain(
      "warning nir/dropped-construct: The v recording is left out of the NIR graph: NIR Output nodes carry spikes only",
    );
  });

  it("reports each diagnostic once when checkLimits and build share a sink (as snnc build does)", () => {
    const network = compileFixture("feed-forward.snn");
    const sink = new DiagnosticSink();
    nirBackend.checkLimits(network, { diagnostics: sink });
    expect(nirBackend.build(network, { diagnostics: sink })).not.toBeNull();
    expect(sink.items.map((d) => d.code)).toEqual(["nir/dropped-construct"]);
  });

  it("refuses CUBA (two synaptic time constants), gap junctions and izhikevich at their sources", () => {
    const net = cuba(0.1);
    const { files, diagnostics } = buildWith(nirBackend, net);
    expect(files).toBeNull();
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.span])).toEqual([
      ["nir/unsupported-construct", net.populations[0]!.origin],
      ["nir/unsupported-construct", net.populations[1]!.origin],
    ]);
    expect(errors[0]?.message).toBe(
      "Population 'exc' cannot be exported to NIR: NIR's CubaLIF has one synaptic time constant, but it receives exc and inh input with different tau_syn_exc and tau_syn_inh",
    );
    const gaps = buildWith(nirBackend, compileFixture("gap-junctions.snn"));
    expect(gaps.files).toBeNull();
    expect(gaps.diagnostics.filter((d) => d.severity === "error").map((d) => d.message)).toEqual([
      "Gap junctions cannot be exported to NIR: NIR has no electrical coupling between neurons",
    ]);
    const izh: Network = {
      ...net,
      projections: [],
      populations: [
        population(0, "rs", 2, {
          kind: "izhikevich",
          params: izhParams(),
        }),
        population(1, "ok", 2, { kind: "lif", params: lifParams({}) }),
      ],
    };
    const r = buildWith(nirBackend, izh);
    expect(r.files).toBeNull();
    expect(
      r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.message]),
    ).toEqual([
      ["nir/unsupported-model", "NIR has no node for the 'izhikevich' model of population 'rs'"],
    ]);
  });
});
