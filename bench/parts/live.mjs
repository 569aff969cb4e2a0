/**
 * Part 5: live calls through the real SDK clients against the local emulators (same process, 127.0.0.1).
 * - pull of 2,000 groups × 50 rules from each cloud: wall time and API calls;
 * - apply of 1,000 rule changes (half authorized, half revoked) on each cloud: wall time, API calls in all
 *   (drift read, steps, verifying read) and API calls per changed rule; the result is proved by apply itself.
 * The emulators add no latency or faults here: the figures are sgbridge's and the SDKs' own cost.
 */
import { round } from '../harness.mjs';

const DIST = new URL('../../dist/src/', import.meta.url);
const KEYS = { accessKeyId: 'AKIABENCHMARKKEY0001', secretAccessKey: 'bench/secret/0123456789' };

async function importDist(path) {
  try {
    return await import(new URL(path, DIST).href);
  } catch (e) {
    if (e && e.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

function awsGroup(g, rules, from = 0) {
  const perms = [];
  for (let r = from; r < from + rules; r++)
    perms.push({
      IpProtocol: 'tcp',
      FromPort: 1000 + r,
      ToPort: 1000 + r,
      IpRanges: [{ CidrIp: `10.${g % 250}.${r % 250}.0/24` }],
    });
  return {
    GroupId: `sg-${(0x200000 + g).toString(16).padStart(17, '0')}`,
    GroupName: `bench-${g}`,
    Description: 'bench',
    VpcId: 'vpc-0bench',
    IpPermissions: perms,
    IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
  };
}

function aliyunPermission(r) {
  return {
    Direction: 'ingress',
    IpProtocol: 'TCP',
    PortRange: `${1000 + r}/${1000 + r}`,
    SourceCidrIp: `10.${Math.floor(r / 250) % 250}.${r % 250}.0/24`,
    Policy: 'Accept',
    Priority: '1',
  };
}

function aliyunGroup(g, rules, from = 0) {
  const perms = [];
  for (let r = from; r < from + rules; r++) perms.push(aliyunPermission(r));
  return {
    RegionId: 'cn-hongkong',
    SecurityGroupId: `sg-bench${String(g).padStart(12, '0')}`,
    SecurityGroupName: `bench-${g}`,
    VpcId: 'vpc-bench',
    InnerAccessPolicy: 'Accept',
    SecurityGroupType: 'normal',
    Permissions: { Permission: perms },
  };
}

const totalCalls = (calls) => Object.values(calls).reduce((a, b) => a + b, 0);

async function timed(fn) {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: round(performance.now() - t0, 1) };
}

export async function benchLive(lib, { groups = 2000, rules = 50, changes = 1000 } = {}) {
  const emulate = await importDist('emulate/index.js');
  const pullMod = await importDist('live/pull.js');
  const applyMod = await importDist('live/apply.js');
  const digestMod = await importDist('plan/digest.js');
  if (!emulate || !pullMod || !applyMod || !digestMod)
    return { ran: false, reason: 'not in the build: src/emulate, src/live or src/plan/digest' };
  const { startEmulator } = emulate;
  const { pull } = pullMod;
  const { applyPlan, readLiveGroup } = applyMod;
  const model = (value) => lib.convert({ format: 'json', value }, { to: 'model' }).groups[0].target;
  const out = { ran: true, fleet: { groups, rules }, changes };

  // Pull, both clouds.
  for (const cloud of ['aws', 'aliyun']) {
    const initial =
      cloud === 'aws'
        ? { SecurityGroups: Array.from({ length: groups }, (_, g) => awsGroup(g, rules)) }
        : Array.from({ length: groups }, (_, g) => aliyunGroup(g, rules));
    const e = await startEmulator({ cloud, initial });
    try {
      const at =
        cloud === 'aws' ? { provider: 'aws', region: 'ap-east-1' } : { provider: 'aliyun', region: 'cn-hongkong' };
      const { value, ms } = await timed(() => pull(at, { endpoint: e.endpoint, credentials: KEYS }));
      const got = cloud === 'aws' ? value.SecurityGroups.length : value.length;
      out[`pull_${cloud}`] = {
        wallMs: ms,
        groups: got,
        complete: got === groups,
        apiCalls: totalCalls(e.calls),
        callsByAction: { ...e.calls },
      };
    } finally {
      await e.close();
    }
  }

  // Apply of `changes` rule changes per cloud: in each group, revoke `per / 2` rules and authorize `per / 2` new ones.
  for (const cloud of ['aws', 'aliyun']) {
    // AWS: authorize-first must stay within 60 rules per direction (40 + 20); Aliyun: 100 permissions per call.
    const per = cloud === 'aws' ? 40 : 100;
    const n = changes / per;
    const half = per / 2;
    const baseNative = Array.from({ length: n }, (_, g) => (cloud === 'aws' ? awsGroup(g, per) : aliyunGroup(g, per)));
    const e = await startEmulator({
      cloud,
      initial: cloud === 'aws' ? { SecurityGroups: baseNative } : baseNative,
      ...(cloud === 'aliyun' ? { aliyun: { rulesPerGroup: 1000 } } : {}),
    });
    try {
      const region = cloud === 'aws' ? 'ap-east-1' : 'cn-hongkong';
      const plans = [];
      for (let g = 0; g < n; g++) {
        const id = baseNative[g][cloud === 'aws' ? 'GroupId' : 'SecurityGroupId'];
        const base = await readLiveGroup(
          { provider: cloud, region, groupId: id },
          { endpoint: e.endpoint, credentials: KEYS },
        );
        const desiredNative = cloud === 'aws' ? awsGroup(g, per, half) : aliyunGroup(g, per, half); // rules half..per+half-1
        const after = model(cloud === 'aws' ? { SecurityGroups: [desiredNative] } : desiredNative);
        const steps =
          cloud === 'aws'
            ? [
                {
                  action: 'AuthorizeSecurityGroupIngress',
                  request: { GroupId: id, IpPermissions: awsGroup(g, half, per).IpPermissions },
                },
                {
                  action: 'RevokeSecurityGroupIngress',
                  request: { GroupId: id, IpPermissions: awsGroup(g, half, 0).IpPermissions },
                },
              ]
            : [
                {
                  action: 'AuthorizeSecurityGroup',
                  request: {
                    RegionId: region,
                    SecurityGroupId: id,
                    Permissions: Array.from({ length: half }, (_, i) => strip(aliyunPermission(per + i))),
                  },
                },
                {
                  action: 'RevokeSecurityGroup',
                  request: {
                    RegionId: region,
                    SecurityGroupId: id,
                    Permissions: Array.from({ length: half }, (_, i) => strip(aliyunPermission(i))),
                  },
                },
              ];
        plans.push({
          target: { provider: cloud, groupId: id, region },
          baseDigest: digestMod.baseDigest(base),
          steps,
          before: base,
          after: { ...after, id },
        });
      }
      const callsBefore = totalCalls(e.calls);
      const { fs, path, os } = await nodeModules();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sgbridge-bench-apply-'));
      try {
        const { ms } = await timed(async () => {
          for (const [i, plan] of plans.entries()) {
            const report = await applyPlan(plan, {
              endpoint: e.endpoint,
              credentials: KEYS,
              journalPath: path.join(dir, `plan-${i}.journal.json`),
            });
            if (!report.verified) throw new Error('apply did not verify');
          }
        });
        const calls = totalCalls(e.calls) - callsBefore;
        out[`apply_${cloud}`] = {
          wallMs: ms,
          groups: n,
          changedRules: changes,
          apiCalls: calls,
          apiCallsPerChangedRule: round(calls / changes, 3),
          verified: true,
        };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await e.close();
    }
  }
  return out;
}

function strip(permission) {
  const { Direction: _d, ...rest } = permission;
  return rest;
}

async function nodeModules() {
  const [fs, path, os] = await Promise.all([import('node:fs'), import('node:path'), import('node:os')]);
  return { fs, path, os };
}
