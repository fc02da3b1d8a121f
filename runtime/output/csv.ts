/**
 * The CSV files of SPEC §6, as text: `spikes.csv`, one file per sampled state variable
 * (`v.csv`, `i_exc.csv`, ...) and `weights.csv`. Times are `step × dt` in ms with the fewest
 * decimals that are exact on the grid; values are the shortest decimal that converts back to
 * the same SI float64 (so `-70`, never `-70.00000000000001`).
 *
 * Embedded verbatim into the JS backend's modules (for `node net.mjs --out DIR`): the functions
 * use only each other and plain data shaped like `RunResult`.
 */
import type { RunResult } from "../results.js";

/** A file to write, relative to the output directory. */
export interface CsvFile {
  readonly path: string;
  readonly text: string;
  /** The file's UTF-8 bytes when they are built as bytes (spikes.csv): written as they are. */
  readonly bytes?: Uint8Array;
  /** The same bytes piece by piece, for writing a large file without a buffer of its size. */
  readonly pieces?: (emit: (piece: Uint8Array) => void) => void;
}

/**
 * A formatter of step numbers as milliseconds: the smallest number of decimals d for which
 * dt (in ms) is an integer multiple of 10^−d, then exact integer arithmetic. A dt that is no
 * such decimal (`1 ms / 3`, `1 / 30 kHz`) has no exact grid in decimals: its times are
 * `step × dt` to 15 significant digits, so the step at 2 ms prints `2`.
 */
export function timeFormatter(dt: number): (step: number) => string {
  const dtMs = dt * 1000;
  let decimals = 0;
  let units = dtMs;
  // dtMs × 10^d of a decimal dt is an integer up to the float64 error of the product, a few
  // ulps; a looser test (it was 1e-9) took 1/3 ms for 0.333333333 ms and printed the step at
  // 2 ms as 1.999999998, drifting further with every step
  while (Math.abs(units - Math.round(units)) > 1e-14 * Math.max(1, Math.abs(units))) {
    decimals++;
    if (decimals > 12) return (step: number) => String(Number((step * dtMs).toPrecision(15)));
    units = dtMs * Math.pow(10, decimals);
  }
  units = Math.round(units);
  const scale = Math.pow(10, decimals);
  return (step: number) => {
    const q = step * units;
    if (decimals === 0) return String(q);
    const sign = q < 0 ? "-" : "";
    const a = Math.abs(q);
    const whole = Math.floor(a / scale);
    let frac = String(a - whole * scale).padStart(decimals, "0");
    frac = frac.replace(/0+$/, "");
    return sign + String(whole) + (frac.length > 0 ? "." + frac : "");
  };
}

/**
 * The shortest decimal text of `si / unit` (unit = 1e-3 for mV, 1e-9 for nA, 1 for bare values)
 * that converts back to exactly `si` (as `d / 1000` or `d × 0.001`, the two ways values move
 * between mV and V in snnc).
 */
export function formatValue(si: number, unit: number): string {
  if (unit === 1 || !Number.isFinite(si)) return String(si);
  const inv = Math.round(1 / unit);
  const scaled = si * inv;
  const a = Math.abs(scaled);
  // Fast path (a state recording writes millions of values): `scaled`'s own shortest text, when
  // it converts back, is the answer unless fewer digits also do. A text that converts back lies
  // within a few ulps of `scaled`, so a precision whose grid of decimals passes further from it
  // (by a bound far looser than that) cannot; the grids nest, so the distance only shrinks as the
  // precision grows, and the first precision within the bound is found by bisection. Outside the
  // normal range the grid arithmetic loses precision: those values take the plain search.
  if (a > 1e-290 && a < 1e290 && (scaled / inv === si || scaled * unit === si)) {
    const own = String(scaled);
    let first = -1;
    let last = -1;
    let count = 0;
    for (let i = 0; i < own.length; i++) {
      const c = own.charCodeAt(i);
      if (c === 101) break; // "e": the digits end
      if (c < 48 || c > 57) continue;
      if (c !== 48) {
        if (first < 0) first = count;
        last = count;
      }
      count++;
    }
    const digits = first < 0 ? 1 : last - first + 1;
    const near = a * 2 ** -49;
    // the decimal exponent as Math.pow's powers of ten place it (log10 may be one off next to a
    // power of ten; just below one, every grid rounds `a` to that power alike)
    let exponent = Math.floor(Math.log10(a));
    if (Math.pow(10, exponent) > a) exponent--;
    else if (Math.pow(10, exponent + 1) <= a) exponent++;
    let lo = 1;
    let hi = digits;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const q = Math.pow(10, exponent - mid + 1);
      if (Math.abs(Math.round(a / q) * q - a) <= near) hi = mid;
      else lo = mid + 1;
    }
    for (let p = lo; p < digits; p++) {
      const back = Number(scaled.toPrecision(p));
      if (back / inv === si || back * unit === si) return String(back);
    }
    return own;
  }
  for (let p = 1; p <= 17; p++) {
    const text = String(Number(scaled.toPrecision(p)));
    const back = Number(text);
    if (back / inv === si || back * unit === si) return text;
  }
  return String(scaled);
}

/**
 * A field as RFC 4180 writes it: quoted (inner quotes doubled) when it holds a comma, a quote or
 * a line break, as a projection's name (`a[x, y]->b`) or a member named in a CSV may. @internal
 */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** @internal */
export function memberName(result: RunResult, population: number, index: number): string {
  const names = result.network.populations[population]?.memberNames ?? null;
  return names === null ? "" : (names[index] ?? "");
}

/**
 * `spikes.csv`: time_ms,population,index,name in recorded (time, population, index) order.
 * Written as UTF-8 bytes into one growing buffer, with each step's time text and each
 * population's and member's name encoded once, then decoded to a string in one go: a large run
 * writes hundreds of thousands of rows, and building them as strings (and collecting those
 * strings) took longer than the simulation's last quarter.
 */
export function spikesCsv(result: RunResult): string {
  return new TextDecoder().decode(spikesCsvBytes(result));
}

/** {@link spikesCsv} as the UTF-8 bytes of the file. */
export function spikesCsvBytes(result: RunResult): Uint8Array {
  const pieces: Uint8Array[] = [];
  let size = 0;
  spikesCsvPieces(result, (piece) => {
    pieces.push(piece.slice());
    size += piece.length;
  });
  const out = new Uint8Array(size);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

/**
 * The UTF-8 bytes of `spikes.csv`, handed to `emit` piece by piece in one reused buffer of about
 * a megabyte (`emit` must use or copy a piece before it returns). Written to disk this way, a
 * large table needs no buffer of its own size: fresh memory is mapped page by page on first
 * write, which costs more than formatting the lines (7 MB for the 365,000 spikes of cuba64k).
 * Fields are copied byte by byte: a typed array's `set` costs more than that for a few bytes.
 */
export function spikesCsvPieces(result: RunResult, emit: (piece: Uint8Array) => void): void {
  const time = timeFormatter(result.network.dt);
  const utf8 = new TextEncoder();
  const pops = result.network.populations;
  const column = pops.map((pop) => utf8.encode("," + csvField(pop.name) + ","));
  const names = pops.map((pop) => pop.memberNames?.map((m) => utf8.encode(csvField(m))) ?? null);
  const sp = result.spikes;
  let out = new Uint8Array(1 << 20);
  let at = 0;
  const copy = (bytes: Uint8Array) => {
    for (let c = 0; c < bytes.length; c++) out[at + c] = bytes[c] ?? 0;
    at += bytes.length;
  };
  // room for a line: its fields, 10 digits of index and 2 separators; a rare very long line
  // (long names) gets a larger buffer
  const room = (bytes: number) => {
    if (at + bytes <= out.length) return;
    emit(out.subarray(0, at));
    at = 0;
    if (bytes > out.length) out = new Uint8Array(bytes);
  };
  const header = utf8.encode("time_ms,population,index,name\n");
  room(header.length);
  copy(header);
  let lastStep = -1;
  let t = new Uint8Array(0);
  const ascii = new Uint8Array(32);
  for (let k = 0; k < sp.length; k++) {
    const step = sp.step[k] ?? 0;
    if (step !== lastStep) {
      // a time is ASCII (a number's digits, '.', '-', 'e'): copied by hand, as TextEncoder
      // costs about 2 µs a call (20 ms for the 10,000 steps of a 1 s run)
      const text = time(step);
      if (text.length <= ascii.length) {
        for (let c = 0; c < text.length; c++) ascii[c] = text.charCodeAt(c);
        t = ascii.subarray(0, text.length);
      } else t = utf8.encode(text);
      lastStep = step;
    }
    const p = sp.population[k] ?? 0;
    const i = sp.index[k] ?? 0;
    const col = column[p] ?? utf8.encode(",,");
    const member = names[p]?.[i];
    room(t.length + col.length + (member?.length ?? 0) + 12);
    copy(t);
    copy(col);
    // the index in decimal (non-negative), most significant digit first
    let digits = 1;
    for (let x = i; x >= 10; x = Math.floor(x / 10)) digits++;
    for (let d = digits - 1, x = i; d >= 0; d--, x = Math.floor(x / 10))
      out[at + d] = 48 + (x % 10);
    at += digits;
    out[at++] = 44; // ","
    if (member !== undefined) copy(member);
    out[at++] = 10; // "\n"
  }
  emit(out.subarray(0, at));
}

/** Unit suffix and scale of a state variable's column (mV, nA, or bare for the core's `v`). */
export function stateUnit(
  result: RunResult,
  variable: string,
  populations: readonly number[],
): { suffix: string; unit: number } {
  const allCore = populations.every(
    (p) => result.network.populations[p]?.model.kind === "neurocorex_lif",
  );
  if (variable === "v" && allCore) return { suffix: "", unit: 1 };
  if (variable === "i_exc" || variable === "i_inh") return { suffix: "_nA", unit: 1e-9 };
  return { suffix: "_mV", unit: 1e-3 };
}

/** One `<variable>.csv` from every trace of that variable, sorted by time, population, index. */
export function stateCsv(result: RunResult, variable: string): string {
  const out: string[] = [];
  stateCsvLines(result, variable, (line) => out.push(line));
  return out.join("\n") + "\n";
}

/**
 * {@link stateCsv} as UTF-8 pieces of about a megabyte, handed to `emit` in order: a long
 * recording is larger than the longest string V8 can hold (about 512 MB; cuba's 3,200 exc
 * neurons sampled every step for 0.6 s are 19 million rows), and its one string, or its array of
 * row strings, took gigabytes besides.
 */
export function stateCsvPieces(
  result: RunResult,
  variable: string,
  emit: (piece: Uint8Array) => void,
): void {
  linePieces((line) => stateCsvLines(result, variable, line), emit);
}

/**
 * The lines a producer hands out, as UTF-8 pieces of about a megabyte each (a line never split),
 * handed to `emit` in order. @internal
 */
export function linePieces(
  produce: (line: (text: string) => void) => void,
  emit: (piece: Uint8Array) => void,
): void {
  const utf8 = new TextEncoder();
  let lines: string[] = [];
  let size = 0;
  produce((line) => {
    lines.push(line);
    size += line.length + 1;
    if (size >= 1 << 20) {
      emit(utf8.encode(lines.join("\n") + "\n"));
      lines = [];
      size = 0;
    }
  });
  if (lines.length > 0) emit(utf8.encode(lines.join("\n") + "\n"));
}

/** The lines of {@link stateCsv} (without line ends), handed to `line` in order. @internal */
export function stateCsvLines(
  result: RunResult,
  variable: string,
  line: (text: string) => void,
): void {
  const time = timeFormatter(result.network.dt);
  const traces = result.state.filter((t) => t.variable === variable);
  const only = traces.length === 1 ? traces[0] : undefined;
  if (only !== undefined) {
    // One trace (the usual case): no merging, rows straight from the samples, neurons sorted.
    const k = only.neurons.length;
    // a neuron named twice (`record v of p, p`) is one column
    const order = only.neurons
      .map((nrn, j) => ({ nrn, j }))
      .sort((a, b) => a.nrn.population - b.nrn.population || a.nrn.index - b.nrn.index || a.j - b.j)
      .filter(
        (o, q, all) =>
          q === 0 ||
          all[q - 1]?.nrn.population !== o.nrn.population ||
          all[q - 1]?.nrn.index !== o.nrn.index,
      );
    const u = stateUnit(
      result,
      variable,
      order.map((o) => o.nrn.population),
    );
    const prefix = order.map(
      (o) =>
        "," +
        csvField(result.network.populations[o.nrn.population]?.name ?? "") +
        "," +
        o.nrn.index +
        "," +
        csvField(memberName(result, o.nrn.population, o.nrn.index)) +
        ",",
    );
    line("time_ms,population,index,name," + variable + u.suffix);
    for (let s = 0; s < only.steps.length; s++) {
      const t = time(only.steps[s] ?? 0);
      for (let q = 0; q < order.length; q++)
        line(t + prefix[q] + formatValue(only.values[s * k + (order[q]?.j ?? 0)] ?? 0, u.unit));
    }
    return;
  }
  const rows: { step: number; pop: number; idx: number; value: number }[] = [];
  const seen = new Set<string>();
  for (const tr of traces) {
    const k = tr.neurons.length;
    for (let s = 0; s < tr.steps.length; s++)
      for (let j = 0; j < k; j++) {
        const nrn = tr.neurons[j];
        if (nrn === undefined) continue;
        const key = (tr.steps[s] ?? 0) + ":" + nrn.population + ":" + nrn.index;
        if (seen.has(key)) continue;
        seen.add(key);
        rows.push({
          step: tr.steps[s] ?? 0,
          pop: nrn.population,
          idx: nrn.index,
          value: tr.values[s * k + j] ?? 0,
        });
      }
  }
  rows.sort((a, b) => a.step - b.step || a.pop - b.pop || a.idx - b.idx);
  const pops = [...new Set(rows.map((r) => r.pop))];
  const u = stateUnit(result, variable, pops);
  line("time_ms,population,index,name," + variable + u.suffix);
  for (const r of rows) {
    const name = result.network.populations[r.pop]?.name ?? "";
    line(
      time(r.step) +
        "," +
        csvField(name) +
        "," +
        r.idx +
        "," +
        csvField(memberName(result, r.pop, r.idx)) +
        "," +
        formatValue(r.value, u.unit),
    );
  }
}

/** `weights.csv`: time_ms,projection,pre,post,pre_name,post_name,w_<unit>. */
export function weightsCsv(result: RunResult): string {
  const out: string[] = [];
  weightsCsvLines(result, (line) => out.push(line));
  return out.join("\n") + "\n";
}

/** {@link weightsCsv} as UTF-8 pieces of about a megabyte, as {@link stateCsvPieces}. */
export function weightsCsvPieces(result: RunResult, emit: (piece: Uint8Array) => void): void {
  linePieces((line) => weightsCsvLines(result, line), emit);
}

/**
 * The lines of {@link weightsCsv}, in order of time, then recording, then synapse: the
 * recordings' samples are merged step by step as they are written (each recording's steps
 * ascend), so no row is held beyond its own line. A projection recorded twice is written once
 * per step, from the first recording that sampled it then. @internal
 */
export function weightsCsvLines(result: RunResult, line: (text: string) => void): void {
  const time = timeFormatter(result.network.dt);
  const net = result.network;
  const allCore = result.weights.every((wt) => {
    const proj = net.projections[wt.projection];
    return (
      proj !== undefined && net.populations[proj.post.population]?.model.kind === "neurocorex_lif"
    );
  });
  const unit = allCore ? 1 : 1e-9;
  line("time_ms,projection,pre,post,pre_name,post_name," + (allCore ? "w" : "w_nA"));
  const next = result.weights.map(() => 0);
  for (;;) {
    let step = Infinity;
    result.weights.forEach((wt, r) => {
      if ((next[r] ?? 0) < wt.steps.length) step = Math.min(step, wt.steps[next[r] ?? 0] ?? 0);
    });
    if (step === Infinity) return;
    const t = time(step);
    const written = new Set<number>();
    result.weights.forEach((wt, r) => {
      const s = next[r] ?? 0;
      if (s >= wt.steps.length || wt.steps[s] !== step) return;
      next[r] = s + 1;
      const proj = net.projections[wt.projection];
      if (proj === undefined || written.has(wt.projection)) return;
      written.add(wt.projection);
      const n = wt.pre.length;
      const name = "," + csvField(proj.name) + ",";
      for (let j = 0; j < n; j++) {
        const pre = wt.pre[j] ?? 0;
        const post = wt.post[j] ?? 0;
        line(
          t +
            name +
            pre +
            "," +
            post +
            "," +
            csvField(memberName(result, proj.pre.population, pre)) +
            "," +
            csvField(memberName(result, proj.post.population, post)) +
            "," +
            formatValue(wt.values[s * n + j] ?? 0, unit),
        );
      }
    });
  }
}

/**
 * The part of a run's recordings on the NeuroCoreX core (`core` true) or off it: state traces
 * keep only those neurons (and their values), weight traces only the projections onto such
 * neurons. The core's values are dimensionless and the others' physical, so one column cannot
 * hold both (SPEC §6: `v` bare for the core, mV otherwise; `w` bare for core weights, nA
 * otherwise). @internal
 */
export function recordingsPart(result: RunResult, core: boolean): RunResult {
  const pops = result.network.populations;
  const onCore = (population: number) =>
    (pops[population]?.model.kind === "neurocorex_lif") === core;
  const state = result.state.flatMap((tr) => {
    const keep: number[] = [];
    tr.neurons.forEach((nrn, j) => {
      if (onCore(nrn.population)) keep.push(j);
    });
    if (keep.length === 0) return [];
    if (keep.length === tr.neurons.length) return [tr];
    const k = tr.neurons.length;
    const values = new Float64Array(tr.steps.length * keep.length);
    for (let s = 0; s < tr.steps.length; s++)
      for (let q = 0; q < keep.length; q++)
        values[s * keep.length + q] = tr.values[s * k + (keep[q] ?? 0)] ?? 0;
    return [
      { ...tr, neurons: keep.map((j) => tr.neurons[j] ?? { population: 0, index: 0 }), values },
    ];
  });
  const weights = result.weights.filter((wt) => {
    const proj = result.network.projections[wt.projection];
    return proj !== undefined && onCore(proj.post.population);
  });
  return { ...result, state, weights };
}

/**
 * Every file a run's recordings produce (only those something was recorded for). A variable (or
 * the weights) recorded both on the NeuroCoreX core and off it is written as two files, the
 * core's dimensionless values in `<variable>_core.csv` (`weights_core.csv`), so that no value is
 * written in a unit it is not in (the core's v of 6 was written as 6000 in a v_mV column).
 */
export function recordingFiles(result: RunResult): CsvFile[] {
  const physical = recordingsPart(result, false);
  const core = recordingsPart(result, true);
  const mixedState = (variable: string) =>
    physical.state.some((t) => t.variable === variable) &&
    core.state.some((t) => t.variable === variable);
  const mixedWeights = physical.weights.length > 0 && core.weights.length > 0;
  const files: CsvFile[] = [];
  const kinds = new Set(result.network.recordings.map((r) => r.kind));
  if (kinds.has("spikes")) {
    files.push({
      path: "spikes.csv",
      get bytes() {
        return spikesCsvBytes(result);
      },
      get text() {
        return spikesCsv(result);
      },
      pieces: (emit) => spikesCsvPieces(result, emit),
    });
  }
  const vars: string[] = [];
  for (const tr of result.state) if (!vars.includes(tr.variable)) vars.push(tr.variable);
  // built when written, piece by piece (a state recording can be larger than a string)
  const stateFile = (path: string, part: RunResult, v: string): CsvFile => ({
    path,
    get text() {
      return stateCsv(part, v);
    },
    pieces: (emit) => stateCsvPieces(part, v, emit),
  });
  for (const v of vars)
    if (mixedState(v))
      files.push(stateFile(v + ".csv", physical, v), stateFile(v + "_core.csv", core, v));
    else files.push(stateFile(v + ".csv", result, v));
  // built when written, piece by piece, as the state files are
  const weightsFile = (path: string, part: RunResult): CsvFile => ({
    path,
    get text() {
      return weightsCsv(part);
    },
    pieces: (emit) => weightsCsvPieces(part, emit),
  });
  if (mixedWeights)
    files.push(weightsFile("weights.csv", physical), weightsFile("weights_core.csv", core));
  else if (result.weights.length > 0) files.push(weightsFile("weights.csv", result));
  return files;
}
