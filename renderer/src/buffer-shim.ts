/**
 * dockerfile-ast (under shared/'s parser) calls `Buffer.from(char, 'UTF-8')` once per parse to
 * spot a UTF-8 BOM. Browsers have no Buffer; this is the one call it needs, via TextEncoder,
 * instead of bundling a full Buffer polyfill.
 */
const g = globalThis as { Buffer?: unknown };
if (g.Buffer === undefined) {
  g.Buffer = { from: (s: string) => new TextEncoder().encode(s) };
}
export {};
