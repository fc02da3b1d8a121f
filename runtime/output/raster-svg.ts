export function renderRasterSvg(_r: import("../results.js").RunResult): string {
  return "";
}
