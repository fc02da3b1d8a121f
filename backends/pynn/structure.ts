/**
 * The drawn structure the export writes: the shape of the runtime's `BuiltNetwork` that this
 * backend reads (`instantiateNetwork` draws it with snnc's seeded streams, SPEC §7, so the PyNN
 * script builds exactly the synapses, weights, delays and initial values `snnc run` simulates).
 */
import type { Network } from "../../compiler/ir/index.js";
import type { BuiltNetwork } from "../../runtime/index.js";

/** The runtime's drawn network, the one shape every backend reads. */
export type PynnBuilt = BuiltNetwork;

/** Draws a network's structure (the runtime's `instantiateNetwork`). */
export type Instantiate = (network: Network) => PynnBuilt;
