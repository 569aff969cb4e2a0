/**
 * The mapping file (DESIGN §6): the user's correspondence of IDs across the two clouds. It is data the user
 * writes, so it is validated at the edge with zod; specification in docs/mapping.md.
 */
import * as z from 'zod';
import { PortRange } from '../model/rule.js';

/** `id → id`, read in both directions. */
const Pairs = z.record(z.string().min(1), z.string().min(1));

export const MappingFile = z
  .object({
    /** Security-group IDs: references, and the ID the converted group itself gets on the other cloud. */
    groups: Pairs.default({}),
    /** Account IDs (AWS UserId ↔ Aliyun account ID / account name). */
    accounts: Pairs.default({}),
    /** Prefix-list IDs (a managed prefix list on each cloud). */
    prefixLists: Pairs.default({}),
    /** The CIDRs of a prefix list, so that a list without a counterpart is expanded into CIDR rules. */
    prefixListEntries: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
    /** VPC IDs: where `plan --create` creates a group whose desired group names a VPC of the other cloud. */
    vpcs: Pairs.default({}),
    /** Region IDs, overriding the same-city table (tables/regions.ts). */
    regions: Pairs.default({}),
    /** Aliyun port lists (PortRangeListId) and their ranges; AWS has no port lists. */
    portLists: z.record(z.string().min(1), z.array(PortRange).min(1)).default({}),
  })
  .strict();
export type MappingFile = z.infer<typeof MappingFile>;
export type MappingFileInput = z.input<typeof MappingFile>;
