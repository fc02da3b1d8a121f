/**
 * A plain, obviously correct reference simulator of SPEC §3-7: no code generation, no event
 * queue, no CSR tricks. Each step walks every synapse of every projection and asks "did its pre
 * neuron spike exactly `delay` steps ago?", and every rule is written out as the SPEC states it.
 * It performs the same float64 operations in the same order as the generated simulator (that is
 * the contract the property test checks), and draws from the same seeded streams.
 *
 * The network's random structure comes from `instantiateNetwork` (the one generator every
 * backend uses); this file is about the dynamics.
 */
import type { Network, PlasticityRule, StimulusWave } from "../../compiler/ir/index.js";
import { instantiateNetwork, lifCoefficients, RandomStream } from "../../runtime/index.js";
import { toMillivolts } from "../../runtime/kernels/coefficients.js";
import { toSteps } from "../../runtime/instantiate/index.js";

export interface ReferenceResult {
  /** [stamp, population, index] in recording order. */
  readonly spikes: [number, number, number][];
  readonly spikeCounts: number[];
  /** recording id → samples (flattened like StateTrace.values). */
  readonly state: Map<number, number[]>;
  /** `${recording}:${projection}` → samples. */
  readonly weights: Map<string, number[]>;
}

type Stdp = Extract<PlasticityRule, { kind: "stdp" }>;

function indicesOf(net: Network, sel: { population: number; indices: readonly number[] | null }) {
  const size = net.populations[sel.population]?.size ?? 0;
  return sel.indices === null ? Array.from({ length: size }, (_, i) => i) : [...sel.indices];
}

function activeStep(x: number, dt: number): number {
  const k = x / dt;
  const r = toSteps(x, dt);
  return Math.abs(k - r) <= 1e-9 * Math.max(1, Math.abs(k)) ? r : Math.ceil(k);
}

function stimulusAt(
  w: StimulusWave,
  n: number,
  dt: number,
  rng: RandomStream | null,
): number | null {
  switch (w.kind) {
    case "current":
      return w.amplitude;
    case "step":
      return n >= activeStep(w.start, dt) && n < activeStep(w.stop, dt) ? w.amplitude : null;
    case "sine":
      return w.offset + w.amplitude * Math.sin(2 * Math.PI * w.frequency * (n * dt) + w.phase);
    case "noise":
      return w.mean + w.sd * (rng as RandomStream).normal();
  }
}

/** Runs the reference simulation of a network for all its steps. */
export function referenceSimulate(net: Network): ReferenceResult {
  const built = instantiateNetwork(net);
  const dt = net.dt;
  const P = net.populations.length;
  const pops = net.populations;
  const size = pops.map((p) => p.size);
  const zeros = (k: number) => new Array<number>(size[k] ?? 0).fill(0);
  // State (izhikevich in mV, as the paper).
  const v = pops.map((p, k) => {
    const init = built.init[k]?.["v"];
    return p.model.kind === "izhikevich"
      ? Array.from(init ?? [], toMillivolts)
      : Array.from(init ?? zeros(k));
  });
  const u = pops.map((p, k) => {
    if (p.model.kind !== "izhikevich") return zeros(k);
    if (p.init["u"] !== undefined) return Array.from(built.init[k]?.["u"] ?? [], toMillivolts);
    const b = p.model.params.b;
    return (v[k] ?? []).map((x, i) => (built.params[k]?.["b"]?.[i] ?? b) * x);
  });
  const ie = pops.map((_, k) => Array.from(built.init[k]?.["i_exc"] ?? zeros(k)));
  const ii = pops.map((_, k) => Array.from(built.init[k]?.["i_inh"] ?? zeros(k)));
  const ref = pops.map((_, k) => zeros(k));
  const ist = pops.map((_, k) => zeros(k));
  const igp = pops.map((_, k) => zeros(k));
  const vth = pops.map((p, k) =>
    p.model.kind === "lif"
      ? zeros(k).map(
          (_, i) => built.params[k]?.["v_th"]?.[i] ?? (p.model.params as { v_th: number }).v_th,
        )
      : zeros(k),
  );
  const rate = pops.map((_, k) => zeros(k));
  // Spike history: stamp → set of neurons, per population.
  const history = pops.map(() => new Map<number, Set<number>>());
  const spikedAt = (k: number, stamp: number, i: number) => history[k]?.get(stamp)?.has(i) ?? false;
  const spikesAt = (k: number, stamp: number) =>
    [...(history[k]?.get(stamp) ?? [])].sort((a, b) => a - b);
  // Sources.
  const poissonRng = pops.map((p) =>
    p.model.kind === "poisson" ? new RandomStream(net.seed, "poisson", p.name) : null,
  );
  const poissonPos = pops.map((p, k) => {
    if (p.model.kind !== "poisson") return 0;
    const q = p.model.params.rate * dt;
    return q > 0 && q < 1 ? (poissonRng[k] as RandomStream).geometric(Math.log(1 - q)) : 0;
  });
  const noiseRng = net.stimuli.map((s) =>
    s.wave.kind === "noise" ? new RandomStream(net.seed, "noise", s.name) : null,
  );
  // Plasticity state.
  const proj = built.projections;
  const x = proj.map((p) => new Array<number>(p.pre.length).fill(0));
  const xl = proj.map((p) => new Array<number>(p.pre.length).fill(0));
  const y = net.projections.map((p) => new Array<number>(size[p.post.population] ?? 0).fill(0));
  const yl = net.projections.map((p) => new Array<number>(size[p.post.population] ?? 0).fill(0));
  const w = proj.map((p) => Array.from(p.weight));
  const isCore = (k: number) => pops[k]?.model.kind === "neurocorex_lif";
  // The core.
  const coreOrder = net.core?.neurons ?? [];
  const C = coreOrder.length;
  const posOf = (k: number, i: number) =>
    coreOrder.findIndex((nr) => nr.population === k && nr.index === i);
  const cV = new Array<number>(C).fill(0);
  const cI = new Array<number>(C).fill(0);
  const cRef = new Array<number>(C).fill(0);
  const cLast = new Array<number>(C).fill(-1e9);
  let cAcc = new Array<number>(C).fill(0);
  let prevSpikers: number[] = [];
  const aa = new Array<number>(C * C).fill(0);
  const plastic = new Array<boolean>(C * C).fill(false);
  const wrap18 = (z: number) => (z << 14) >> 14;
  const wrap8 = (z: number) => (z << 24) >> 24;
  net.projections.forEach((p, id) => {
    if (!isCore(p.post.population) || !isCore(p.pre.population)) return;
    const b = proj[id];
    if (b === undefined) return;
    for (let s = 0; s < b.pre.length; s++) {
      const cell =
        posOf(p.post.population, b.post[s] ?? 0) * C + posOf(p.pre.population, b.pre[s] ?? 0);
      aa[cell] = (aa[cell] ?? 0) + (b.weight[s] ?? 0);
      if (p.plasticity !== null && net.plasticity[p.plasticity]?.kind === "stdp_window")
        plastic[cell] = true;
    }
  });
  const window = net.plasticity.find((r) => r.kind === "stdp_window");
  const corePop = pops.find((p) => p.model.kind === "neurocorex_lif");
  const leak =
    corePop !== undefined && corePop.model.kind === "neurocorex_lif"
      ? Math.round(corePop.model.params.leak * 1024)
      : 0;

  const out: ReferenceResult = {
    spikes: [],
    spikeCounts: new Array<number>(P).fill(0),
    state: new Map(),
    weights: new Map(),
  };

  function sourceSpikes(k: number, T: number): number[] {
    const p = pops[k];
    if (p === undefined) return [];
    if (p.model.kind === "spike_times") {
      const list: number[] = [];
      p.model.params.times.forEach((ts, i) => {
        for (const t of ts) if (toSteps(t, dt) === T) list.push(i);
      });
      return list.sort((a, b) => a - b);
    }
    if (p.model.kind === "poisson" && T > 0) {
      const q = p.model.params.rate * dt;
      const list: number[] = [];
      if (q >= 1) for (let i = 0; i < p.size; i++) list.push(i);
      else if (q > 0) {
        let pos = poissonPos[k] ?? 0;
        while (pos < p.size) {
          list.push(pos);
          pos += 1 + (poissonRng[k] as RandomStream).geometric(Math.log(1 - q));
        }
        poissonPos[k] = pos - p.size;
      }
      return list;
    }
    return [];
  }

  function coreStep(T: number): void {
    if (C === 0) return;
    const ff = new Array<number>(C).fill(0);
    net.projections.forEach((p, id) => {
      if (!isCore(p.post.population) || isCore(p.pre.population)) return;
      const b = proj[id] as (typeof proj)[number];
      for (let s = 0; s < b.pre.length; s++)
        if (spikedAt(p.pre.population, T, b.pre[s] ?? 0)) {
          const pos = posOf(p.post.population, b.post[s] ?? 0);
          ff[pos] = (ff[pos] ?? 0) + (b.weight[s] ?? 0) * 1024;
        }
    });
    const spk: boolean[] = [];
    for (let b = 0; b < C; b++) {
      const nr = coreOrder[b] as { population: number; index: number };
      const m = pops[nr.population]?.model;
      const thr = m?.kind === "neurocorex_lif" ? Math.round(m.params.threshold * 1024) : 0;
      spk.push(cRef[b] === 0 && (cV[b] ?? 0) >= thr);
    }
    let held = 0;
    for (let b = 0; b < C; b++) {
      const gate = prevSpikers.some((m) => m !== b);
      if (gate) {
        cI[b] = wrap18((cI[b] ?? 0) + (cAcc[b] ?? 0) * 1024);
        held = cI[b] ?? 0;
      } else cI[b] = held;
      const nr = coreOrder[b] as { population: number; index: number };
      const m = pops[nr.population]?.model;
      if (spk[b]) {
        cV[b] = 0;
        cRef[b] = m?.kind === "neurocorex_lif" ? Math.max(1, toSteps(m.params.t_ref, dt)) : 1;
        cLast[b] = T;
      } else {
        const input = b > 0 && spk[b - 1] ? 0 : (ff[b] ?? 0);
        cV[b] = wrap18((cV[b] ?? 0) + (cI[b] ?? 0) + input - leak);
        if ((cRef[b] ?? 0) > 0) cRef[b] = (cRef[b] ?? 0) - 1;
      }
    }
    const spikers = spk.flatMap((s, b) => (s ? [b] : []));
    cAcc = cAcc.map((_, b) =>
      spikers.filter((m) => m !== b + 1).reduce((a, m) => a + (aa[b * C + m] ?? 0), 0),
    );
    prevSpikers = spikers;
    if (window !== undefined && window.kind === "stdp_window")
      for (const k of spikers) {
        for (let m = 0; m < C; m++) {
          const d = T - (cLast[m] ?? 0);
          if (plastic[k * C + m] && d >= 0 && d <= window.window_pre_steps)
            aa[k * C + m] = wrap8((aa[k * C + m] ?? 0) + window.step_plus);
        }
        for (let b = 0; b < C; b++) {
          const d = T - (cLast[b] ?? 0);
          if (b !== k && plastic[b * C + k] && d >= 1 && d <= window.window_post_steps) {
            const z = wrap8((aa[b * C + k] ?? 0) - window.step_minus);
            aa[b * C + k] = z < -1 ? -1 : z;
          }
        }
      }
    pops.forEach((p, k) => {
      if (!isCore(k)) return;
      const set = new Set<number>();
      for (let i = 0; i < p.size; i++) if (spk[posOf(k, i)]) set.add(i);
      history[k]?.set(T, set);
    });
  }

  function record(T: number): void {
    for (let k = 0; k < P; k++) {
      const list = spikesAt(k, T);
      out.spikeCounts[k] = (out.spikeCounts[k] ?? 0) + list.length;
      const recorded = new Set<number>();
      for (const r of net.recordings)
        if (r.kind === "spikes")
          for (const t of r.targets)
            if (t.population === k) for (const i of indicesOf(net, t)) recorded.add(i);
      for (const i of list) if (recorded.has(i)) out.spikes.push([T, k, i]);
    }
    net.recordings.forEach((r, id) => {
      if (r.kind === "state" && T % r.everySteps === 0) {
        const arr = out.state.get(id) ?? [];
        for (const t of r.targets)
          for (const i of indicesOf(net, t)) {
            const k = t.population;
            const kind = pops[k]?.model.kind;
            let val = 0;
            if (kind === "neurocorex_lif")
              val = r.variable === "v" ? (cV[posOf(k, i)] ?? 0) / 1024 : 0;
            else if (r.variable === "v")
              val = kind === "izhikevich" ? (v[k]?.[i] ?? 0) * 0.001 : (v[k]?.[i] ?? 0);
            else if (r.variable === "u") val = kind === "izhikevich" ? (u[k]?.[i] ?? 0) * 0.001 : 0;
            else if (r.variable === "i_exc") val = ie[k]?.[i] ?? 0;
            else val = ii[k]?.[i] ?? 0;
            arr.push(val);
          }
        out.state.set(id, arr);
      }
      if (r.kind === "weights" && T % r.everySteps === 0)
        for (const p of r.projections) {
          const key = `${id}:${p}`;
          const arr = out.weights.get(key) ?? [];
          const pr = net.projections[p];
          const b = proj[p] as (typeof proj)[number];
          if (pr !== undefined && isCore(pr.post.population) && isCore(pr.pre.population))
            for (let s = 0; s < b.pre.length; s++)
              arr.push(
                aa[
                  posOf(pr.post.population, b.post[s] ?? 0) * C +
                    posOf(pr.pre.population, b.pre[s] ?? 0)
                ] ?? 0,
              );
          else arr.push(...(w[p] ?? []));
          out.weights.set(key, arr);
        }
    });
  }

  // Instant 0: sources stamped 0, the core's step 0, recording.
  for (let k = 0; k < P; k++) {
    const kind = pops[k]?.model.kind;
    if (kind === "spike_times" || kind === "poisson")
      history[k]?.set(0, new Set(sourceSpikes(k, 0)));
  }
  coreStep(0);
  record(0);

  for (let n = 0; n < net.steps; n++) {
    const T = n + 1;
    // 1. external and gap currents from the state at t
    for (let k = 0; k < P; k++) ist[k]?.fill(0);
    net.stimuli.forEach((s, id) => {
      for (const i of indicesOf(net, s.target)) {
        const val = stimulusAt(s.wave, n, dt, noiseRng[id] ?? null);
        if (val !== null)
          (ist[s.target.population] as number[])[i] = (ist[s.target.population]?.[i] ?? 0) + val;
      }
    });
    for (let k = 0; k < P; k++) igp[k]?.fill(0);
    built.gaps.forEach((g, id) => {
      const gap = net.gaps[id];
      if (gap === undefined) return;
      const ka = gap.a.population;
      const kb = gap.b.population;
      const volts = (k: number, i: number) =>
        pops[k]?.model.kind === "izhikevich" ? (v[k]?.[i] ?? 0) * 0.001 : (v[k]?.[i] ?? 0);
      for (let p = 0; p < g.g.length; p++) {
        const a = g.a[p] ?? 0;
        const b = g.b[p] ?? 0;
        const va = volts(ka, a);
        const vb = volts(kb, b);
        (igp[ka] as number[])[a] = (igp[ka]?.[a] ?? 0) + (g.g[p] ?? 0) * (vb - va);
        (igp[kb] as number[])[b] = (igp[kb]?.[b] ?? 0) + (g.g[p] ?? 0) * (va - vb);
      }
    });
    // 2-3. integrate and threshold
    for (let k = 0; k < P; k++) {
      const pop = pops[k];
      if (pop === undefined) continue;
      const m = pop.model;
      const fired = new Set<number>();
      if (m.kind === "lif") {
        const pv = built.params[k] ?? {};
        for (let i = 0; i < pop.size; i++) {
          const get = (name: keyof typeof m.params) => pv[name]?.[i] ?? m.params[name];
          const c = lifCoefficients(
            {
              tau_m: get("tau_m"),
              r_m: get("r_m"),
              // a per-neuron tau_m or r_m re-derives c_m = tau_m / r_m (SPEC §3: written values win)
              c_m:
                pv["c_m"] === undefined && (pv["tau_m"] !== undefined || pv["r_m"] !== undefined)
                  ? get("tau_m") / get("r_m")
                  : get("c_m"),
              t_ref: get("t_ref"),
              tau_syn_exc: get("tau_syn_exc"),
              tau_syn_inh: get("tau_syn_inh"),
            },
            dt,
          );
          let xv = v[k]?.[i] ?? 0;
          const e = ie[k]?.[i] ?? 0;
          const h = ii[k]?.[i] ?? 0;
          if ((ref[k]?.[i] ?? 0) > 0) (ref[k] as number[])[i] = (ref[k]?.[i] ?? 0) - 1;
          else {
            const vrest = get("v_rest");
            xv =
              vrest +
              c.p22 * (xv - vrest) +
              c.p21e * e +
              c.p21i * h +
              c.p20 * (get("i_bias") + (ist[k]?.[i] ?? 0) + (igp[k]?.[i] ?? 0));
            if (xv >= (vth[k]?.[i] ?? 0)) {
              fired.add(i);
              xv = get("v_reset");
              (ref[k] as number[])[i] = c.refSteps;
            }
          }
          (ie[k] as number[])[i] = e * c.pe;
          (ii[k] as number[])[i] = h * c.pi;
          (v[k] as number[])[i] = xv;
        }
      } else if (m.kind === "izhikevich") {
        const pv = built.params[k] ?? {};
        for (let i = 0; i < pop.size; i++) {
          const get = (name: keyof typeof m.params) => pv[name]?.[i] ?? m.params[name];
          let xv = v[k]?.[i] ?? 0;
          let uu = u[k]?.[i] ?? 0;
          const e = ie[k]?.[i] ?? 0;
          const h = ii[k]?.[i] ?? 0;
          const I = get("k_in") * (e + h + get("i_bias") + (ist[k]?.[i] ?? 0) + (igp[k]?.[i] ?? 0));
          const dtMs = dt * 1000;
          xv = xv + dtMs * 0.5 * (0.04 * xv * xv + 5 * xv + 140 - uu + I);
          xv = xv + dtMs * 0.5 * (0.04 * xv * xv + 5 * xv + 140 - uu + I);
          uu = uu + dtMs * get("a") * (get("b") * xv - uu);
          (ie[k] as number[])[i] = e * Math.exp(-dt / get("tau_syn_exc"));
          (ii[k] as number[])[i] = h * Math.exp(-dt / get("tau_syn_inh"));
          if (xv >= toMillivolts(get("v_peak"))) {
            fired.add(i);
            xv = toMillivolts(get("c"));
            uu = uu + toMillivolts(get("d"));
          }
          (v[k] as number[])[i] = xv;
          (u[k] as number[])[i] = uu;
        }
      } else if (m.kind === "poisson" || m.kind === "spike_times") {
        for (const i of sourceSpikes(k, T)) fired.add(i);
      }
      if (!isCore(k)) history[k]?.set(T, fired);
    }
    coreStep(T);
    // 4. arrivals at T: projection order, synapse order; deliver → depress → x += 1
    net.projections.forEach((p, id) => {
      if (isCore(p.post.population)) return;
      const b = proj[id] as (typeof proj)[number];
      const rule = p.plasticity === null ? null : (net.plasticity[p.plasticity] as Stdp);
      const target = p.receptor === "exc" ? ie[p.post.population] : ii[p.post.population];
      for (let s = 0; s < b.pre.length; s++) {
        const stamp = T - (b.delaySteps[s] ?? 1);
        if (stamp < 0 || !spikedAt(p.pre.population, stamp, b.pre[s] ?? 0)) continue;
        const j = b.post[s] ?? 0;
        const ws = w[id] as number[];
        (target as number[])[j] = (target?.[j] ?? 0) + (ws[s] ?? 0);
        if (rule === null) continue;
        const wv = ws[s] ?? 0;
        const yv = (y[id]?.[j] ?? 0) * Math.exp(-(T - (yl[id]?.[j] ?? 0)) * (dt / rule.tau_minus));
        const dep =
          rule.dependence === "additive"
            ? wv - rule.a_minus * rule.w_max * yv
            : wv - (rule.a_minus * rule.w_max * yv * (wv - rule.w_min)) / (rule.w_max - rule.w_min);
        ws[s] = dep < rule.w_min ? rule.w_min : dep > rule.w_max ? rule.w_max : dep;
        (x[id] as number[])[s] =
          (x[id]?.[s] ?? 0) * Math.exp(-(T - (xl[id]?.[s] ?? 0)) * (dt / rule.tau_plus)) + 1;
        (xl[id] as number[])[s] = T;
      }
    });
    // the postsynaptic side: potentiate → y += 1
    net.projections.forEach((p, id) => {
      if (p.plasticity === null || isCore(p.post.population)) return;
      const rule = net.plasticity[p.plasticity] as Stdp;
      const b = proj[id] as (typeof proj)[number];
      const ws = w[id] as number[];
      for (const j of spikesAt(p.post.population, T)) {
        for (let s = 0; s < b.pre.length; s++) {
          if (b.post[s] !== j) continue;
          const xv = (x[id]?.[s] ?? 0) * Math.exp(-(T - (xl[id]?.[s] ?? 0)) * (dt / rule.tau_plus));
          const wv = ws[s] ?? 0;
          const pot =
            rule.dependence === "additive"
              ? wv + rule.a_plus * rule.w_max * xv
              : wv +
                (rule.a_plus * rule.w_max * xv * (rule.w_max - wv)) / (rule.w_max - rule.w_min);
          ws[s] = pot < rule.w_min ? rule.w_min : pot > rule.w_max ? rule.w_max : pot;
        }
        (y[id] as number[])[j] =
          (y[id]?.[j] ?? 0) * Math.exp(-(T - (yl[id]?.[j] ?? 0)) * (dt / rule.tau_minus)) + 1;
        (yl[id] as number[])[j] = T;
      }
    });
    // homeostasis
    pops.forEach((pop, k) => {
      if (pop.homeostasis === null) return;
      const h = net.plasticity[pop.homeostasis];
      if (h === undefined || h.kind !== "homeostasis") return;
      const r = rate[k] as number[];
      const th = vth[k] as number[];
      const fired = history[k]?.get(T) ?? new Set<number>();
      for (let i = 0; i < pop.size; i++) {
        r[i] = (r[i] ?? 0) * Math.exp(-dt / h.tau);
        if (fired.has(i)) r[i] = (r[i] ?? 0) + 1 / h.tau;
        th[i] = (th[i] ?? 0) + h.eta * ((r[i] ?? 0) - h.target_rate) * dt;
      }
    });
    record(T);
  }
  return out;
}
