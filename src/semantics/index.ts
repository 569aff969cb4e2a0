/** The semantic engine: meaning, comparison, compilation and explanation of security groups. */
export type * from './api.js';
export { meaning, allows, peerSetHas, type Meaning, type AllowBox, type PeerSet, type LocalSet } from './meaning.js';
export type { MeaningOptions } from './rules.js';
export { atomOfPeer, selfAtom } from './rules.js';
export { diff, equivalent, verdict, verdictOf, MAX_REGIONS, type DiffOptions } from './diff.js';
export { compile } from './compile.js';
export { explain, parsePacket, describeRule } from './explain.js';
export { lint, shadowedRules, neverMatchReason } from './lint.js';
