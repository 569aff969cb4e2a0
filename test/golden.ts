/**
 * Golden files are vitest file snapshots (test/README.md): `await expect(text).toMatchFileSnapshot(file)`
 * compares the text byte for byte with the file; only `npm run test:update` (`vitest run -u`) writes one.
 */

/** The text of a JSON golden: two-space indentation and a final newline. */
export const goldenJson = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
