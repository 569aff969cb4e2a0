/**
 * Part 6: `sgbridge audit` at fleet scale. Side A is the AWS fleet of part 1 (one DescribeSecurityGroups
 * output, 2,000 groups × 50 peer entries); side B is a directory of 2,000 Aliyun DescribeSecurityGroupAttribute
 * responses, each the counterpart a migration would have made of one AWS group (bench/generate.mjs
 * aliyunCounterpart), with deliberate changes in one group of ten (SSH opened to the internet). Pairs come
 * from the mapping. The audit runs in a child process (bench/audit-child.mjs) as the CLI does it, worker
 * threads included, against the floor (JSON.parse + JSON.stringify of the same input texts), and reads its
 * peak RSS. Measured twice: as the CLI runs by default (every host a member may be), and with
 * --assume-disjoint (the point model).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aliyunCounterpart, awsFleet, awsGroupId } from '../generate.mjs';
import { FLEET, fleetMapping } from './fleet.mjs';

const CHILD = fileURLToPath(new URL('../audit-child.mjs', import.meta.url));
export const AUDIT = {
  pairs: FLEET.groups,
  rules: FLEET.rules,
  seed: FLEET.awsSeed,
  changedEvery: 10,
  targetSeconds: 10,
};

function inputFiles(dir) {
  const aws = awsFleet({ groups: AUDIT.pairs, rules: AUDIT.rules, seed: AUDIT.seed });
  const mapping = fleetMapping();
  const aliyunOf = new Map(Object.entries(mapping.groups).map(([aliyun, awsId]) => [awsId, aliyun]));
  const prefixOf = new Map(Object.entries(mapping.prefixLists).map(([awsPl, aliyunPl]) => [awsPl, aliyunPl]));
  const files = {
    aws: join(dir, 'audit-aws.json'),
    aliyun: join(dir, 'audit-aliyun'),
    mapping: join(dir, 'audit-mapping.json'),
  };
  writeFileSync(files.aws, JSON.stringify(aws));
  writeFileSync(files.mapping, JSON.stringify(mapping));
  mkdirSync(files.aliyun, { recursive: true });
  aws.SecurityGroups.forEach((g, i) => {
    const counterpart = aliyunCounterpart(
      g,
      (id) => aliyunOf.get(id) ?? id,
      (id) => prefixOf.get(id) ?? id,
    );
    if (i % AUDIT.changedEvery === 3) {
      counterpart.Permissions.Permission.unshift({
        Direction: 'ingress',
        IpProtocol: 'TCP',
        PortRange: '22/22',
        SourceCidrIp: '0.0.0.0/0',
        Policy: 'Accept',
        Priority: '1',
        Description: 'deliberate change',
      });
    }
    writeFileSync(join(files.aliyun, `${String(i).padStart(4, '0')}.json`), JSON.stringify(counterpart));
  });
  if (awsGroupId(0) === undefined) throw new Error('unreachable');
  return files;
}

export function benchAudit(dir) {
  const files = inputFiles(dir);
  const modes = {};
  for (const [name, extra, runs] of [
    ['default', [], 1],
    ['assumeDisjoint', ['--assume-disjoint'], 2],
  ]) {
    const spec = { ...files, extraArgs: extra, runs, outputFile: join(dir, `audit-${name}.out.json`) };
    const specFile = join(dir, `audit-${name}.spec.json`);
    writeFileSync(specFile, JSON.stringify(spec));
    const out = execFileSync(process.execPath, ['--expose-gc', CHILD, specFile], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    modes[name] = JSON.parse(out.trim().split('\n').pop());
  }
  return { ran: true, data: AUDIT, modes };
}
