/**
 * What the apply tests share: emulators and temp folders closed after each test, the desired groups
 * translated from the shipped examples (each proved exact), and a plan that creates its group.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { convertDetailed } from '../../src/convert/convert.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulate/index.js';
import { parseMapping } from '../../src/idmap/index.js';
import type { GroupPlan } from '../../src/live/plan-file.js';
import type { SecurityGroup } from '../../src/model/group.js';
import { newGroup } from '../../src/plan/create.js';
import { repoRoot } from '../convert/helpers.js';
import { makePlan } from './plans.js';

/**
 * Emulators and journal paths for the tests of one file, closed and removed after each test (`prefix`
 * names the temp folders).
 */
export function liveFixtures(prefix: string): {
  emulator: (options: EmulatorOptions) => Promise<Emulator>;
  journalPath: () => Promise<string>;
  tempDir: () => Promise<string>;
} {
  const running: Emulator[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.close()));
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
    dirs.push(dir);
    return dir;
  };
  return {
    emulator: async (options) => {
      const e = await startEmulator(options);
      running.push(e);
      return e;
    },
    journalPath: async () => path.join(await tempDir(), 'plan.json.journal.json'),
    tempDir,
  };
}

export const example = (name: string): string => readFileSync(path.join(repoRoot, 'examples', name), 'utf8');
export const exampleMapping = parseMapping(example('mapping.json'), 'examples/mapping.json');

/** The desired group on the target cloud: the example translated with the example mapping (proved exact). */
export function desiredFrom(file: string, to: 'aws' | 'aliyun'): SecurityGroup {
  const detail = convertDetailed(example(file), { to, map: exampleMapping, file });
  expect(detail.result.groups[0]!.verdict).toBe('exact');
  return detail.canonical[0]!.target;
}

/** The ID a plan that creates its group uses for it until the cloud gives one. */
export const CREATED_PLACEHOLDER = 'sg-sgbridge-0123456789';
const REGION = 'ap-southeast-1';

/**
 * A plan that creates the app-tier group (translated from the other cloud's example) and then writes its
 * rules. The base is the group as the cloud creates it: on EC2 with the all-traffic IPv4 egress rule (which
 * the desired group does not have, so the plan revokes it); on ECS a basic group with InnerAccessPolicy=Accept.
 */
export function createPlan(cloud: 'aws' | 'aliyun'): GroupPlan {
  const desired = cloud === 'aws' ? desiredFrom('diff-aliyun.json', 'aws') : desiredFrom('diff-aws.json', 'aliyun');
  const created = newGroup(cloud, CREATED_PLACEHOLDER, REGION, 'normal');
  const plan = makePlan({ ...desired, ...created }, { ...desired, id: CREATED_PLACEHOLDER }, REGION);
  const create =
    cloud === 'aws'
      ? {
          action: 'CreateSecurityGroup',
          request: { GroupName: 'app-tier', Description: 'app tier', VpcId: 'vpc-0app' },
        }
      : {
          action: 'CreateSecurityGroup',
          request: { RegionId: REGION, VpcId: 'vpc-app', SecurityGroupName: 'app-tier', SecurityGroupType: 'normal' },
        };
  return { ...plan, steps: [create, ...plan.steps] };
}
