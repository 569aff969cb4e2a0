/** The lowering stage: what a target cloud can hold, decided from its capability table (see lower.ts). */
export {
  compileForTarget,
  lowerCompiled,
  flattensDenies,
  type CompileForTargetOptions,
  type LowerContext,
} from './lower.js';
export { fitToPayload, writeDescribePayload, writeRequestPayloads, type PayloadShape } from './fit.js';
export { reportQuota, quotaCounts, countRules } from './quota.js';
export { DEFAULT_SHARD_LIMITS, shardGroup, shardLimits, unionOfShards, type ShardLimits } from './shard.js';
