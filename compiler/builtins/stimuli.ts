/** The stimulus kinds of SPEC §6: injected currents, their parameters and defaults (SI). */
import { Current, Dimensionless, Frequency, Time } from "../units/index.js";
import type { ParamSpec } from "./types.js";
import { constant } from "./shorthands.js";

/** The stimulus kinds of SPEC §6. */
export type StimulusKind = "current" | "step" | "sine" | "noise";

/** A stimulus kind: its parameters (without a default: required). */
export interface StimulusSpec {
  readonly name: StimulusKind;
  readonly doc: string;
  readonly params: readonly ParamSpec[];
}

const amplitude: ParamSpec = {
  name: "amplitude",
  type: { kind: "quantity", dim: Current, perNeuron: false },
  doc: "Amplitude of the injected current.",
};

/** Every stimulus kind, by name, in SPEC order. Parameters without a default are required. */
export const stimulusKinds: Readonly<Record<StimulusKind, StimulusSpec>> = {
  current: { name: "current", doc: "A constant current, always on.", params: [amplitude] },
  step: {
    name: "step",
    doc: "A current pulse, on while start <= t < stop.",
    params: [
      amplitude,
      { name: "start", type: constant(Time, { min: 0 }), doc: "When the pulse switches on." },
      { name: "stop", type: constant(Time, { min: 0 }), doc: "When it switches off (excluded)." },
    ],
  },
  sine: {
    name: "sine",
    doc: "offset + amplitude sin(2π frequency t + phase).",
    params: [
      amplitude,
      { name: "frequency", type: constant(Frequency, { min: 0 }), doc: "Frequency of the sine." },
      {
        name: "offset",
        type: constant(Current),
        default: { kind: "value", value: 0 },
        doc: "Constant added to the sine.",
      },
      {
        name: "phase",
        type: constant(Dimensionless),
        default: { kind: "value", value: 0 },
        doc: "Phase at t = 0, in radians.",
      },
    ],
  },
  noise: {
    name: "noise",
    doc: "A Gaussian current drawn per neuron and step and held for the step (as NEST's noise_generator; its effect depends on dt).",
    params: [
      { name: "mean", type: constant(Current), doc: "Mean of the current." },
      {
        name: "sd",
        type: constant(Current, { min: 0 }),
        doc: "Standard deviation of each step's draw.",
      },
    ],
  },
};

/** Kind names, in SPEC order (for completion and did-you-mean). */
export const stimulusKindNames: readonly StimulusKind[] = ["current", "step", "sine", "noise"];

/** The stimulus kind called `name`, if any. */
export function lookupStimulus(name: string): StimulusSpec | undefined {
  return (stimulusKindNames as readonly string[]).includes(name)
    ? stimulusKinds[name as StimulusKind]
    : undefined;
}
