/**
 * `apply`: run a plan's steps against its live group, idempotently and resumably, and prove the result.
 *
 * 1. Re-read the target group (pull) and recompute `baseDigest`; a group that no longer matches the plan is
 *    refused (drift), with the difference shown — unless the journal shows an earlier run of this plan got as
 *    far as sending steps, in which case the run resumes after the last step done.
 * 2. Run the steps in the plan's order, recording each in the journal before and after it is sent.
 * 3. Pull the group again, waiting (bounded) for rules not yet visible, and prove with the engine that its
 *    meaning equals the plan's `after`. Only then is the plan applied.
 * `dryRun`: AWS calls with DryRun=true; Aliyun steps are validated offline. Nothing is written.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { detectInput, readDetected } from '../../adapters/index.js';
import { TranslateError } from '../errors.js';
import type { SecurityGroup } from '../model/group.js';
import { baseDigest } from '../plan/digest.js';
import { Report } from '../report/report.js';
import { describeRule, diff } from '../semantics/index.js';
import { ec2Client, ecsClient, type ClientOptions, type EcsClient } from './clients.js';
import { knownSecrets } from './credentials.js';
import { Journal } from './journal.js';
import { formatLocation, type LiveLocation } from './location.js';
import { planId, type GroupPlan } from './plan-file.js';
import { callWrapper, pull } from './pull.js';
import { clientToken, createAliyunGroup, runAliyunStep, validateAliyunStep } from './steps-aliyun.js';
import { createAwsGroup, runAwsStep, type StepOutcome } from './steps-aws.js';

export interface ApplyOptions extends Omit<ClientOptions, 'region'> {
  /** The journal file (the CLI puts it beside the plan). Required unless dryRun. */
  readonly journalPath?: string;
  readonly dryRun?: boolean;
  /** How long to wait for the applied rules to become visible (default 60 s). */
  readonly verifyTimeoutMs?: number;
  /** Called before each step is sent (progress; tests use it to interrupt a run). */
  readonly beforeStep?: (index: number, step: GroupPlan['steps'][number]) => void | Promise<void>;
  readonly log?: (line: string) => void;
}

export interface StepReport {
  readonly index: number;
  readonly action: string;
  readonly outcome: StepOutcome | 'done earlier' | 'valid (offline)';
  readonly transient?: boolean;
}

export interface ApplyReport {
  readonly target: string;
  readonly resumed: boolean;
  readonly steps: StepReport[];
  /** The live group proved equivalent to the plan's `after` (not for dry runs). */
  readonly verified: boolean;
  /** Re-reads until the applied rules were all visible. */
  readonly verifyReads: number;
  /** The ID of the group a CreateSecurityGroup step created (the plan's target ID was a placeholder). */
  readonly createdGroupId?: string;
}

/** The value with every occurrence of a placeholder ID replaced (steps and `after` of a plan that creates its group). */
function substitute<T>(value: T, from: string, to: string): T {
  return JSON.parse(JSON.stringify(value).split(JSON.stringify(from).slice(1, -1)).join(to)) as T;
}

/** The live group of a location as a canonical group. */
export async function readLiveGroup(location: LiveLocation, options: ClientOptions | Omit<ClientOptions, 'region'>): Promise<SecurityGroup> {
  const doc = await pull(location, { ...options, concurrency: 1 });
  const parsed = { format: 'json' as const, value: doc };
  const { groups } = readDetected(parsed, detectInput(parsed, location.provider), new Report());
  const group = groups.find((g) => g.id === location.groupId);
  if (group === undefined) throw new TranslateError('live_failed', `${formatLocation(location)}: the group was not found`);
  return group;
}

/** The drift between the plan's base and the live group: rules only in one of them, and what that changes. */
export function driftText(before: SecurityGroup | undefined, live: SecurityGroup): string {
  if (before === undefined) return '  (the plan has no `before` group to compare with)';
  const key = (g: SecurityGroup) => new Map(g.rules.map((r) => [describeRule(r), r]));
  const a = key(before);
  const b = key(live);
  const lines: string[] = [];
  for (const [text] of a) if (!b.has(text)) lines.push(`  - ${text}`);
  for (const [text] of b) if (!a.has(text)) lines.push(`  + ${text}`);
  if (before.innerAccessPolicy !== live.innerAccessPolicy) lines.push(`  InnerAccessPolicy ${before.innerAccessPolicy ?? '(default)'} → ${live.innerAccessPolicy ?? '(default)'}`);
  const d = diff(before, live);
  for (const r of d.onlyA) lines.push(`  no longer allowed: ${r.text}`);
  for (const r of d.onlyB) lines.push(`  now also allowed: ${r.text}`);
  return lines.length > 0 ? lines.join('\n') : '  (fields that do not change what the group allows, e.g. descriptions)';
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function applyPlan(plan: GroupPlan, options: ApplyOptions): Promise<ApplyReport> {
  let location: LiveLocation = { provider: plan.target.provider, region: plan.target.region ?? plan.after.region ?? '', groupId: plan.target.groupId };
  if (location.region === '') throw new TranslateError('input_invalid', 'the plan names no region (target.region)', { pointer: '/target/region' });
  const where = formatLocation(location);
  const secrets = knownSecrets(options.env ?? process.env, options.credentials);
  const call = callWrapper(where, secrets);
  const log = options.log ?? (() => {});
  const id = planId(plan);
  const journal = options.dryRun ? undefined : await Journal.open(options.journalPath ?? (() => { throw new TranslateError('usage', 'apply needs a journal path'); })());
  const resumed = journal?.resumed(id) ?? false;
  const clientOptions: ClientOptions = { ...options, region: location.region };

  // A plan whose first step creates its group names it by a placeholder until the cloud gives the real ID.
  const creates = plan.steps[0]?.action === 'CreateSecurityGroup';
  const placeholder = plan.target.groupId;
  let after = plan.after;
  let steps = plan.steps;
  let createdGroupId = journal?.created(id);
  const adopt = (groupId: string) => {
    createdGroupId = groupId;
    location = { ...location, groupId };
    after = substitute(plan.after, placeholder, groupId);
    steps = substitute(plan.steps, placeholder, groupId);
  };
  if (createdGroupId !== undefined) adopt(createdGroupId);

  // 1. Drift (a group still to be created has none).
  const live = creates && createdGroupId === undefined ? undefined : await readLiveGroup(location, clientOptions);
  const digest = live === undefined ? plan.baseDigest : baseDigest(live);
  if (live !== undefined && digest !== plan.baseDigest && !resumed) {
    throw new TranslateError('live_failed', `${where}: the live group no longer matches the plan's base (drift); make a new plan from the live group:\n${driftText(plan.before, live)}`, { providerCode: 'Drift' });
  }
  if (resumed) log(`${where}: resuming: ${journal!.done(id).size} of ${plan.steps.length} steps done earlier`);

  // 2. Steps.
  const aws: EC2Client | undefined = location.provider === 'aws' ? ec2Client(clientOptions) : undefined;
  const ecs: EcsClient | undefined = location.provider === 'aliyun' ? ecsClient(clientOptions) : undefined;
  const done = journal?.done(id) ?? new Set<number>();
  const reports: StepReport[] = [];
  try {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const transient = step.transient === true ? { transient: true } : {};
      if (done.has(index)) {
        reports.push({ index, action: step.action, outcome: 'done earlier', ...transient });
        continue;
      }
      await options.beforeStep?.(index, step);
      if (options.dryRun && ecs !== undefined) {
        const issue = validateAliyunStep(step)[0];
        if (issue !== undefined) throw new TranslateError('provider_rejects', `step ${index + 1} ${step.action}: ${issue.message}`, { pointer: `/steps/${index}/request${issue.pointer}`, providerCode: issue.providerCode });
        reports.push({ index, action: step.action, outcome: 'valid (offline)', ...transient });
        continue;
      }
      await journal?.record(id, where, index, step.action, 'started');
      let outcome: StepOutcome;
      if (step.action === 'CreateSecurityGroup') {
        if (index !== 0) throw new TranslateError('input_invalid', 'CreateSecurityGroup must be the first step of a plan', { pointer: `/steps/${index}` });
        const created = aws !== undefined ? await createAwsGroup(aws, step, options.dryRun === true, call) : { outcome: 'applied' as const, groupId: await createAliyunGroup(ecs!, step, clientToken(id, index), location.region, call) };
        outcome = created.outcome;
        if (created.groupId !== undefined) {
          adopt(created.groupId);
          await journal?.setCreated(id, where, created.groupId);
          log(`${where}: created ${created.groupId}`);
        }
      } else outcome = aws !== undefined ? await runAwsStep(aws, step, options.dryRun === true, call) : await runAliyunStep(ecs!, step, clientToken(id, index), location.region, call);
      await journal?.record(id, where, index, step.action, 'done', outcome);
      reports.push({ index, action: step.action, outcome, ...transient });
      log(`${where}: step ${index + 1}/${plan.steps.length} ${step.action}: ${outcome}`);
    }
  } finally {
    aws?.destroy();
  }
  const created = createdGroupId !== undefined ? { createdGroupId } : {};
  if (options.dryRun) return { target: where, resumed, steps: reports, verified: false, verifyReads: 0, ...created };

  // 3. Verify: the live meaning equals the plan's `after`, waiting for rules that are not visible yet.
  const deadline = Date.now() + (options.verifyTimeoutMs ?? 60_000);
  let reads = 0;
  let wait = 200;
  for (;;) {
    reads++;
    const now = await readLiveGroup(location, clientOptions);
    const d = diff(after, now);
    if (d.equivalent) {
      await journal?.verified(id, where);
      return { target: formatLocation(location), resumed, steps: reports, verified: true, verifyReads: reads, ...created };
    }
    if (Date.now() + wait > deadline) {
      const lines = [...d.onlyA.map((r) => `  missing: ${r.text}`), ...d.onlyB.map((r) => `  extra: ${r.text}`)];
      throw new TranslateError('live_failed', `${where}: after every step, the live group does not allow what the plan's after allows:\n${lines.join('\n')}`, { providerCode: 'VerifyFailed' });
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 3000);
  }
}

