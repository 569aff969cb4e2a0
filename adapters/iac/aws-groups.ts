/**
 * Provisioning code for AWS, read through the AWS adapter's own reader: each reader of a format builds
 * DescribeSecurityGroups objects (`{GroupId, IpPermissions: [{IpProtocol, FromPort, IpRanges: […]}]}`) whose every
 * object and field is recorded in a source map with the pointer of the state attribute or template property it came
 * from. The AWS reader then reads them as it reads the API's payloads, and its findings point into the user's file.
 */
import type { SecurityGroup } from '../../src/model/group.js';
import type { Report } from '../../src/report/report.js';
import { Node, type Json, type SourceMap } from '../aws/values.js';
import { readDescribeGroups } from '../aws/read-groups.js';

/** A field value and the pointer of the input value it came from. */
export type Sourced = readonly [unknown, string];

export class AwsGroupBuilder {
  readonly #sources: SourceMap = new WeakMap();
  readonly #groups = new Map<string, Json>();
  /** Group pointer → pointer of the input value holding the group's ID, when the input has one. */
  readonly #idPointers = new Map<string, string>();

  /** An object whose fields point into the input. */
  object(fields: Readonly<Record<string, Sourced | undefined>>, pointer: string): Json {
    const out: Json = {};
    const at: Record<string, string> = {};
    for (const [k, f] of Object.entries(fields)) {
      if (f === undefined || f[0] === undefined) continue;
      out[k] = f[0];
      at[k] = f[1];
    }
    this.#sources.set(out, { pointer, fields: at });
    return out;
  }

  has(key: string): boolean {
    return this.#groups.has(key);
  }

  /**
   * A group (once per key); `fields` are DescribeSecurityGroups group fields. `idPointer`: where the input holds
   * the group's ID (a state's `id`), recorded as its provenance (src/model/provenance.ts).
   */
  group(key: string, fields: Readonly<Record<string, Sourced | undefined>>, pointer: string, idPointer?: string): void {
    if (this.#groups.has(key)) return;
    if (idPointer !== undefined) this.#idPointers.set(pointer, idPointer);
    const g = this.object({ GroupId: [key, pointer], ...fields }, pointer);
    g['IpPermissions'] = [];
    g['IpPermissionsEgress'] = [];
    this.#groups.set(key, g);
  }

  /** One IpPermission of a group already added. */
  permission(key: string, direction: 'ingress' | 'egress', permission: Json): void {
    const g = this.#groups.get(key)!;
    (g[direction === 'ingress' ? 'IpPermissions' : 'IpPermissionsEgress'] as Json[]).push(permission);
  }

  read(report: Report): SecurityGroup[] {
    const root = { SecurityGroups: [...this.#groups.values()] };
    this.#sources.set(root, { pointer: '', fields: {} });
    for (const [group, id] of this.#idPointers) report.provenance.record(group, 'id', id);
    return readDescribeGroups(Node.root(root, { sources: this.#sources }), report);
  }
}
