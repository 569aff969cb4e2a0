/** The semantic engine: meaning, comparison, compilation and explanation of security groups. */
export type * from './api.js';
export { meaning, allows, type Meaning, type AllowBox, type PeerSet, type LocalSet } from './meaning.js';
export type { MeaningOptions } from './rules.js';
export { diff, equivalent, verdict, verdictAndDeciders, type DiffOptions } from './diff.js';
export { compile } from './compile.js';
export { explain, parsePacket, describeRule } from './explain.js';
export { lint, lintWith, decidedUnderRenaming, decidesByHosts, shadowedRules, type DecidedRules } from './lint.js';
