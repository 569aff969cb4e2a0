/**
 * Pull from EC2: every DescribeSecurityGroups page, and the entries of the managed prefix lists the rules
 * reference (where readable) under `PrefixListEntries: {"pl-…": ["cidr", …]}` — the key `convert` and
 * `diff` read to expand prefix lists that have no counterpart in the mapping.
 */
import {
  DescribeManagedPrefixListsCommand,
  DescribeSecurityGroupsCommand,
  paginateDescribeSecurityGroups,
  paginateGetManagedPrefixListEntries,
  type EC2Client,
  type Filter,
  type SecurityGroup,
} from '@aws-sdk/client-ec2';
import { mapPool } from './pool.js';
import type { PullFilter, PullProgress } from './pull.js';

export interface AwsPullResult {
  SecurityGroups: SecurityGroup[];
  PrefixListEntries?: Record<string, string[]>;
  /** Prefix lists the rules reference whose entries could not be read, with the provider's reason. */
  UnreadablePrefixLists?: Record<string, string>;
}

/** AWS answers `GroupIds` lists in one page; long lists are split so no request grows unbounded. */
const GROUP_IDS_PER_CALL = 200;

export interface AwsPullOptions extends PullFilter {
  readonly concurrency: number;
  readonly pageSize?: number;
  readonly progress?: PullProgress;
  /** Wraps each call so errors name it (see pull.ts). */
  readonly call: <T>(name: string, run: () => Promise<T>) => Promise<T>;
}

function filters(options: PullFilter): Filter[] {
  const out: Filter[] = [];
  if (options.vpcId !== undefined) out.push({ Name: 'vpc-id', Values: [options.vpcId] });
  for (const t of options.tags ?? []) out.push({ Name: `tag:${t.key}`, Values: [t.value] });
  return out;
}

/** The SDK output objects without undefined members, as the AWS CLI prints them. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export async function pullAws(client: EC2Client, options: AwsPullOptions): Promise<AwsPullResult> {
  const groups: SecurityGroup[] = [];
  const Filters = filters(options);
  if (options.groupIds !== undefined && options.groupIds.length > 0) {
    const chunks: string[][] = [];
    for (let i = 0; i < options.groupIds.length; i += GROUP_IDS_PER_CALL)
      chunks.push(options.groupIds.slice(i, i + GROUP_IDS_PER_CALL));
    const pages = await mapPool(chunks, options.concurrency, (GroupIds) =>
      options.call('DescribeSecurityGroups', () =>
        client.send(new DescribeSecurityGroupsCommand({ GroupIds, ...(Filters.length ? { Filters } : {}) })),
      ),
    );
    for (const p of pages) groups.push(...(p.SecurityGroups ?? []));
  } else {
    await options.call('DescribeSecurityGroups', async () => {
      const pager = paginateDescribeSecurityGroups(
        { client, pageSize: options.pageSize ?? 1000 },
        Filters.length ? { Filters } : {},
      );
      for await (const p of pager) {
        groups.push(...(p.SecurityGroups ?? []));
        options.progress?.(`${groups.length} groups`);
      }
    });
  }
  const result: AwsPullResult = { SecurityGroups: plain(groups) };

  const referenced = new Set<string>();
  for (const g of groups) {
    for (const p of [...(g.IpPermissions ?? []), ...(g.IpPermissionsEgress ?? [])])
      for (const pl of p.PrefixListIds ?? []) if (pl.PrefixListId) referenced.add(pl.PrefixListId);
  }
  if (referenced.size > 0) {
    const entries: Record<string, string[]> = {};
    const unreadable: Record<string, string> = {};
    const ids = [...referenced].sort();
    let done = 0;
    await mapPool(ids, options.concurrency, async (id) => {
      try {
        // DescribeManagedPrefixLists first: a list that is not shared with the account is not found there.
        await options.call('DescribeManagedPrefixLists', () =>
          client.send(new DescribeManagedPrefixListsCommand({ PrefixListIds: [id] })),
        );
        const cidrs: string[] = [];
        await options.call('GetManagedPrefixListEntries', async () => {
          for await (const p of paginateGetManagedPrefixListEntries({ client, pageSize: 100 }, { PrefixListId: id }))
            for (const e of p.Entries ?? []) if (e.Cidr) cidrs.push(e.Cidr);
        });
        entries[id] = cidrs;
      } catch (e) {
        const code = (e as { location?: { providerCode?: string } }).location?.providerCode;
        if (code === undefined) throw e;
        unreadable[id] = code;
      }
      options.progress?.(`${++done}/${ids.length} prefix lists`);
    });
    if (Object.keys(entries).length > 0)
      result.PrefixListEntries = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
    if (Object.keys(unreadable).length > 0) result.UnreadablePrefixLists = unreadable;
  }
  return result;
}
