/** Small helpers shared by the compiler's passes. */
export * from "./did-you-mean.js";
