/** Units and dimensions (SPEC §2): the dimension algebra, the unit table and quantity printing. */
export * from "./dimension.js";
export * from "./units.js";
export * from "./format.js";
