/**
 * Waiting for a group `apply` has just created to become visible. EC2's API is eventually consistent: right
 * after CreateSecurityGroup, a call naming the new ID may answer `InvalidGroup.NotFound` for a while
 * (cloud-semantics.md B.5: "also happens through eventual consistency on new IDs"; Terraform's AWS provider
 * retries NotFound after the create the same way). Only a NotFound for the group this run created is waited
 * out, with bounded backoff like the final verification's; any other group's NotFound fails at once with the
 * provider's code. After the bound, the run fails with the provider's code, saying that the create succeeded
 * and that a re-run resumes (the journal holds the new ID).
 */
import type { ProviderId } from '../model/rule.js';
import { TranslateError } from '../errors.js';
import { FIRST_PAUSE_MS, nextPause, sleep } from './backoff.js';

/** The codes each cloud answers for a security group it does not know (yet). */
export const GROUP_NOT_FOUND: Readonly<Record<ProviderId, ReadonlySet<string>>> = {
  // InvalidGroup.NotFound is what EC2 answers for an unknown group ID (also by eventual consistency);
  // InvalidSecurityGroupID.NotFound is in the same error table; InvalidGroupId.NotFound is reported by tools.
  aws: new Set(['InvalidGroup.NotFound', 'InvalidSecurityGroupID.NotFound', 'InvalidGroupId.NotFound']),
  // ECS names a missing peer group otherwise (InvalidSourceGroupId.NotFound, InvalidDestGroupId.NotFound).
  aliyun: new Set(['InvalidSecurityGroupId.NotFound']),
};

const GROUP_ID = /\bsg-[0-9A-Za-z]+/g;
/** A group ID as EC2's messages quote it: "The security group 'sg-…' does not exist". */
const QUOTED_GROUP_ID = /'(sg-[0-9A-Za-z]+)'/g;

/**
 * The provider's NotFound code when an error of a call is about the group `groupId` (and not another group
 * the call names, e.g. a peer); else undefined. EC2 quotes the group it does not know in its message (the
 * location prefix of a live error names a group too, unquoted, and is not read). With no quoted ID in the
 * message, the NotFound is the group's only when the call names no other group (`namesOthers`).
 */
export function notFoundOf(
  provider: ProviderId,
  error: unknown,
  groupId: string,
  namesOthers: boolean,
): string | undefined {
  if (!(error instanceof TranslateError)) return undefined;
  const code = error.location.providerCode;
  if (code === undefined || !GROUP_NOT_FOUND[provider].has(code)) return undefined;
  if (provider === 'aliyun') return code;
  const named = new Set([...error.message.matchAll(QUOTED_GROUP_ID)].map((m) => m[1]));
  if (named.has(groupId)) return code;
  return named.size === 0 && !namesOthers ? code : undefined;
}

/** Whether a request names a security group other than `groupId` (a peer of a rule, another target). */
export function namesOtherGroups(request: unknown, groupId: string): boolean {
  return (JSON.stringify(request ?? null).match(GROUP_ID) ?? []).some((id) => id !== groupId);
}

/** What waiting for the created group cost: NotFound answers waited out, and the time slept. */
export interface CreatedVisibility {
  readonly notFound: number;
  readonly waitedMs: number;
}

export interface CreatedWaitOptions {
  readonly provider: ProviderId;
  readonly groupId: string;
  /** The location, for the log line. */
  readonly where: string;
  /** The whole run's budget for NotFound answers on the created group, from the first one (ms). */
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
  /** The clock and the pause (tests run the schedule on a virtual clock); default Date.now and setTimeout. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Runs the calls that follow a create, waiting out the created group's NotFound answers within one budget. */
export class CreatedGroupWait {
  private notFound = 0;
  private waitedMs = 0;
  private deadline: number | undefined;

  constructor(private readonly options: CreatedWaitOptions) {}

  /** NotFound answers waited out so far (undefined when none). */
  get visibility(): CreatedVisibility | undefined {
    return this.notFound > 0 ? { notFound: this.notFound, waitedMs: this.waitedMs } : undefined;
  }

  /**
   * `run()`, again after a pause while it fails with the created group's NotFound, until it succeeds or the
   * budget is spent. `request` is what the call sends (a peer group it names makes an unnamed NotFound
   * another group's). Returns the result and the NotFound answers of this call.
   */
  async run<T>(run: () => Promise<T>, request?: unknown): Promise<{ value: T; notFound: number }> {
    const { provider, groupId, where, timeoutMs, log, now: clock = Date.now, sleep: pause = sleep } = this.options;
    const namesOthers = namesOtherGroups(request, groupId);
    let notFound = 0;
    let wait = FIRST_PAUSE_MS;
    for (;;) {
      try {
        return { value: await run(), notFound };
      } catch (e) {
        const code = notFoundOf(provider, e, groupId, namesOthers);
        if (code === undefined) throw e;
        const now = clock();
        if (this.deadline === undefined) {
          this.deadline = now + timeoutMs;
          log(
            `${where}: the created group ${groupId} is not visible yet (${code}); waiting up to ${timeoutMs / 1000} s`,
          );
        }
        if (now + wait > this.deadline) {
          const calls = this.notFound + 1;
          throw new TranslateError(
            'live_failed',
            `${(e as Error).message}: CreateSecurityGroup succeeded (${groupId}) but the group is still not visible after ${calls} NotFound answer${calls === 1 ? '' : 's'} in ${Math.round(this.waitedMs / 100) / 10} s; run apply again to resume (the journal holds ${groupId})`,
            { providerCode: code },
          );
        }
        this.notFound++;
        notFound++;
        await pause(wait);
        this.waitedMs += wait;
        wait = nextPause(wait);
      }
    }
  }
}
