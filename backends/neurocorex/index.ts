export { neurocorexBackend } from "./backend.js";
export { planFromNetwork, neuronLabel, inputAddress, formatMs } from "./plan.js";
export type {
  CorePlan,
  CoreNeuron,
  CoreInput,
  CoreEvent,
  CoreStdp,
  CoreSynapse,
  SourceSpike,
} from "./plan.js";
export { checkCoreLimits, type CheckedCore } from "./limits.js";
export { encodeCommands, paramValues, bitmapBody, runBody, type ImageCommand } from "./encode.js";
export { assembleImage, buildManifest } from "./image.js";
export type { AssembledImage, ImageManifest, ImageCommandRange, ImagePause } from "./image.js";
export {
  decodeImage,
  type DecodedImage,
  type DecodedCommand,
  type DecodedEvent,
} from "./decode.js";
export { formatImageListing } from "./listing.js";
