/**
 * One plan step against EC2 through `@aws-sdk/client-ec2`. Idempotent: `InvalidPermission.Duplicate` on an
 * authorize and `InvalidPermission.NotFound` on a revoke mean the rule is already as wanted. Because a
 * multi-rule request fails as a whole, such an answer on a request of several rules is followed by the same
 * call rule by rule, so the rules that were not in place yet are still applied. With `dryRun`, each call
 * carries `DryRun=true` and `DryRunOperation` means it would succeed.
 */
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  ModifySecurityGroupRulesCommand,
  RevokeSecurityGroupEgressCommand,
  RevokeSecurityGroupIngressCommand,
  type EC2Client,
  type IpPermission,
} from '@aws-sdk/client-ec2';
import { TranslateError } from '../errors.js';
import { FIRST_PAUSE_MS, nextPause, sleep } from './backoff.js';
import { providerCode } from './errors.js';
import type { PlanStep } from './plan-file.js';

export type StepOutcome = 'applied' | 'already in place' | 'would succeed' | 'partly in place';

type Request = Record<string, unknown> & { IpPermissions?: IpPermission[] };

const COMMANDS = {
  AuthorizeSecurityGroupIngress: {
    make: (r: Request) => new AuthorizeSecurityGroupIngressCommand(r),
    idempotentCode: 'InvalidPermission.Duplicate',
  },
  AuthorizeSecurityGroupEgress: {
    make: (r: Request) => new AuthorizeSecurityGroupEgressCommand(r as never),
    idempotentCode: 'InvalidPermission.Duplicate',
  },
  RevokeSecurityGroupIngress: {
    make: (r: Request) => new RevokeSecurityGroupIngressCommand(r),
    idempotentCode: 'InvalidPermission.NotFound',
  },
  RevokeSecurityGroupEgress: {
    make: (r: Request) => new RevokeSecurityGroupEgressCommand(r as never),
    idempotentCode: 'InvalidPermission.NotFound',
  },
  ModifySecurityGroupRules: {
    make: (r: Request) => new ModifySecurityGroupRulesCommand(r as never),
    idempotentCode: undefined,
  },
} as const;

export const AWS_STEP_ACTIONS = Object.keys(COMMANDS);

/** A permission per peer: the atomic rules of a request's IpPermissions. */
export function atomicPermissions(permissions: readonly IpPermission[]): IpPermission[] {
  const out: IpPermission[] = [];
  for (const p of permissions) {
    const { IpRanges, Ipv6Ranges, PrefixListIds, UserIdGroupPairs, ...match } = p;
    for (const r of IpRanges ?? []) out.push({ ...match, IpRanges: [r] });
    for (const r of Ipv6Ranges ?? []) out.push({ ...match, Ipv6Ranges: [r] });
    for (const r of PrefixListIds ?? []) out.push({ ...match, PrefixListIds: [r] });
    for (const r of UserIdGroupPairs ?? []) out.push({ ...match, UserIdGroupPairs: [r] });
  }
  return out;
}

export async function runAwsStep(
  client: EC2Client,
  step: PlanStep,
  dryRun: boolean,
  call: <T>(name: string, run: () => Promise<T>) => Promise<T>,
): Promise<StepOutcome> {
  const command = COMMANDS[step.action as keyof typeof COMMANDS];
  if (command === undefined)
    throw new TranslateError(
      'input_invalid',
      `apply cannot run ${step.action} on AWS; steps may be ${AWS_STEP_ACTIONS.join(', ')}`,
    );
  const request = { ...step.request, ...(dryRun ? { DryRun: true } : {}) } as Request;
  const send = async (r: Request): Promise<StepOutcome> => {
    try {
      await client.send(command.make(r) as never);
      return 'applied';
    } catch (e) {
      const code = providerCode(e);
      if (dryRun && code === 'DryRunOperation') return 'would succeed';
      if (code !== undefined && code === command.idempotentCode) return 'already in place';
      throw e;
    }
  };
  return call(step.action, async () => {
    const first = await send(request);
    const atoms = atomicPermissions(request.IpPermissions ?? []);
    if (first !== 'already in place' || atoms.length <= 1) return first;
    // The request failed as a whole: apply its rules one by one, each duplicate / not-found counting as done.
    const outcomes = [];
    for (const atom of atoms) outcomes.push(await send({ ...request, IpPermissions: [atom] }));
    return outcomes.every((o) => o === 'already in place') ? 'already in place' : 'partly in place';
  });
}

/** How long a taken name's group may stay out of EC2's listing, and where to say that it is waited for. */
export interface ListedWait {
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

/**
 * CreateSecurityGroup (EC2 takes no ClientToken): a retried or resumed create that finds its name taken in
 * the VPC (`InvalidGroup.Duplicate`) adopts the group of that name, which an earlier attempt created. That
 * attempt may have been a moment ago, and EC2's listing is eventually consistent as its NotFound answers are
 * (cloud-semantics.md B.5): a listing that does not show the group yet is asked again with the backoff of
 * apply's other waits, within `listed.timeoutMs`; past it, the Duplicate error stands.
 */
export async function createAwsGroup(
  client: EC2Client,
  step: PlanStep,
  dryRun: boolean,
  call: <T>(name: string, run: () => Promise<T>) => Promise<T>,
  listed: ListedWait = { timeoutMs: 0, log: () => undefined },
): Promise<{ outcome: StepOutcome; groupId?: string }> {
  const request = step.request as { GroupName?: string; VpcId?: string };
  return call('CreateSecurityGroup', async () => {
    try {
      const out = await client.send(
        new CreateSecurityGroupCommand({ ...step.request, ...(dryRun ? { DryRun: true } : {}) } as never),
      );
      return { outcome: 'applied' as const, ...(out.GroupId !== undefined ? { groupId: out.GroupId } : {}) };
    } catch (e) {
      const code = providerCode(e);
      if (dryRun && code === 'DryRunOperation') return { outcome: 'would succeed' as const };
      if (code !== 'InvalidGroup.Duplicate' || request.GroupName === undefined) throw e;
      const Filters = [
        { Name: 'group-name', Values: [request.GroupName] },
        ...(request.VpcId ? [{ Name: 'vpc-id', Values: [request.VpcId] }] : []),
      ];
      const deadline = Date.now() + listed.timeoutMs;
      for (let wait = FIRST_PAUSE_MS; ; wait = nextPause(wait)) {
        const found = await client.send(new DescribeSecurityGroupsCommand({ Filters }));
        const groupId = found.SecurityGroups?.[0]?.GroupId;
        if (groupId !== undefined) return { outcome: 'already in place' as const, groupId };
        if (Date.now() + wait > deadline) throw e;
        if (wait === FIRST_PAUSE_MS)
          listed.log(
            `the group name ${request.GroupName} is taken (InvalidGroup.Duplicate) but no listing shows its group yet; waiting up to ${listed.timeoutMs / 1000} s`,
          );
        await sleep(wait);
      }
    }
  });
}
