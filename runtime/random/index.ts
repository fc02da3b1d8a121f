/** The seeded random streams shared by every simulator and export (SPEC §7; docs/runtime.md). */
export { RandomStream } from "./stream.js";
