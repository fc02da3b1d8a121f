/**
 * Connection rules (SPEC §4) and the keys of `connect` and `gap` blocks. A rule is written as a
 * bare name (`rule = all_to_all`) or a call (`rule = fixed_probability(0.02)`); its arguments
 * bind by position or name (eval/arguments.ts).
 */
import { Dimensionless, Conductance, Time } from "../units/index.js";
import type { CallParam } from "../eval/index.js";
import type { ParamSpec, ParamType } from "./types.js";

/** The connection rules of SPEC §4. */
export type ConnectionRuleName =
  | "all_to_all"
  | "one_to_one"
  | "fixed_probability"
  | "fixed_indegree"
  | "fixed_outdegree"
  | "from_list"
  | "from_csv";

/** What a rule argument accepts. `pairs`: a list of `(pre, post)` pairs of indices or member names. */
export type RuleArgType = ParamType | { readonly kind: "pairs" };

/** One argument of a connection rule, with its type and doc. */
export interface RuleArgSpec extends CallParam {
  readonly type: RuleArgType;
  readonly doc: string;
}

/** A connection rule: its arguments and how it makes edges. */
export interface ConnectionRuleSpec {
  readonly name: ConnectionRuleName;
  readonly signature: string;
  readonly doc: string;
  readonly args: readonly RuleArgSpec[];
  /** Generated rules draw or enumerate edges: `allow_self` applies; explicit lists keep self-edges. */
  readonly generated: boolean;
  /** Draws from the connectivity stream (so `allow_multapses` matters for degree rules). */
  readonly random: boolean;
}

const count = {
  kind: "quantity",
  dim: Dimensionless,
  integer: true,
  perNeuron: false,
  bounds: { min: 0 },
} as const;

/** Every connection rule, by name, in SPEC order. */
export const connectionRules: Readonly<Record<ConnectionRuleName, ConnectionRuleSpec>> = {
  all_to_all: {
    name: "all_to_all",
    signature: "all_to_all",
    doc: "Every pre neuron to every post neuron (the default).",
    args: [],
    generated: true,
    random: false,
  },
  one_to_one: {
    name: "one_to_one",
    signature: "one_to_one",
    doc: "Pairs the selections' neurons in written order; both must have the same size.",
    args: [],
    generated: true,
    random: false,
  },
  fixed_probability: {
    name: "fixed_probability",
    signature: "fixed_probability(p)",
    doc: "Each pair is connected independently with probability p.",
    args: [
      {
        name: "p",
        type: {
          kind: "quantity",
          dim: Dimensionless,
          perNeuron: false,
          bounds: { min: 0, max: 1 },
        },
        doc: "Connection probability, 0 <= p <= 1.",
      },
    ],
    generated: true,
    random: true,
  },
  fixed_indegree: {
    name: "fixed_indegree",
    signature: "fixed_indegree(k)",
    doc: "Each post neuron gets k distinct pre neurons drawn at random.",
    args: [{ name: "k", type: count, doc: "Inputs per post neuron (at most the pool's size)." }],
    generated: true,
    random: true,
  },
  fixed_outdegree: {
    name: "fixed_outdegree",
    signature: "fixed_outdegree(k)",
    doc: "Each pre neuron gets k distinct post neurons drawn at random.",
    args: [{ name: "k", type: count, doc: "Targets per pre neuron (at most the pool's size)." }],
    generated: true,
    random: true,
  },
  from_list: {
    name: "from_list",
    signature: "from_list([(pre, post), ...])",
    doc: "Explicit edges: indices into the selections or member names.",
    args: [{ name: "pairs", type: { kind: "pairs" }, doc: "A list of (pre, post) pairs." }],
    generated: false,
    random: false,
  },
  from_csv: {
    name: "from_csv",
    signature: 'from_csv("file.csv")',
    doc: "Explicit edges from a CSV file with a header: pre,post (indices or names), optional weight_<unit>, delay_<unit>.",
    args: [
      {
        name: "path",
        type: { kind: "string" },
        doc: "Path of the CSV file, relative to this file.",
      },
    ],
    generated: false,
    random: false,
  },
};

/** Rule names, in SPEC order (for completion and did-you-mean). */
export const connectionRuleNames: readonly ConnectionRuleName[] = [
  "all_to_all",
  "one_to_one",
  "fixed_probability",
  "fixed_indegree",
  "fixed_outdegree",
  "from_list",
  "from_csv",
];

/** The rule called `name`, if any. */
export function lookupConnectionRule(name: string): ConnectionRuleSpec | undefined {
  return (connectionRuleNames as readonly string[]).includes(name)
    ? connectionRules[name as ConnectionRuleName]
    : undefined;
}

/** The keys of a `connect PRE -> POST { ... }` block (SPEC §4). */
export const connectKeys: readonly ParamSpec[] = [
  {
    name: "rule",
    type: { kind: "rule", rules: connectionRuleNames },
    default: { kind: "word", value: "all_to_all" },
    doc: "How pre and post neurons are paired.",
  },
  {
    name: "weight",
    type: { kind: "weight" },
    doc: "Synaptic weight: a current onto lif/izhikevich (its sign picks the receptor), an integer -128..127 onto neurocorex_lif; may be random.",
  },
  {
    name: "delay",
    type: { kind: "quantity", dim: Time, perNeuron: true, bounds: { min: 0 } },
    default: { kind: "derived", doc: "dt" },
    doc: "Transmission delay, rounded to steps and at least dt; may be random.",
  },
  {
    name: "receptor",
    type: { kind: "word", values: ["exc", "inh"] },
    default: { kind: "derived", doc: "the sign of the weight's mean" },
    doc: "Which synaptic current the weight is added to.",
  },
  {
    name: "plasticity",
    type: { kind: "plasticity" },
    default: { kind: "none", doc: "static weights" },
    doc: "A stdp or stdp_window rule that changes the weights.",
  },
  {
    name: "allow_self",
    type: { kind: "bool" },
    default: { kind: "bool", value: false },
    doc: "Whether generated rules may connect a neuron to itself (when the selections share neurons).",
  },
  {
    name: "allow_multapses",
    type: { kind: "bool" },
    default: { kind: "bool", value: false },
    doc: "Whether degree rules may draw the same pair more than once.",
  },
];

/** The keys of a `gap A <-> B { ... }` block (SPEC §4). */
export const gapKeys: readonly ParamSpec[] = [
  {
    name: "conductance",
    type: { kind: "quantity", dim: Conductance, perNeuron: true, bounds: { min: 0 } },
    doc: "Conductance g of each junction: i_gap = sum g (v_other − v); may be random.",
  },
  {
    name: "rule",
    type: { kind: "rule", rules: ["all_to_all", "one_to_one"] },
    default: { kind: "word", value: "all_to_all" },
    doc: "all_to_all: every unordered pair {a, b} with a ≠ b, once; one_to_one: paired in order.",
  },
];
