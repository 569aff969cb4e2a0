/**
 * Emulator state as files: load and save in the shapes `sgbridge pull` writes, so a pulled account can seed
 * an emulator and an emulator's state can be read by every sgbridge command.
 * - AWS: `{SecurityGroups: [DescribeSecurityGroups items], PrefixLists?: [{PrefixListId, PrefixListName,
 *   AddressFamily, MaxEntries, Entries: [{Cidr, Description}]}], Ipv6VpcIds?: [...]}`.
 * - Aliyun: `[DescribeSecurityGroupAttribute responses]`, each with RegionId, SecurityGroupType and Tags.
 * Rule IDs are not part of these shapes: loaded rules get new IDs.
 */
import { TranslateError } from '../errors.js';
import type { AliyunGroupRecord, AliyunState } from './aliyun/state.js';
import type { AwsGroupRecord, AwsRuleRecord, AwsState, PermissionInput } from './aws/state.js';

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** One DescribeSecurityGroups permission (SDK shape): the rules of one protocol and port range. */
export type AwsPermission = Json & {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges: Json[];
  Ipv6Ranges: Json[];
  PrefixListIds: Json[];
  UserIdGroupPairs: Json[];
};

/** DescribeSecurityGroups permissions (SDK shape) of atomic rules. */
export function awsPermissions(rules: readonly AwsRuleRecord[]): AwsPermission[] {
  const byMatch = new Map<string, AwsPermission>();
  for (const r of rules) {
    const key = `${r.protocol}|${r.fromPort ?? ''}|${r.toPort ?? ''}`;
    let p = byMatch.get(key);
    if (p === undefined) {
      p = {
        IpProtocol: r.protocol,
        ...(r.fromPort !== undefined ? { FromPort: r.fromPort, ToPort: r.toPort } : {}),
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      };
      byMatch.set(key, p);
    }
    const d = r.description !== undefined ? { Description: r.description } : {};
    const peer = r.peer;
    if (peer.kind === 'cidr') {
      if (peer.cidr.includes(':')) p.Ipv6Ranges.push({ CidrIpv6: peer.cidr, ...d });
      else p.IpRanges.push({ CidrIp: peer.cidr, ...d });
    } else if (peer.kind === 'prefixList') p.PrefixListIds.push({ PrefixListId: peer.prefixListId, ...d });
    else p.UserIdGroupPairs.push({ UserId: peer.userId, GroupId: peer.groupId, ...d });
  }
  return [...byMatch.values()];
}

export function awsGroupSnapshot(g: AwsGroupRecord): Json {
  return {
    GroupId: g.groupId,
    GroupName: g.groupName,
    Description: g.description,
    VpcId: g.vpcId,
    OwnerId: g.ownerId,
    ...(g.tags.length > 0 ? { Tags: g.tags.map((t) => ({ ...t })) } : {}),
    IpPermissions: awsPermissions(g.rules.filter((r) => !r.isEgress)),
    IpPermissionsEgress: awsPermissions(g.rules.filter((r) => r.isEgress)),
  };
}

export function saveAws(state: AwsState): Json {
  return {
    SecurityGroups: [...state.groups.values()].map(awsGroupSnapshot),
    PrefixLists: [...state.prefixLists.values()].map((l) => ({
      PrefixListId: l.prefixListId,
      PrefixListName: l.prefixListName,
      AddressFamily: l.addressFamily,
      MaxEntries: l.maxEntries,
      OwnerId: l.ownerId,
      Entries: l.entries,
    })),
    Ipv6VpcIds: [...state.ipv6Vpcs],
  };
}

export function loadAws(state: AwsState, doc: unknown, file: string): void {
  if (!isRecord(doc) || !Array.isArray(doc['SecurityGroups']))
    throw new TranslateError(
      'input_invalid',
      'an AWS emulator state is {"SecurityGroups": [...]} (sgbridge pull output)',
      { file, pointer: '' },
    );
  for (const id of arr(doc['Ipv6VpcIds'])) if (typeof id === 'string') state.ipv6Vpcs.add(id);
  for (const l of arr(doc['PrefixLists'])) {
    if (!isRecord(l)) continue;
    const entries = arr(l['Entries'])
      .filter(isRecord)
      .map((e) => ({
        Cidr: String(e['Cidr']),
        ...(typeof e['Description'] === 'string' ? { Description: e['Description'] } : {}),
      }));
    state.addPrefixList({
      prefixListId: String(l['PrefixListId']),
      prefixListName: String(l['PrefixListName'] ?? ''),
      addressFamily: l['AddressFamily'] === 'IPv6' ? 'IPv6' : 'IPv4',
      maxEntries: Number(l['MaxEntries'] ?? entries.length) || entries.length,
      entries,
      ...(typeof l['OwnerId'] === 'string' ? { ownerId: l['OwnerId'] } : {}),
    });
  }
  const groups = (doc['SecurityGroups'] as unknown[]).filter(isRecord);
  // Groups first, so rules may reference any of them.
  const created = groups.map((g) => {
    const group = state.createGroup({
      groupId: String(g['GroupId']),
      groupName: g['GroupName'] ?? g['GroupId'],
      description: g['Description'] || 'loaded',
      vpcId: g['VpcId'],
      tags: arr(g['Tags'])
        .filter(isRecord)
        .map((t) => ({ Key: String(t['Key']), Value: String(t['Value'] ?? '') })),
    });
    group.rules = [];
    return group;
  });
  groups.forEach((g, i) => {
    const group = created[i]!;
    for (const [key, egress] of [
      ['IpPermissions', false],
      ['IpPermissionsEgress', true],
    ] as const) {
      const perms = arr(g[key]) as PermissionInput[];
      if (perms.length === 0) continue;
      const rules = state.rulesOf(group, egress, perms, true);
      group.rules.push(...rules.map((r) => ({ ...r, id: state.newRuleId(), visibleAt: 0 })));
    }
  });
}

export function aliyunGroupSnapshot(g: AliyunGroupRecord): Json {
  return {
    RegionId: g.regionId,
    SecurityGroupId: g.securityGroupId,
    SecurityGroupName: g.securityGroupName,
    Description: g.description,
    VpcId: g.vpcId,
    InnerAccessPolicy: g.innerAccessPolicy,
    SecurityGroupType: g.type,
    ...(g.tags.length > 0 ? { Tags: { Tag: g.tags.map((t) => ({ ...t })) } } : {}),
    Permissions: { Permission: g.rules.map((r) => ({ ...r.permission })) },
  };
}

export function saveAliyun(state: AliyunState): Json[] {
  return [...state.groups.values()].map(aliyunGroupSnapshot);
}

export function loadAliyun(state: AliyunState, doc: unknown, file: string): void {
  const items = Array.isArray(doc) ? doc : isRecord(doc) ? [doc] : undefined;
  if (items === undefined)
    throw new TranslateError(
      'input_invalid',
      'an Aliyun emulator state is a list of DescribeSecurityGroupAttribute responses (sgbridge pull output)',
      { file, pointer: '' },
    );
  const bodies = items.filter(isRecord);
  const groups = bodies.map((b) => {
    const tags = arr(isRecord(b['Tags']) ? b['Tags']['Tag'] : undefined)
      .filter(isRecord)
      .map((t) => ({ TagKey: String(t['TagKey']), TagValue: String(t['TagValue'] ?? '') }));
    return state.createGroup({
      securityGroupId: String(b['SecurityGroupId']),
      regionId: String(b['RegionId'] ?? 'cn-hangzhou'),
      name: String(b['SecurityGroupName'] ?? ''),
      description: String(b['Description'] ?? ''),
      vpcId: String(b['VpcId'] ?? ''),
      type: String(b['SecurityGroupType'] || 'normal'),
      innerAccessPolicy: String(b['InnerAccessPolicy'] ?? ''),
      tags,
    });
  });
  bodies.forEach((b, i) => {
    const group = groups[i]!;
    const perms = arr(isRecord(b['Permissions']) ? b['Permissions']['Permission'] : undefined).filter(isRecord);
    const normalized = perms.map((p) => {
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(p)) if (v !== '' && v !== undefined && v !== null) fields[k] = String(v);
      const direction = fields['Direction'] === 'egress' ? 'egress' : 'ingress';
      return state.normalize(group, direction, fields, true);
    });
    const saved = state.lag;
    state.lag = 0;
    state.authorize(group, normalized);
    state.lag = saved;
  });
}
