/**
 * Tables of the language's built-in things (SPEC §3-§8): neuron model bases, plasticity rules,
 * stimulus kinds, connection rules, block keys and keywords, plus the lif time-constant rule.
 * The checker validates against them and the language server completes and hovers from them.
 */
export * from "./types.js";
export * from "./models.js";
export * from "./plasticity.js";
export * from "./stimuli.js";
export * from "./connections.js";
export * from "./blocks.js";
export * from "./keywords.js";
export * from "./lif.js";
