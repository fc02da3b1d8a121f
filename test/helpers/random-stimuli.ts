/**
 * Random stimuli for the property tests that compare simulators on random networks
 * (test/reference, test/runtime/threads): one of each wave kind, on a population index that
 * wraps around the populations that exist.
 */
import fc from "fast-check";
import type { StimulusWave } from "../../compiler/ir/index.js";

export interface StimulusSpec {
  target: number;
  kind: number;
  amp: number;
}

/** Up to three stimuli: target population (wrapped), wave kind 0-3, amplitude in nA. */
export const stimuliArb: fc.Arbitrary<StimulusSpec[]> = fc.array(
  fc.record({
    target: fc.integer({ min: 0, max: 2 }),
    kind: fc.integer({ min: 0, max: 3 }),
    amp: fc.double({ min: 0.1, max: 0.8, noNaN: true }),
  }),
  { maxLength: 3 },
);

/** The wave of a stimulus spec: current, step (2-5.05 ms), sine (200 Hz) or noise. */
export function stimulusWave(s: StimulusSpec): StimulusWave {
  const amp = s.amp * 1e-9;
  const waves: StimulusWave[] = [
    { kind: "current", amplitude: amp },
    { kind: "step", amplitude: amp * 2, start: 2e-3, stop: 5.05e-3 },
    { kind: "sine", amplitude: amp, frequency: 200, offset: amp, phase: 0.3 },
    { kind: "noise", mean: amp, sd: amp },
  ];
  return waves[s.kind] as StimulusWave;
}
