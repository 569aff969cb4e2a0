/**
 * Pull from ECS: every DescribeSecurityGroups page (MaxResults 100 + NextToken), then for each group every
 * DescribeSecurityGroupAttribute page — a group's rules come 500 per page by default, and a reader that does
 * not follow NextToken silently loses the rest — enriched with DescribeSecurityGroups' SecurityGroupType,
 * Tags and Description. Bodies are written with the API's own (PascalCase) field names.
 */
import * as $Ecs from '@alicloud/ecs20140526';
import type { EcsClient } from './clients.js';
import { mapPool } from './pool.js';
import type { PullFilter, PullProgress } from './pull.js';

type Json = Record<string, unknown>;

export interface AliyunPullOptions extends PullFilter {
  readonly region: string;
  readonly concurrency: number;
  /** Rules per DescribeSecurityGroupAttribute page (10..1000; default 1000). */
  readonly pageSize?: number;
  readonly progress?: PullProgress;
  readonly call: <T>(name: string, run: () => Promise<T>) => Promise<T>;
}

/** SecurityGroupIds takes a JSON array of at most 100 IDs. */
const IDS_PER_CALL = 100;

async function listGroups(client: EcsClient, options: AliyunPullOptions): Promise<Json[]> {
  const base = {
    regionId: options.region,
    maxResults: 100,
    ...(options.vpcId !== undefined ? { vpcId: options.vpcId } : {}),
    ...(options.tags?.length
      ? { tag: options.tags.map((t) => new $Ecs.DescribeSecurityGroupsRequestTag({ key: t.key, value: t.value })) }
      : {}),
  };
  const idChunks: (string[] | undefined)[] = [];
  if (options.groupIds?.length)
    for (let i = 0; i < options.groupIds.length; i += IDS_PER_CALL)
      idChunks.push(options.groupIds.slice(i, i + IDS_PER_CALL));
  else idChunks.push(undefined);
  const out: Json[] = [];
  for (const ids of idChunks) {
    let nextToken: string | undefined;
    do {
      const request = new $Ecs.DescribeSecurityGroupsRequest({
        ...base,
        ...(ids ? { securityGroupIds: JSON.stringify(ids) } : {}),
        ...(nextToken ? { nextToken } : {}),
      });
      const res = await options.call('DescribeSecurityGroups', () => client.describeSecurityGroups(request));
      const body = res.body?.toMap();
      const items = ((body?.['SecurityGroups'] as Json | undefined)?.['SecurityGroup'] as Json[] | undefined) ?? [];
      out.push(...items);
      nextToken = typeof body?.['NextToken'] === 'string' && body['NextToken'] !== '' ? body['NextToken'] : undefined;
      options.progress?.(`${out.length} groups listed`);
    } while (nextToken !== undefined);
  }
  return out;
}

async function groupAttribute(client: EcsClient, options: AliyunPullOptions, listed: Json): Promise<Json> {
  const securityGroupId = String(listed['SecurityGroupId']);
  const permissions: unknown[] = [];
  let first: Json | undefined;
  let nextToken: string | undefined;
  do {
    const request = new $Ecs.DescribeSecurityGroupAttributeRequest({
      regionId: options.region,
      securityGroupId,
      maxResults: options.pageSize ?? 1000,
      ...(nextToken ? { nextToken } : {}),
    });
    const res = await options.call('DescribeSecurityGroupAttribute', () =>
      client.describeSecurityGroupAttribute(request),
    );
    const body = res.body?.toMap() ?? {};
    first ??= body;
    permissions.push(...(((body['Permissions'] as Json | undefined)?.['Permission'] as unknown[] | undefined) ?? []));
    nextToken = typeof body['NextToken'] === 'string' && body['NextToken'] !== '' ? body['NextToken'] : undefined;
  } while (nextToken !== undefined);
  const { RequestId: _r, NextToken: _n, Permissions: _p, ...head } = first ?? {};
  const out: Json = { ...head, RegionId: head['RegionId'] ?? options.region };
  // DescribeSecurityGroups' fields that DescribeSecurityGroupAttribute lacks (the reader takes them when present).
  if (typeof listed['SecurityGroupType'] === 'string' && listed['SecurityGroupType'] !== '')
    out['SecurityGroupType'] = listed['SecurityGroupType'];
  const tags = (listed['Tags'] as Json | undefined)?.['Tag'];
  if (Array.isArray(tags) && tags.length > 0) out['Tags'] = { Tag: tags };
  if ((out['Description'] === undefined || out['Description'] === '') && typeof listed['Description'] === 'string')
    out['Description'] = listed['Description'];
  out['Permissions'] = { Permission: permissions };
  return out;
}

export async function pullAliyun(client: EcsClient, options: AliyunPullOptions): Promise<Json[]> {
  const listed = await listGroups(client, options);
  let done = 0;
  return mapPool(listed, options.concurrency, async (g) => {
    const out = await groupAttribute(client, options, g);
    options.progress?.(`${++done}/${listed.length} groups read`);
    return out;
  });
}
