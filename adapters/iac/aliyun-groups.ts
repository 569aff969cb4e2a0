/**
 * Provisioning code for Aliyun, read through the Aliyun adapter's own permission reader: each rule of a format is
 * given as wire fields (`IpProtocol`, `PortRange`, `SourceCidrIp`, …), each with the pointer of the state attribute
 * or template property it came from, so the reader's findings point into the user's file.
 */
import { TranslateError } from '../../src/errors.js';
import { SecurityGroup, type SecurityGroupInput } from '../../src/model/group.js';
import type { Direction, Tag } from '../../src/model/rule.js';
import { isLeftOut, type Report } from '../../src/report/report.js';
import { Provenance } from '../../src/model/provenance.js';
import { readPermission } from '../aliyun/permission.js';
import type { FieldValue } from '../aliyun/values.js';

// What the provisioning formats need of the Aliyun adapter's tables: they reach that adapter through this bridge only.
export { isPermissionField, TERRAFORM_ARGS } from '../aliyun/fields.js';
export type { FieldValue } from '../aliyun/values.js';

export interface AliyunGroupFields {
  readonly name?: string;
  readonly description?: string;
  readonly vpcId?: string;
  readonly type?: string;
  readonly innerAccessPolicy?: string;
  readonly tags?: Tag[];
  /** Where the input holds the group's ID and VPC, recorded as their provenance (src/model/provenance.ts). */
  readonly idPointer?: string;
  readonly vpcIdPointer?: string;
}

export class AliyunGroupBuilder {
  readonly #groups = new Map<string, SecurityGroupInput>();
  readonly #provenance = new Provenance();

  has(key: string): boolean {
    return this.#groups.has(key);
  }

  group(key: string, fields: AliyunGroupFields, pointer: string, typePointer = pointer): void {
    if (this.#groups.has(key)) return;
    const g: SecurityGroupInput = { provider: 'aliyun', id: key, rules: [], pointer };
    if (fields.name !== undefined) g.name = fields.name;
    if (fields.description !== undefined) g.description = fields.description;
    if (fields.vpcId !== undefined) g.vpcId = fields.vpcId;
    if (fields.tags !== undefined && fields.tags.length > 0) g.tags = fields.tags;
    if (fields.idPointer !== undefined) this.#provenance.record(pointer, 'id', fields.idPointer);
    if (fields.vpcIdPointer !== undefined) this.#provenance.record(pointer, 'vpcId', fields.vpcIdPointer);
    const type = fields.type?.toLowerCase();
    if (type !== undefined) {
      if (type !== 'normal' && type !== 'enterprise')
        throw new TranslateError('input_invalid', `security group type ${type} is not normal or enterprise`, {
          pointer: typePointer,
          providerCode: 'InvalidSecurityGroupType.Malformed',
        });
      g.type = type;
    }
    const inner = fields.innerAccessPolicy?.toLowerCase();
    if (inner === 'accept' || inner === 'drop') g.innerAccessPolicy = inner;
    this.#groups.set(key, g);
  }

  /** One rule in wire fields; left out (reported by the reader) when a value cannot be read. */
  rule(
    key: string,
    direction: Direction,
    fields: ReadonlyMap<string, FieldValue>,
    pointer: string,
    report: Report,
  ): void {
    const rule = readPermission({ pointer, direction, fields, groupId: key, directionKnown: true }, report);
    if (!isLeftOut(rule)) this.#groups.get(key)!.rules.push(rule);
  }

  read(report: Report): SecurityGroup[] {
    report.provenance.addAll(this.#provenance);
    return [...this.#groups.values()].map((g) => {
      const parsed = SecurityGroup.safeParse(g);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new TranslateError(
          'internal',
          `the provisioning-code reader built an invalid group: ${issue?.message ?? ''}`,
          { pointer: g.pointer ?? '' },
        );
      }
      return parsed.data;
    });
  }
}
