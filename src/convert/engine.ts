/**
 * The engine functions the conversion pipeline calls, in one place: the pipeline depends on the contract in
 * src/semantics/api.ts, and this file is where that contract meets the engine's exports.
 */
export { compile, diff, equivalent, explain, lint, parsePacket, verdict } from '../semantics/index.js';
