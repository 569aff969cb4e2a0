/**
 * `apply`: run a plan's steps against its live group, idempotently and resumably, and prove the result.
 *
 * 1. Re-read the target group (pull) and recompute `baseDigest`; a group that no longer matches the plan is
 *    refused (drift), with the difference shown — unless the journal shows an earlier run of this plan got as
 *    far as sending steps, in which case the run resumes after the last step done.
 * 2. Run the steps in the plan's order, recording each in the journal before and after it is sent. A group the
 *    plan creates is read right after its create: if the cloud started it otherwise than the plan assumed,
 *    the rule steps are planned again from it (`unlessCreatedAsAssumed`). Until the group this run created
 *    is visible, its NotFound answers to that read, the rule steps and the verification are waited out
 *    (bounded, src/live/created-visible.ts).
 * 3. Pull the group again, waiting (bounded) for rules not yet visible, and prove with the engine that its
 *    meaning is what the plan promises: the live base with the steps applied by the API effect model
 *    (src/plan/effects.ts), and the plan's `after` verdict against `desired` (a plan may also carry `after`
 *    as a group: then its meaning). Only then is the plan applied.
 * `replan`: on drift, plan again from the live group to the same `desired` (src/plan) and apply that.
 * `dryRun`: AWS calls with DryRun=true; Aliyun steps are validated offline. Nothing is written.
 */
import type { EC2Client } from '@aws-sdk/client-ec2';
import { detectInput, readDetected } from '../../adapters/index.js';
import { TranslateError } from '../errors.js';
import type { SecurityGroup } from '../model/group.js';
import { baseDigest } from '../plan/digest.js';
import { applyStep } from '../plan/effects.js';
import { planGroup } from '../plan/plan.js';
import { Report } from '../report/report.js';
import { describeRule, diff, verdict, type Verdict } from '../semantics/index.js';
import { ec2Client, ecsClient, type ClientOptions, type EcsClient } from './clients.js';
import { knownSecrets } from './credentials.js';
import { recordGroupPair } from '../idmap/write-back.js';
import { Journal } from './journal.js';
import { formatLocation, type LiveLocation } from './location.js';
import { planId, type GroupPlan } from './plan-file.js';
import { callWrapper, pull } from './pull.js';
import { clientToken, createAliyunGroup, runAliyunStep, validateAliyunStep } from './steps-aliyun.js';
import { createAwsGroup, runAwsStep, type StepOutcome } from './steps-aws.js';
import { CreatedGroupWait, type CreatedVisibility } from './created-visible.js';
import { FIRST_PAUSE_MS, nextPause, sleep } from './backoff.js';

export interface ApplyOptions extends Omit<ClientOptions, 'region'> {
  /** The journal file (the CLI puts it beside the plan). Required unless dryRun. */
  readonly journalPath?: string;
  readonly dryRun?: boolean;
  /** The region when the plan names none (plans made from AWS files: DescribeSecurityGroups has no region). */
  readonly region?: string;
  /** On drift, make a new plan from the live group and the plan's `desired`, and apply that. */
  readonly replan?: boolean;
  /** How long to wait for the applied rules to become visible (default 60 s). */
  readonly verifyTimeoutMs?: number;
  /**
   * How long the group this run created may answer NotFound (not visible yet: EC2 is eventually consistent)
   * to the calls after its create, from the first such answer (default 60 s; 0 fails at once). On AWS, also
   * how long a create whose name is taken (a retried create) waits for the group of that name to be listed.
   */
  readonly createVisibleTimeoutMs?: number;
  /** Called before each step is sent (progress; tests use it to interrupt a run). */
  readonly beforeStep?: (index: number, step: GroupPlan['steps'][number]) => void | Promise<void>;
  readonly log?: (line: string) => void;
  /**
   * The mapping file to record a created group's ID in (`target.sourceGroupId` → the new ID); default the
   * plan's `mappingFile`. Written right after the create and again after the steps (idempotent).
   */
  readonly mappingFile?: string;
}

export interface StepReport {
  readonly index: number;
  readonly action: string;
  readonly outcome: StepOutcome | 'done earlier' | 'valid (offline)';
  readonly transient?: boolean;
  /** NotFound answers for the group just created that this step waited out before it was applied. */
  readonly notFoundWaited?: number;
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
  /** The mapping file the created group's ID was recorded in (absent when it already held the pair). */
  readonly mappingUpdated?: string;
  /**
   * Set when a new plan was made from the live group and applied: it had drifted (--replan), or the group the
   * plan created did not start as the plan assumed.
   */
  readonly replanned?: boolean;
  /** Why the steps were planned again (with `replanned`), in a few words. */
  readonly replannedBecause?: 'drift' | 'created-otherwise';
  /** Set when the group this run created was not visible at once: the NotFound answers waited out, and for how long. */
  readonly createdVisibleAfter?: CreatedVisibility;
}

/** The wait for a group this run created, handed on to the steps planned again onto it (not a public option). */
const CREATED_WAIT = Symbol('createdWait');
type RunOptions = ApplyOptions & { readonly [CREATED_WAIT]?: CreatedGroupWait };

const asGroup = (v: GroupPlan['after'] | undefined): SecurityGroup | undefined =>
  typeof v === 'object' && v !== null ? v : undefined;

/** The group a base becomes through the steps, by the API effect model; undefined when the model cannot say. */
function expectedAfter(base: SecurityGroup, steps: GroupPlan['steps']): SecurityGroup | undefined {
  let group = base;
  for (const step of steps) {
    if (step.action === 'CreateSecurityGroup') return undefined;
    const result = applyStep(group, step);
    if (!result.ok) return undefined;
    group = result.group;
  }
  return group;
}

/** The value with every occurrence of a placeholder ID replaced (steps and `after` of a plan that creates its group). */
function substitute<T>(value: T, from: string, to: string): T {
  return JSON.parse(JSON.stringify(value).split(JSON.stringify(from).slice(1, -1)).join(to)) as T;
}

/** The live group of a location as a canonical group. */
export async function readLiveGroup(
  location: LiveLocation,
  options: ClientOptions | Omit<ClientOptions, 'region'>,
): Promise<SecurityGroup> {
  const doc = await pull(location, { ...options, concurrency: 1 });
  const parsed = { format: 'json' as const, value: doc };
  const { groups } = readDetected(parsed, detectInput(parsed, location.provider), new Report());
  const group = groups.find((g) => g.id === location.groupId);
  if (group === undefined)
    throw new TranslateError('live_failed', `${formatLocation(location)}: the group was not found`);
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
  if (before.innerAccessPolicy !== live.innerAccessPolicy)
    lines.push(
      `  InnerAccessPolicy ${before.innerAccessPolicy ?? '(default)'} → ${live.innerAccessPolicy ?? '(default)'}`,
    );
  const d = diff(before, live);
  for (const r of d.onlyA) lines.push(`  no longer allowed: ${r.text}`);
  for (const r of d.onlyB) lines.push(`  now also allowed: ${r.text}`);
  return lines.length > 0 ? lines.join('\n') : '  (fields that do not change what the group allows, e.g. descriptions)';
}

export async function applyPlan(plan: GroupPlan, options: ApplyOptions): Promise<ApplyReport> {
  let location: LiveLocation = {
    provider: plan.target.provider,
    region: plan.target.region ?? options.region ?? asGroup(plan.after)?.region ?? plan.desired?.region ?? '',
    groupId: plan.target.groupId,
  };
  if (location.region === '')
    throw new TranslateError('usage', 'the plan names no region (target.region): give it with --region', {
      pointer: '/target/region',
    });
  const where = formatLocation(location);
  const secrets = knownSecrets(options.env ?? process.env, options.credentials);
  const call = callWrapper(where, secrets);
  const log = options.log ?? (() => {});
  const id = planId(plan);
  const journal = options.dryRun
    ? undefined
    : await Journal.open(
        options.journalPath ??
          (() => {
            throw new TranslateError('usage', 'apply needs a journal path');
          })(),
      );
  const resumed = journal?.resumed(id) ?? false;
  const clientOptions: ClientOptions = { ...options, region: location.region };

  // A plan whose first step creates its group names it by a placeholder until the cloud gives the real ID.
  const creates = plan.steps[0]?.action === 'CreateSecurityGroup';
  const placeholder = plan.target.groupId;
  let after = asGroup(plan.after);
  let desired = plan.desired;
  let steps = plan.steps;
  let createdGroupId = journal?.created(id);
  /** Set once this run has created the group: its NotFound answers are waited out. */
  let createdWait = (options as RunOptions)[CREATED_WAIT];
  const createVisibleTimeoutMs = options.createVisibleTimeoutMs ?? 60_000;
  const untilVisible = async <T>(run: () => Promise<T>, request?: unknown): Promise<{ value: T; notFound: number }> =>
    createdWait !== undefined ? createdWait.run(run, request) : { value: await run(), notFound: 0 };
  const visibility = () => createdWait?.visibility;
  const adopt = (groupId: string) => {
    createdGroupId = groupId;
    location = { ...location, groupId };
    after = asGroup(substitute(plan.after, placeholder, groupId));
    desired = plan.desired && substitute(plan.desired, placeholder, groupId);
    steps = substitute(plan.steps, placeholder, groupId);
  };
  if (createdGroupId !== undefined) adopt(createdGroupId);
  const mappingFile = options.mappingFile ?? plan.mappingFile;
  const source = plan.target.sourceGroupId;
  let mappingUpdated: string | undefined;
  const writeBack = async (): Promise<void> => {
    if (!creates || options.dryRun || mappingFile === undefined || source === undefined || createdGroupId === undefined)
      return;
    if (await recordGroupPair(mappingFile, source, createdGroupId)) {
      mappingUpdated = mappingFile;
      log(`${mappingFile}: groups ${source} → ${createdGroupId}`);
    }
  };

  /** A new plan from the live group to the same desired group, applied (for --replan, and for a created group). */
  const applyFresh = async (
    live: SecurityGroup,
    why: string,
    because: NonNullable<ApplyReport['replannedBecause']>,
  ): Promise<ApplyReport> => {
    const fresh = planGroup(desired!, live);
    const { replan: _r, ...rest } = options;
    log(`${where}: ${why}; planned again from it (${fresh.steps.length} steps)`);
    const target = { ...fresh.target, region: fresh.target.region ?? location.region };
    const report = await applyPlan(
      { ...fresh, target, steps: fresh.steps.map((st) => ({ ...st })), findings: [...fresh.findings] },
      { ...rest, [CREATED_WAIT]: createdWait } as RunOptions,
    );
    return { ...report, replanned: true, replannedBecause: because };
  };

  // 1. Drift (a group still to be created has none).
  const live = creates && createdGroupId === undefined ? undefined : await readLiveGroup(location, clientOptions);
  const digest = live === undefined ? plan.baseDigest : baseDigest(live);
  if (live !== undefined && digest !== plan.baseDigest && !resumed) {
    if (options.replan && desired !== undefined)
      return applyFresh(live, "the live group drifted from the plan's base", 'drift');
    const hint = plan.desired !== undefined ? ' (or run again with --replan)' : '';
    throw new TranslateError(
      'live_failed',
      `${where}: the live group no longer matches the plan's base (drift); make a new plan from the live group${hint}:\n${driftText(asGroup(plan.before), live)}`,
      { providerCode: 'Drift' },
    );
  }
  // What the result must mean: the plan's `after` group, else the live base through the steps (effect model).
  const expected = after ?? (live !== undefined && !resumed ? expectedAfter(live, steps) : undefined);
  const promised: Verdict | undefined = typeof plan.after === 'string' ? plan.after : undefined;
  if (expected === undefined && (promised === undefined || desired === undefined)) {
    throw new TranslateError(
      'input_invalid',
      'the plan says neither what the group means after (an `after` group) nor what it is compared with (`desired` and an `after` verdict)',
      { pointer: '/after' },
    );
  }
  if (resumed) log(`${where}: resuming: ${journal!.done(id).size} of ${plan.steps.length} steps done earlier`);
  const done = journal?.done(id) ?? new Set<number>();
  const reports: StepReport[] = [];

  /**
   * The plan's base for a group it creates is the group as its cloud creates it (src/plan/create.ts). The cloud
   * may start it otherwise: AWS adds egress to ::/0 in a VPC with an IPv6 block (cloud-semantics.md, "IPv6
   * egress on custom groups", [UNCERTAIN] for a plain CreateSecurityGroup), which a plan without it would leave
   * in place, allowing more than the desired group. So the created group is read before any rule step; when it
   * differs from the base, the rule steps are planned again from it (the plan's desired group is in the target
   * cloud), or, with no desired group to plan to, the run stops before writing a rule.
   */
  const unlessCreatedAsAssumed = async (): Promise<ApplyReport | undefined> => {
    if (options.dryRun || createdGroupId === undefined) return undefined;
    const born = (await untilVisible(() => readLiveGroup(location, clientOptions))).value;
    if (baseDigest({ ...born, id: placeholder }) === plan.baseDigest) return undefined;
    const rules = born.rules.map((r) => `${r.direction} ${describeRule(r)}`).join(', ') || 'no rules';
    const why = `the created group ${createdGroupId} does not start as the plan assumed (${rules})`;
    if (desired === undefined)
      throw new TranslateError('live_failed', `${where}: ${why}: make a new plan onto it`, { providerCode: 'Drift' });
    return applyFresh(born, why, 'created-otherwise');
  };
  /** The report of the steps planned again, after the create (their indexes follow it). */
  const withCreated = (report: ApplyReport): ApplyReport => ({
    ...report,
    steps: [...reports, ...report.steps.map((st) => ({ ...st, index: st.index + reports.length }))],
    createdGroupId: createdGroupId!,
    ...(mappingUpdated !== undefined && { mappingUpdated }),
    ...(visibility() !== undefined && { createdVisibleAfter: visibility() }),
  });

  // 2. Steps.
  const aws: EC2Client | undefined = location.provider === 'aws' ? ec2Client(clientOptions) : undefined;
  const ecs: EcsClient | undefined = location.provider === 'aliyun' ? ecsClient(clientOptions) : undefined;
  try {
    for (let index = 0; index < steps.length; index++) {
      const step = steps[index]!;
      const transient = step.transient === true ? { transient: true } : {};
      if (done.has(index)) {
        reports.push({ index, action: step.action, outcome: 'done earlier', ...transient });
        if (index === 0 && creates && !done.has(1)) {
          const fresh = await unlessCreatedAsAssumed();
          if (fresh !== undefined) return withCreated(fresh);
        }
        continue;
      }
      await options.beforeStep?.(index, step);
      if (options.dryRun && ecs !== undefined) {
        const issue = validateAliyunStep(step)[0];
        if (issue !== undefined)
          throw new TranslateError('provider_rejects', `step ${index + 1} ${step.action}: ${issue.message}`, {
            pointer: `/steps/${index}/request${issue.pointer}`,
            providerCode: issue.providerCode,
          });
        reports.push({ index, action: step.action, outcome: 'valid (offline)', ...transient });
        continue;
      }
      await journal?.record(id, where, index, step.action, 'started');
      let outcome: StepOutcome;
      let waited = {};
      if (step.action === 'CreateSecurityGroup') {
        if (index !== 0)
          throw new TranslateError('input_invalid', 'CreateSecurityGroup must be the first step of a plan', {
            pointer: `/steps/${index}`,
          });
        const created =
          aws !== undefined
            ? await createAwsGroup(aws, step, options.dryRun === true, call, {
                timeoutMs: createVisibleTimeoutMs,
                log: (line) => log(`${where}: ${line}`),
              })
            : {
                outcome: 'applied' as const,
                groupId: await createAliyunGroup(ecs!, step, clientToken(id, index), location.region, call),
              };
        outcome = created.outcome;
        if (created.groupId !== undefined) {
          adopt(created.groupId);
          await journal?.setCreated(id, where, created.groupId);
          log(`${where}: created ${created.groupId}`);
          createdWait = new CreatedGroupWait({
            provider: location.provider,
            groupId: created.groupId,
            where,
            timeoutMs: createVisibleTimeoutMs,
            log,
          });
          await writeBack();
        }
      } else {
        const sent = await untilVisible(
          () =>
            aws !== undefined
              ? runAwsStep(aws, step, options.dryRun === true, call)
              : runAliyunStep(ecs!, step, clientToken(id, index), location.region, call),
          step.request,
        );
        outcome = sent.value;
        if (sent.notFound > 0) waited = { notFoundWaited: sent.notFound };
      }
      await journal?.record(id, where, index, step.action, 'done', outcome);
      reports.push({ index, action: step.action, outcome, ...transient, ...waited });
      log(`${where}: step ${index + 1}/${plan.steps.length} ${step.action}: ${outcome}`);
      if (step.action === 'CreateSecurityGroup') {
        const fresh = await unlessCreatedAsAssumed();
        if (fresh !== undefined) return withCreated(fresh);
      }
    }
  } finally {
    aws?.destroy();
  }
  // A run resumed after a crash between the create and the write-back records the pair now.
  await writeBack();
  const created = {
    ...(createdGroupId !== undefined && { createdGroupId }),
    ...(mappingUpdated !== undefined && { mappingUpdated }),
  };
  if (options.dryRun) return { target: where, resumed, steps: reports, verified: false, verifyReads: 0, ...created };

  // 3. Verify: the live meaning equals the plan's `after`, waiting for rules that are not visible yet.
  const deadline = Date.now() + (options.verifyTimeoutMs ?? 60_000);
  let reads = 0;
  let wait = FIRST_PAUSE_MS;
  for (;;) {
    reads++;
    const now = (await untilVisible(() => readLiveGroup(location, clientOptions))).value;
    const d = expected !== undefined ? diff(expected, now) : diff(desired!, now);
    const kept = promised === undefined || desired === undefined || verdict(desired, now) === promised;
    const proved = expected !== undefined ? d.equivalent && kept : kept && (promised !== 'exact' || d.equivalent);
    if (proved) {
      await journal?.verified(id, where);
      return {
        target: formatLocation(location),
        resumed,
        steps: reports,
        verified: true,
        verifyReads: reads,
        ...created,
        ...(visibility() !== undefined && { createdVisibleAfter: visibility() }),
      };
    }
    if (Date.now() + wait > deadline) {
      const lines = [...d.onlyA.map((r) => `  missing: ${r.text}`), ...d.onlyB.map((r) => `  extra: ${r.text}`)];
      if (!kept)
        lines.push(`  verdict against the desired group: ${verdict(desired!, now)}, the plan promised ${promised}`);
      throw new TranslateError(
        'live_failed',
        `${where}: after every step, the live group does not mean what the plan promised:\n${lines.join('\n')}`,
        { providerCode: 'VerifyFailed' },
      );
    }
    await sleep(wait);
    wait = nextPause(wait);
  }
}
