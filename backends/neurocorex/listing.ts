/**
 * The readable listing of an image that `snnc inspect` prints: every command with its offset and
 * length, the non-zero weights by logical neuron and input address, the parameters decoded from
 * Q7.10, the enabled bitmap cells and the run's events with their steps. Names come from the
 * manifest when one is at hand; without it the listing uses core coordinates only.
 */
import {
  FF_GAIN_SLOT,
  LEAK_SLOT,
  MATRIX_CELLS,
  NEURONS,
  PARAM_SLOT_OFFSET,
  PARAM_STDP,
  PARAM_TAU,
  PARAM_TREF,
  PARAM_VTHR,
  POST_ROW_OFFSET,
  PRE_COL_OFFSET,
  Q_MAX_RAW,
  READBACK_BYTES,
  RESERVED_ADDRESS,
  SLOTS,
  STDP_AA_WINDOWS,
  STDP_FF_WINDOWS,
  STDP_STEPS,
  fromQRaw,
  stdpHighField,
  stdpLowField,
  wrap18,
  wrap8,
} from "../../runtime/ncx/core/index.js";
import type { DecodedCommand, DecodedImage } from "./decode.js";
import type { ImageManifest } from "./image.js";

interface Names {
  neuron(b: number): string;
  input(address: number): string;
}

function namesFrom(manifest: ImageManifest | null): Names {
  const neurons = new Map<number, string>();
  const inputs = new Map<number, string>();
  for (const n of manifest?.neurons ?? [])
    neurons.set(
      n.logical,
      n.name !== "" ? `${n.population}.${n.name}` : `${n.population}[${n.index}]`,
    );
  for (const i of manifest?.inputs ?? [])
    inputs.set(
      i.address,
      i.name !== "" ? `${i.population}.${i.name}` : `${i.population}[${i.index}]`,
    );
  return {
    neuron: (b) => (neurons.has(b) ? ` ${neurons.get(b)}` : ""),
    input: (a) =>
      inputs.has(a) ? ` ${inputs.get(a)}` : a === RESERVED_ADDRESS ? " (filler/trailing)" : "",
  };
}

const hex2 = (x: number) => `0x${x.toString(16).padStart(2, "0")}`;

/** A post row or pre column as the logical neuron it belongs to, or the raw index. */
function postOf(row: number): string {
  const b = row - POST_ROW_OFFSET;
  return b >= 0 && b < NEURONS ? `n${b}` : `row ${row}`;
}

function preOf(col: number): string {
  const m = col - PRE_COL_OFFSET;
  return m >= 0 && m < NEURONS ? `n${m}` : `col ${col}`;
}

/** The listing of a decoded image (`path` only labels the first line). */
export function formatImageListing(
  path: string,
  size: number,
  image: DecodedImage,
  manifest: ImageManifest | null,
): string {
  const names = namesFrom(manifest);
  const lines: string[] = [
    `NeuroCoreX image ${path}: ${size} bytes, ${image.commands.length} commands${manifest !== null ? ` (names from the manifest of '${manifest.network}')` : ""}`,
  ];
  for (const c of image.commands) {
    lines.push("", `@${c.offset} ${hex2(c.header)} ${title(c)}, ${c.length} bytes`);
    lines.push(...body(c, names));
  }
  if (image.error !== null) lines.push("", `error: ${image.error}`);
  return lines.join("\n") + "\n";
}

function title(c: DecodedCommand): string {
  switch (c.kind) {
    case "aa-weights":
      return "AA (recurrent) weights";
    case "ff-weights":
      return "FF (input) weights";
    case "parameters":
      return "neuron and learning parameters";
    case "stdp-bitmap":
      return "STDP enable bitmap";
    case "run":
      return "spike run";
    case "debug":
      return "debug current";
    case "read-back":
      return "read back FF weights";
  }
}

function body(c: DecodedCommand, names: Names): string[] {
  switch (c.kind) {
    case "aa-weights":
    case "ff-weights": {
      const out: string[] = [];
      for (let cell = 0; cell < MATRIX_CELLS; cell++) {
        const w = c.weights[cell]!;
        if (w === 0) continue;
        const row = Math.floor(cell / SLOTS);
        const col = cell % SLOTS;
        const post = `${postOf(row)}${names.neuron(row - POST_ROW_OFFSET)}`;
        const pre =
          c.kind === "aa-weights"
            ? `${preOf(col)}${names.neuron(col - PRE_COL_OFFSET)}`
            : `input ${col}${names.input(col)}`;
        out.push(`  [${row}][${col}] ${post} <- ${pre}: ${w}`);
      }
      out.unshift(
        `  ${out.length} non-zero cells (row = post neuron + ${POST_ROW_OFFSET}, column = ${c.kind === "aa-weights" ? `pre neuron + ${PRE_COL_OFFSET}` : "input address"}); pad ${hex2(c.pad)}`,
      );
      return out;
    }
    case "parameters":
      return parameterLines(c.values, names);
    case "stdp-bitmap": {
      const cell = (k: number) => `[${Math.floor(k / SLOTS)}][${k % SLOTS}]`;
      return [
        `  AA cells enabled (${c.aaCells.length}): ${c.aaCells.map((k) => `${cell(k)} ${postOf(Math.floor(k / SLOTS))} <- ${preOf(k % SLOTS)}`).join(", ") || "none"}`,
        `  FF cells enabled (${c.ffCells.length}): ${c.ffCells.map(cell).join(", ") || "none"}${c.ffCells.length > 0 ? " (FF learning writes other cells: NEUROCOREX.md 6.3.3)" : ""}`,
        `  pad ${hex2(c.pad)}`,
      ];
    }
    case "run": {
      const out = [
        `  ${c.events.length} events (event k is injected in step s_k = sum of (dt + 1))`,
        "  #     dt  address  step",
      ];
      c.events.forEach((e, k) => {
        out.push(
          `  ${String(k).padEnd(5)} ${String(e.dt).padStart(3)}  ${String(e.address).padStart(7)}  ${String(e.step).padStart(4)}${names.input(e.address)}`,
        );
      });
      const last = c.events[c.events.length - 1];
      out.push(
        `  terminator ff ff ff${last !== undefined ? `; the run ends in step ${last.step}: frames 0..${last.step - 1} are sent` : ""}`,
      );
      return out;
    }
    case "debug":
      return [
        `  I_bias ${fromQRaw(c.currentRaw)} to slot ${c.slot} (logical neuron ${c.slot - PARAM_SLOT_OFFSET})`,
      ];
    case "read-back":
      return [
        `  dummy ${hex2(c.dummy)}; the core answers with ${READBACK_BYTES} bytes of the FF RAM`,
      ];
  }
}

function parameterLines(values: Int32Array, names: Names): string[] {
  const q = (raw: number) => fromQRaw(wrap18(raw));
  const out = [
    `  FF gain (Tref[${FF_GAIN_SLOT}] & 0xff): ${values[PARAM_TREF + FF_GAIN_SLOT]! & 0xff}`,
    `  leak (tau_mem[${LEAK_SLOT}]): ${q(values[PARAM_TAU + LEAK_SLOT]!)}`,
  ];
  const ff = values[PARAM_STDP + STDP_FF_WINDOWS]!;
  const aa = values[PARAM_STDP + STDP_AA_WINDOWS]!;
  const steps = values[PARAM_STDP + STDP_STEPS]!;
  out.push(
    `  STDP: AA windows pre ${stdpLowField(aa)}, post ${stdpHighField(aa)}; FF windows pre ${stdpLowField(ff)}, post ${stdpHighField(ff)}; step+ ${wrap8(stdpLowField(steps))}, step- ${wrap8(stdpHighField(steps))}`,
  );
  out.push("  slot  neuron  threshold  refractory");
  let hidden = 0;
  for (let slot = 0; slot < SLOTS; slot++) {
    const thr = values[PARAM_VTHR + slot]!;
    const tref = values[PARAM_TREF + slot]!;
    if (thr === Q_MAX_RAW && (tref === 0 || slot === FF_GAIN_SLOT)) {
      hidden++;
      continue;
    }
    const b = slot - PARAM_SLOT_OFFSET;
    const isNeuron = b >= 0 && b < NEURONS;
    const who = isNeuron ? `n${b}` : "-";
    out.push(
      `  ${String(slot).padEnd(4)}  ${who.padEnd(6)}  ${String(q(thr)).padStart(9)}  ${String(tref).padStart(10)}${isNeuron ? names.neuron(b) : ""}`,
    );
  }
  out.push(`  (${hidden} slots at threshold 127.999 with no refractory period not shown)`);
  const other = [...values.subarray(PARAM_TAU, PARAM_TAU + SLOTS)].filter(
    (v, k) => k !== LEAK_SLOT && v !== 0,
  ).length;
  if (other > 0) out.push(`  ${other} other tau_mem entries are non-zero (the core ignores them)`);
  return out;
}
