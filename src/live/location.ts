/**
 * Live locations: `aws:<region>` or `aliyun:<region>`, optionally with one group, `aws:ap-east-1/sg-0123…`.
 * Accepted wherever a file is; a text that does not start with a provider prefix is a file path.
 */
import { TranslateError } from '../errors.js';
import type { ProviderId } from '../model/rule.js';

export interface LiveLocation {
  readonly provider: ProviderId;
  readonly region: string;
  /** One group to read, when the location names it. */
  readonly groupId?: string;
}

const LOCATION = /^(aws|aliyun):(.*)$/;
/** Region IDs of both clouds: `ap-east-1`, `cn-hangzhou`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
const GROUP_ID = /^sg-[0-9a-zA-Z-]+$/;

/** Whether a command argument names a live location rather than a file. */
export function isLocation(text: string): boolean {
  return LOCATION.test(text);
}

/** Parse `aws:<region>[/<group>]` / `aliyun:<region>[/<group>]`; a malformed location is a usage error. */
export function parseLocation(text: string): LiveLocation {
  const m = LOCATION.exec(text);
  if (m === null)
    throw new TranslateError(
      'usage',
      `${text} is not a live location: expected aws:<region>[/<group-id>] or aliyun:<region>[/<group-id>]`,
    );
  const provider = m[1] as ProviderId;
  const [region = '', groupId, ...rest] = m[2]!.split('/');
  if (!REGION.test(region))
    throw new TranslateError(
      'usage',
      `${text}: "${region}" is not a region ID (e.g. ${provider === 'aws' ? 'ap-east-1' : 'cn-hangzhou'})`,
    );
  if (rest.length > 0 || (groupId !== undefined && !GROUP_ID.test(groupId))) {
    throw new TranslateError('usage', `${text}: "${m[2]!.slice(region.length + 1)}" is not a security-group ID (sg-…)`);
  }
  return groupId === undefined ? { provider, region } : { provider, region, groupId };
}

export function formatLocation(loc: LiveLocation): string {
  return `${loc.provider}:${loc.region}${loc.groupId !== undefined ? `/${loc.groupId}` : ''}`;
}
