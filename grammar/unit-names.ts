/**
 * The unit names of SPEC §2, for the parser's own messages ("a unit can only follow a number").
 * The unit table with factors and dimensions is compiler/units; this list only names them, so the
 * grammar stays free of compiler imports. test/grammar checks the two agree.
 */
export const unitNames: readonly string[] = [
  "s",
  "ms",
  "us",
  "Hz",
  "kHz",
  "V",
  "mV",
  "uV",
  "A",
  "mA",
  "uA",
  "nA",
  "pA",
  "ohm",
  "kohm",
  "Mohm",
  "Gohm",
  "S",
  "mS",
  "uS",
  "nS",
  "pS",
  "F",
  "uF",
  "nF",
  "pF",
];

const unitNameSet = new Set(unitNames);

export function isUnitName(name: string): boolean {
  return unitNameSet.has(name);
}
