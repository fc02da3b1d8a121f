import { defineCodes, msg } from "../message.js";

/**
 * Diagnostic codes of the units area: dimensions, units and the evaluation of expressions
 * (compiler/units, compiler/eval). Append only; never reuse a code.
 */
export const unitsCodes = defineCodes({
  "unit-mismatch": {
    severity: "error",
    message: msg`Expected ${"expected"} for ${"what"}, found ${"found"}`,
    description:
      "A value has the wrong dimension (e.g. `tau_m = 20 mV` or `tau_m = 20` with no unit). Write the value with a unit of the expected dimension; the literal 0 alone is accepted for any dimension.",
  },
  "unknown-unit": {
    severity: "error",
    message: msg`Unknown unit '${"name"}'${"hint"}`,
    description:
      "A number is followed by a name that is not a unit of SPEC §2. Units are case-sensitive: `ms` is a millisecond, `mS` a millisiemens.",
  },
  "unit-arithmetic": {
    severity: "error",
    message: msg`Cannot ${"operation"} ${"left"} and ${"right"}`,
    description:
      "`+` and `-` need operands of the same dimension (e.g. `1 ms + 1 mV` is an error).",
  },
  "argument-dimensions": {
    severity: "error",
    message: msg`The arguments of '${"function"}' must have the same dimension, found ${"left"} and ${"right"}`,
    description:
      "`uniform`, `normal`, `min` and `max` need arguments of one dimension (e.g. `uniform(-60 mV, -50 mV)`).",
  },
  "invalid-exponent": {
    severity: "error",
    message: msg`The exponent of '**' must be a dimensionless constant, found ${"found"}`,
    description: "The right side of `**` has a unit or is random.",
  },
  "non-integer-power": {
    severity: "error",
    message: msg`A value with a unit (${"dimension"}) can only be raised to a whole power, found ${"exponent"}`,
    description:
      "`x ** y` with a dimensioned `x` needs a whole-number `y` (e.g. `(2 ms) ** 2`); a fractional power of a unit has no meaning.",
  },
  "dimensionless-argument": {
    severity: "error",
    message: msg`'${"function"}' needs a dimensionless argument, found ${"found"}`,
    description:
      "`exp` and `log` take plain numbers; divide by a quantity of the same dimension first (e.g. `exp(-t / tau)`).",
  },
  "odd-dimension-sqrt": {
    severity: "error",
    message: msg`Cannot take the square root of ${"found"}`,
    description:
      "`sqrt` halves every exponent of its argument's dimension, so they must all be even (`sqrt(2 mV * 2 mV)` is fine, `sqrt(2 mV)` is not).",
  },
  "unknown-function": {
    severity: "error",
    message: msg`Unknown function '${"name"}'${"hint"}`,
    description:
      "Expressions may call `uniform`, `normal`, `exp`, `log`, `sqrt`, `min`, `max` and `abs` only.",
  },
  "wrong-argument-count": {
    severity: "error",
    message: msg`'${"function"}' takes ${"expected"}, found ${"found"}`,
    description: "A function was called with too few or too many arguments.",
  },
  "not-a-number": {
    severity: "error",
    message: msg`Expected a number for ${"what"}, found ${"found"}`,
    description:
      "A string, a list, a pair, `true`/`false` or a name that is not a constant stands where a numeric value is needed.",
  },
  "random-not-allowed": {
    severity: "error",
    message: msg`${"what"} must be a constant, not a random expression`,
    description:
      "`uniform(...)` and `normal(...)` draw per neuron or per synapse; they cannot give a size, a count, an exponent or a run setting.",
  },
  "not-an-integer": {
    severity: "error",
    message: msg`Expected a whole number for ${"what"}, found ${"found"}`,
    description: "Sizes, degrees (`k`), seeds and step counts must be whole numbers.",
  },
  "value-out-of-range": {
    severity: "error",
    message: msg`${"what"} must be ${"range"}, found ${"found"}`,
    description:
      "A value lies outside the range its parameter allows (e.g. a probability above 1).",
  },
  "not-finite": {
    severity: "error",
    message: msg`This expression has no finite value (${"reason"})`,
    description:
      "Constant arithmetic divided by zero, took the log or square root of a negative number, or overflowed.",
  },
  "number-underflows": {
    severity: "error",
    message: msg`'${"text"}' is too small to represent: it would be 0`,
    description:
      "A nonzero number literal lies below the smallest float64 (about 4.9e-324 in SI units, so `1e-400` or `1e-322 ms`) and would silently become 0. Write 0 if zero is meant.",
  },
  "invalid-distribution": {
    severity: "error",
    message: msg`Invalid arguments to '${"function"}': ${"reason"}`,
    description: "`uniform(low, high)` needs low <= high and `normal(mean, sd)` needs sd >= 0.",
  },
  "unknown-argument": {
    severity: "error",
    message: msg`'${"function"}' has no argument '${"name"}'${"hint"}`,
    description: "A named argument does not match any parameter of the function or rule.",
  },
  "duplicate-argument": {
    severity: "error",
    message: msg`Argument '${"name"}' of '${"function"}' is given twice`,
    description: "The same argument was given by position and by name, or twice by name.",
  },
  "positional-after-named": {
    severity: "error",
    message: msg`A positional argument cannot follow a named one`,
    description: "In a call, write positional arguments first, then `name = value` ones.",
  },
  "expected-list": {
    severity: "error",
    message: msg`Expected a list for ${"what"}, found ${"found"}`,
    description:
      "A parameter that takes several values (e.g. `times = [10 ms, 25 ms]`) was given something else.",
  },
  "unit-as-value": {
    severity: "error",
    message: msg`'${"unit"}' is a unit, not a value: write it after a number (1 ${"unit"})`,
    description:
      "A unit name stands alone where a value is expected (`tau_m = ms`, `2 * ms`). A unit is part of a number literal: write `1 ms`, or `2 * 1 ms`.",
  },
  "draw-without-value": {
    severity: "error",
    message: msg`Some draws of this expression have no value: ${"reason"}`,
    description:
      "A random expression takes the square root or log of, or a fractional power of, a draw that can be negative (`sqrt(normal(1, 1))`): those draws would be NaN in the simulation. Bound the draw first, e.g. `sqrt(max(normal(1, 1), 0))` or `sqrt(abs(x))`.",
  },
});
