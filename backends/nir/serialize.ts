/**
 * The HDF5 layout of a NIR graph, as `nir.write` produces and `nir.read` expects (neuromorphs/NIR
 * `nir/serialization.py`): a root dataset `version` and a group `node` holding the graph as a
 * node of type `NIRGraph` with a group `nodes` (one group per node: a string dataset `type` and
 * one dataset per parameter) and a dataset `edges` of shape [E, 2] with the node names.
 */
import type { H5Group, H5Value } from "./hdf5.js";
import type { NirGraph, NirNode } from "./graph.js";

/** The NIR format version written to the file's `version` dataset. */
export const NIR_VERSION = "1.0.0";

const f64 = (values: Float64Array, shape: readonly number[]): H5Value => ({
  kind: "f64",
  values,
  shape,
});
const str = (value: string): H5Value => ({ kind: "string", value });

function nodeGroup(node: NirNode): H5Group {
  const children: [string, H5Value][] = [["type", str(node.type)]];
  switch (node.type) {
    case "CubaLIF":
      for (const [k, v] of Object.entries(node.params)) children.push([k, f64(v, [node.size])]);
      break;
    case "Input":
    case "Output":
      children.push(["shape", { kind: "i64", values: [node.size], shape: [1] }]);
      break;
    case "Linear":
      children.push(["weight", f64(node.weight, [node.rows, node.cols])]);
      break;
    case "Delay":
      children.push(["delay", f64(node.delay, [node.size])]);
      break;
    default: {
      const never: never = node;
      return never;
    }
  }
  return { kind: "group", children };
}

/** The file tree of a NIR graph. */
export function nirFileTree(graph: NirGraph): H5Group {
  const nodes: H5Group = {
    kind: "group",
    children: graph.nodes.map(([name, node]) => [name, nodeGroup(node)] as const),
  };
  const edges: H5Value = {
    kind: "strings",
    values: graph.edges.flatMap(([a, b]) => [a, b]),
    shape: [graph.edges.length, 2],
  };
  const graphNode: H5Group = {
    kind: "group",
    children: [
      ["type", str("NIRGraph")],
      ["nodes", nodes],
      ["edges", edges],
    ],
  };
  return {
    kind: "group",
    children: [
      ["version", str(NIR_VERSION)],
      ["node", graphNode],
    ],
  };
}
