/** The canonical security group: group-level fields plus atomic rules. */
import * as z from 'zod';
import { ProviderId, Rule, Tag } from './rule.js';
import { MODEL_VERSION } from './version.js';

export const AliyunGroupType = z.enum(['normal', 'enterprise']);
export type AliyunGroupType = z.infer<typeof AliyunGroupType>;

export const SecurityGroup = z
  .object({
    modelVersion: z.literal(MODEL_VERSION).default(MODEL_VERSION),
    /** The cloud whose evaluation rules give this group its meaning. */
    provider: ProviderId,
    id: z.string().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    region: z.string().optional(),
    vpcId: z.string().optional(),
    /** AWS OwnerId; Aliyun has no owner field in DescribeSecurityGroupAttribute. */
    ownerId: z.string().optional(),
    arn: z.string().optional(),
    tags: z.array(Tag).optional(),
    /** Aliyun SecurityGroupType. Absent on Aliyun means unknown: treated as `normal`, with a finding. */
    type: AliyunGroupType.optional(),
    /** Aliyun InnerAccessPolicy (basic groups). Absent on Aliyun means the default, Accept. */
    innerAccessPolicy: z.enum(['accept', 'drop']).optional(),
    rules: z.array(Rule),
    /** JSON pointer of the group inside its input document. */
    pointer: z.string().optional(),
  })
  .strict();
export type SecurityGroup = z.infer<typeof SecurityGroup>;
export type SecurityGroupInput = z.input<typeof SecurityGroup>;

/** The canonical document: what `--to model` writes and what `--from model` reads (JSON or YAML). */
export const ModelDocument = z
  .object({
    modelVersion: z.literal(MODEL_VERSION),
    groups: z.array(SecurityGroup),
  })
  .strict();
export type ModelDocument = z.infer<typeof ModelDocument>;
