/**
 * Signature help while a call's arguments are typed, and the hover of a call's name: the
 * built-in functions, the connection rules and a connectome's csv(...) and sign table.
 */
import { describe, expect, test } from "vitest";
import { hoverText, openAt } from "./helpers.js";

const model = `model A = lif { tau_m = 20 ms }\n`;

/** The signature at the cursor, its active argument's text in the label, or null. */
function help(src: string): { label: string; active: string | undefined } | null {
  const { service, uri, pos } = openAt(model + src);
  const h = service.signatureHelp(uri, pos);
  if (h === null) return null;
  const sig = h.signatures[h.activeSignature ?? 0]!;
  const param = sig.parameters?.[h.activeParameter ?? 0];
  const label = param?.label;
  return {
    label: sig.label,
    active:
      label === undefined
        ? undefined
        : typeof label === "string"
          ? label
          : sig.label.slice(...label),
  };
}

describe("signature help", () => {
  test("follows the argument being typed, in a file that does not parse yet", () => {
    expect(help(`population p = A[10] { init v = uniform(┆`)).toEqual({
      label: "uniform(low, high)",
      active: "low",
    });
    expect(help(`population p = A[10] { init v = uniform(-60 mV, ┆`)).toEqual({
      label: "uniform(low, high)",
      active: "high",
    });
  });

  test("an argument written by name is the one highlighted", () => {
    expect(help(`connect p -> p { rule = fixed_degree(k = 3); weight = normal(sd = ┆`)).toEqual({
      label: "normal(mean, sd)",
      active: "sd",
    });
  });

  test("min and max take any number of arguments: the last one stays highlighted", () => {
    expect(help(`population p = A[10] { init v = max(1 mV, 2 mV, 3┆ mV) }`)).toEqual({
      label: "max(a, b, ...)",
      active: "b",
    });
  });

  test("the innermost call, and a call around a list being typed", () => {
    expect(help(`population p = A[10] { init v = uniform(min(1 mV, ┆`)?.label).toBe(
      "min(a, b, ...)",
    );
    expect(help(`connect p -> p { rule = from_list([(0, 1), (1, ┆`)).toEqual({
      label: "from_list([(pre, post), ...])",
      active: "[(pre, post), ...]",
    });
  });

  test("from_csv is the rule's or the sign table's, by the statement it is the value of", () => {
    expect(help(`connect p -> p { rule = from_csv(┆`)?.label).toBe('from_csv("file.csv")');
    expect(help(`connectome w = csv("e.csv") { sign = from_csv("n.csv", value = ┆`)).toEqual({
      label: 'from_csv("table.csv", key = "label", value = "neurotransmitter")',
      active: 'value = "neurotransmitter"',
    });
    expect(help(`connectome w = csv(┆`)).toEqual({
      label: 'csv("edges.csv")',
      active: '"edges.csv"',
    });
  });

  test("nothing outside a call's parentheses, in a string, or for an unknown name", () => {
    expect(help(`population p = A[10] { init v = uniform(-60 mV, -50 mV)┆ }`)).toBeNull();
    expect(help(`population p = A[10] { init v = -60 mV┆ }`)).toBeNull();
    expect(help(`population p = A[10] { init v = shrug(┆`)).toBeNull();
    // a parenthesis inside a string does not open a call
    expect(help(`connect p -> p { rule = from_csv("a(b", ┆`)?.label).toBe('from_csv("file.csv")');
  });
});

describe("hover on a call's name", () => {
  function hoverAt(src: string): string {
    const { service, uri, pos } = openAt(model + src);
    return hoverText(service.hover(uri, pos));
  }

  test("a function, a rule and a bare rule show their signature and arguments", () => {
    const fn = hoverAt(`population p = A[10] { init v = unif┆orm(-60 mV, -50 mV) }`);
    expect(fn).toContain("**uniform(low, high)**");
    expect(fn).toContain("- `high`: The largest value drawn");
    const rule = hoverAt(
      `population p = A[10]\nconnect p -> p { rule = fixed_probabi┆lity(0.1); weight = 1 pA }`,
    );
    expect(rule).toContain("**fixed_probability(p)**: Each pair is connected independently");
    const bare = hoverAt(
      `population p = A[10]\nconnect p -> p { rule = all_to_a┆ll; weight = 1 pA }`,
    );
    expect(bare).toContain("**all_to_all**: Every pre neuron to every post neuron");
  });

  test("a connectome's sign table is told from the from_csv rule", () => {
    const sign = hoverAt(
      `connectome w = csv("e.csv") { sign = from_c┆sv("n.csv", key = "label") }`,
    );
    expect(sign).toContain("transmitter");
    expect(sign).toContain("- `key` (optional)");
  });
});
