/**
 * The `--plot` picture of a run: a spike raster with one band per recorded population (named on
 * the left, neurons top to bottom), a time axis in ms, and below it one panel per recorded state
 * variable (up to eight neurons each, with a legend and a value axis in mV or nA). Plain SVG text
 * with no scripts or external resources, so it opens anywhere.
 */
import type { RunResult, StateTrace } from "../results.js";

const WIDTH = 960;
const LEFT = 170;
const RIGHT = 20;
const PLOT_W = WIDTH - LEFT - RIGHT;
const COLORS = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#9467bd",
  "#ff7f0e",
  "#17becf",
  "#8c564b",
  "#e377c2",
];

function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** About five round tick values covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 5;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Number(t.toPrecision(12)));
  return out;
}

function timeAxis(y: number, durationMs: number, x: (ms: number) => number): string[] {
  const L = [`<line x1="${LEFT}" y1="${y}" x2="${LEFT + PLOT_W}" y2="${y}" stroke="#333"/>`];
  for (const t of ticks(0, durationMs)) {
    L.push(`<line x1="${x(t)}" y1="${y}" x2="${x(t)}" y2="${y + 5}" stroke="#333"/>`);
    L.push(`<text x="${x(t)}" y="${y + 18}" text-anchor="middle">${t}</text>`);
  }
  L.push(`<text x="${LEFT + PLOT_W / 2}" y="${y + 36}" text-anchor="middle">time (ms)</text>`);
  return L;
}

function tracePanel(
  result: RunResult,
  tr: StateTrace,
  top: number,
  x: (ms: number) => number,
): string[] {
  const H = 140;
  const dtMs = result.network.dt * 1000;
  const current = tr.variable === "i_exc" || tr.variable === "i_inh";
  const core = tr.neurons.every(
    (n) => result.network.populations[n.population]?.model.kind === "neurocorex_lif",
  );
  const scale = core ? 1 : current ? 1e9 : 1e3;
  const unit = core ? "" : current ? " (nA)" : " (mV)";
  const k = tr.neurons.length;
  const shown = Math.min(k, COLORS.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let s = 0; s < tr.steps.length; s++)
    for (let j = 0; j < shown; j++) {
      const v = (tr.values[s * k + j] ?? 0) * scale;
      if (!Number.isFinite(v)) continue; // a run stopped by NaN or infinite state: not drawn
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (!Number.isFinite(lo)) return [];
  if (hi - lo < 1e-12) {
    lo -= 1;
    hi += 1;
  }
  const y = (v: number) => top + H - ((v - lo) / (hi - lo)) * H;
  const L = [
    `<rect x="${LEFT}" y="${top}" width="${PLOT_W}" height="${H}" fill="none" stroke="#bbb"/>`,
  ];
  for (const t of ticks(lo, hi)) {
    L.push(
      `<line x1="${LEFT - 4}" y1="${y(t).toFixed(1)}" x2="${LEFT}" y2="${y(t).toFixed(1)}" stroke="#333"/>`,
    );
    L.push(`<text x="${LEFT - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
  }
  L.push(
    `<text x="14" y="${top + H / 2}" transform="rotate(-90 14 ${top + H / 2})" text-anchor="middle">${esc(tr.variable + unit)}</text>`,
  );
  let legendX = LEFT;
  for (let j = 0; j < shown; j++) {
    const pts: string[] = [];
    for (let s = 0; s < tr.steps.length; s++) {
      const v = (tr.values[s * k + j] ?? 0) * scale;
      if (Number.isFinite(v))
        pts.push(`${x((tr.steps[s] ?? 0) * dtMs).toFixed(1)},${y(v).toFixed(1)}`);
    }
    L.push(
      `<polyline fill="none" stroke="${COLORS[j]}" stroke-width="1" points="${pts.join(" ")}"/>`,
    );
    const n = tr.neurons[j];
    const pop = n === undefined ? undefined : result.network.populations[n.population];
    const label =
      pop === undefined || n === undefined
        ? ""
        : `${pop.name}[${pop.memberNames?.[n.index] ?? n.index}]`;
    L.push(`<text x="${legendX}" y="${top - 6}" fill="${COLORS[j]}">■ ${esc(label)}</text>`);
    legendX += 7 * label.length + 28;
  }
  if (k > shown)
    L.push(
      `<text x="${LEFT + PLOT_W}" y="${top - 6}" text-anchor="end" fill="#666">${shown} of ${k} shown</text>`,
    );
  return L;
}

/** The raster (and traces) of a run as an SVG document. */
export function renderRasterSvg(result: RunResult): string {
  const net = result.network;
  const durationMs = net.steps * net.dt * 1000;
  const x = (ms: number) => LEFT + (ms / (durationMs || 1)) * PLOT_W;
  const recorded = new Map<number, number>();
  for (let s = 0; s < result.spikes.length; s++) {
    const p = result.spikes.population[s] ?? 0;
    recorded.set(p, (recorded.get(p) ?? 0) + 1);
  }
  for (const r of net.recordings)
    if (r.kind === "spikes")
      for (const t of r.targets) if (!recorded.has(t.population)) recorded.set(t.population, 0);
  const pops = [...recorded.keys()].sort((a, b) => a - b);
  const L: string[] = [];
  let top = 40;
  const bandTop = new Map<number, { top: number; h: number }>();
  for (const p of pops) {
    const size = net.populations[p]?.size ?? 1;
    const h = size <= 20 ? Math.max(28, size * 12) : Math.max(24, Math.min(240, size * 3));
    bandTop.set(p, { top, h });
    top += h + 6;
  }
  pops.forEach((p, k) => {
    const band = bandTop.get(p);
    const pop = net.populations[p];
    if (band === undefined || pop === undefined) return;
    L.push(
      `<rect x="${LEFT}" y="${band.top}" width="${PLOT_W}" height="${band.h}" fill="${k % 2 === 0 ? "#f4f6fa" : "#fbfbfb"}" stroke="#ccc"/>`,
    );
    const members = pop.memberNames !== null && pop.size <= band.h / 11;
    const labelX = members ? LEFT - 46 : LEFT - 8;
    L.push(
      `<text x="${labelX}" y="${band.top + band.h / 2 + 4}" text-anchor="end" font-weight="bold">${esc(pop.name)}</text>`,
    );
    L.push(
      `<text x="${labelX}" y="${band.top + band.h / 2 + 18}" text-anchor="end" fill="#666" font-size="10">${pop.size} n, ${recorded.get(p) ?? 0} spikes</text>`,
    );
    if (members)
      (pop.memberNames ?? []).forEach((m, i) => {
        const yy = band.top + ((i + 0.5) / pop.size) * band.h + 3;
        L.push(
          `<text x="${LEFT - 4}" y="${yy.toFixed(1)}" text-anchor="end" font-size="9" fill="#888">${esc(m)}</text>`,
        );
      });
  });
  const paths = new Map<number, string[]>();
  const dtMs = net.dt * 1000;
  for (let s = 0; s < result.spikes.length; s++) {
    const p = result.spikes.population[s] ?? 0;
    const band = bandTop.get(p);
    const size = net.populations[p]?.size ?? 1;
    if (band === undefined) continue;
    const rowH = band.h / size;
    const yy = band.top + ((result.spikes.index[s] ?? 0) + 0.5) * rowH;
    const tick = Math.max(1, Math.min(6, rowH * 0.8));
    const list = paths.get(p) ?? [];
    list.push(
      `M${x((result.spikes.step[s] ?? 0) * dtMs).toFixed(1)} ${(yy - tick / 2).toFixed(1)}v${tick.toFixed(1)}`,
    );
    paths.set(p, list);
  }
  pops.forEach((p, k) => {
    const d = paths.get(p);
    if (d !== undefined)
      L.push(`<path d="${d.join("")}" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.2"/>`);
  });
  L.push(...timeAxis(top + 2, durationMs, x));
  top += 70;
  for (const tr of result.state) {
    L.push(...tracePanel(result, tr, top, x));
    top += 170;
  }
  const height = top + 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${LEFT}" y="24" font-size="15" font-weight="bold">${esc(net.name)}: spikes (seed ${net.seed}, dt ${net.dt * 1000} ms)</text>`,
    ...L,
    `</svg>`,
    ``,
  ].join("\n");
}
