/**
 * The passes' view of the units, evaluation, built-in and suggestion modules (owned by the units
 * area). Importing them through one file keeps the passes' dependency surface visible and gives
 * one place to adapt if those interfaces move.
 */
export {
  isUnitName,
  formatQuantity,
  formatNumber,
  formatDimension,
  dimEquals,
  isDimensionless,
  Dimensionless,
  Time,
  Frequency,
  Voltage,
  Current,
  Resistance,
  Conductance,
  Capacitance,
  type Dimension,
} from "../units/index.js";
export { suggest, didYouMeanHint } from "../util/index.js";
