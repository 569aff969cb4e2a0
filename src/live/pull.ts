/**
 * `pull`: read a live location's groups into a file every reader accepts. AWS: DescribeSecurityGroups output
 * (all pages) plus `PrefixListEntries`; Aliyun: DescribeSecurityGroupAttribute responses (all rule pages),
 * enriched from DescribeSecurityGroups — one response for a location that names a group, else a list.
 */
import { TranslateError } from '../errors.js';
import { ec2Client, ecsClient, type ClientOptions } from './clients.js';
import { knownSecrets } from './credentials.js';
import { liveError } from './errors.js';
import { formatLocation, type LiveLocation } from './location.js';
import { pullAliyun } from './pull-aliyun.js';
import { pullAws } from './pull-aws.js';

export interface PullFilter {
  readonly groupIds?: readonly string[];
  readonly vpcId?: string;
  readonly tags?: readonly { key: string; value: string }[];
}

export type PullProgress = (text: string) => void;

export interface PullOptions extends PullFilter, Omit<ClientOptions, 'region'> {
  /** Calls in flight at once (default 8). */
  readonly concurrency?: number;
  /** Page size of the paged describes (AWS groups 5..1000; Aliyun rules per group 10..1000). */
  readonly pageSize?: number;
  readonly progress?: PullProgress;
}

/** Runs one call, turning an SDK failure into a one-line TranslateError naming the location and call. */
export function callWrapper(where: string, secrets: readonly string[]) {
  return async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      throw liveError(e, where, name, secrets);
    }
  };
}

export async function pull(location: LiveLocation, options: PullOptions = {}): Promise<unknown> {
  const where = formatLocation(location);
  const secrets = knownSecrets(options.env ?? process.env, options.credentials);
  const call = callWrapper(where, secrets);
  const groupIds = location.groupId !== undefined ? [location.groupId, ...(options.groupIds ?? [])] : options.groupIds;
  const common = {
    ...(groupIds !== undefined ? { groupIds } : {}),
    ...(options.vpcId !== undefined ? { vpcId: options.vpcId } : {}),
    ...(options.tags !== undefined ? { tags: options.tags } : {}),
    concurrency: options.concurrency ?? 8,
    call,
    ...(options.progress ? { progress: options.progress } : {}),
    ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
  };
  const clientOptions: ClientOptions = { ...options, region: location.region };
  if (location.provider === 'aws') {
    const client = ec2Client(clientOptions);
    try {
      return await pullAws(client, common);
    } finally {
      client.destroy();
    }
  }
  const groups = await pullAliyun(ecsClient(clientOptions), { ...common, region: location.region });
  if (location.groupId !== undefined) {
    const one = groups.find((g) => g['SecurityGroupId'] === location.groupId);
    if (one === undefined)
      throw new TranslateError('live_failed', `${where}: no such group in ${location.region}`, {
        providerCode: 'InvalidSecurityGroupId.NotFound',
      });
    return one;
  }
  return groups;
}
