/**
 * `sgbridge plan --emit terraform|terraform-json`: the planned group as Terraform with import blocks. Goldens of
 * the document and the proof in test/fixtures/plan/emit (file snapshots: test/README.md); the HCL parsed by HCL's
 * own parser (@cdktf/hcl2json) and read back by the Terraform reader must mean exactly the planned group; every
 * import names a resource of the same document, the group's import its ID, each rule import the ID of the base
 * rule that resource writes, and rules the plan adds none.
 */
import { parse as parseHcl } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readTerraform } from '../../adapters/terraform/read.js';
import { run } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { verdict } from '../../src/semantics/index.js';
import { renameGroupIds } from '../../src/convert/emit-iac.js';
import { plannedGroup } from '../../src/plan/emit-terraform.js';
import { plan, readBases } from '../../src/plan/plan.js';
import { Report } from '../../src/report/report.js';
import { repoRoot } from '../convert/helpers.js';

const FIXTURES = path.join(repoRoot, 'test/fixtures/plan');
const read = (p: string) => readFileSync(path.join(repoRoot, p), 'utf8');

/** The text as its golden `test/fixtures/plan/emit/<name>` holds it. */
async function expectEmitGolden(name: string, actual: string): Promise<void> {
  await expect(actual).toMatchFileSnapshot(path.join(FIXTURES, 'emit', name));
}

async function sgbridge(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: () => Promise.resolve(''),
    stdoutIsTTY: false,
    env: {},
    cwd: repoRoot,
  };
  const status = await run(args, io);
  return { status, stdout, stderr };
}

const AWS_DESIRED = 'examples/diff-aliyun.json';
const AWS_BASE = 'test/fixtures/plan/aws-app-tier-current.json';
const AWS_RULES = 'test/fixtures/plan/aws-app-tier-current.rules.json';
const AWS_ARGS = ['plan', AWS_DESIRED, '--base', AWS_BASE, '--map', 'examples/mapping.json'];
const ALIYUN_ARGS = [
  'plan',
  'test/fixtures/plan/aliyun-ssh-desired.json',
  '--base',
  'test/fixtures/plan/aliyun-ssh-current.json',
];

interface Doc {
  resource: Record<string, Record<string, Record<string, unknown>[]>>;
  import: { to: string; id: string }[];
}

/** `to` as hcl2json prints a traversal (`${aws_security_group.web}`), or the bare address of the JSON form. */
const bare = (to: string) => to.replace(/^\$\{(.*)\}$/, '$1');

describe('plan --emit terraform', () => {
  test('should write the golden HCL and proof for a plan onto an existing AWS group, with rule IDs', async () => {
    const r = await sgbridge([...AWS_ARGS, '--emit', 'terraform', '--rule-ids', AWS_RULES]);
    expect(r.status, r.stderr).toBe(0);
    await expectEmitGolden('aws-app-tier.tf', r.stdout);
    await expectEmitGolden('aws-app-tier.tf.proof.txt', r.stderr);
    expect(r.stderr).toMatch(
      /^sg-0a1b2c3d4e5f60004 → aws_security_group\.app_tier: exact \(2 rule imports, 9 rules created\)\n/,
    );
  });

  test('should write imports that name resources of the same document with the right IDs, and parse with hcl2json', async () => {
    const r = await sgbridge([...AWS_ARGS, '--emit', 'terraform', '--rule-ids', AWS_RULES]);
    const doc = (await parseHcl('main.tf', r.stdout)) as Doc;
    const imports = doc.import.map((i) => ({ to: bare(i.to), id: i.id }));
    expect(imports[0]).toEqual({ to: 'aws_security_group.app_tier', id: 'sg-0a1b2c3d4e5f60004' });
    const resourceAt = (address: string) => {
      const [type, name] = address.split('.') as [string, string];
      return doc.resource[type]?.[name]?.[0];
    };
    for (const i of imports) expect(resourceAt(i.to), `import to ${i.to}`).toBeDefined();
    // Each rule import's ID is the base rule with exactly the resource's direction, protocol, ports and CIDR.
    const rules = (JSON.parse(read(AWS_RULES)) as { SecurityGroupRules: Record<string, unknown>[] }).SecurityGroupRules;
    const ruleImports = imports.slice(1);
    expect(ruleImports.map((i) => i.id)).toEqual(['sgr-0a1b2c3d4e5f60102', 'sgr-0a1b2c3d4e5f60104']);
    const matches = (v: Record<string, unknown>, egress: boolean, rule: Record<string, unknown>) =>
      rule['IsEgress'] === egress &&
      rule['IpProtocol'] === v['ip_protocol'] &&
      rule['FromPort'] === v['from_port'] &&
      rule['ToPort'] === v['to_port'] &&
      rule['CidrIpv4'] === v['cidr_ipv4'];
    for (const i of ruleImports) {
      const v = resourceAt(i.to)!;
      const egress = i.to.startsWith('aws_vpc_security_group_egress_rule.');
      expect(rules.find((rule) => matches(v, egress, rule))?.['SecurityGroupRuleId']).toBe(i.id);
    }
    // Rule resources without an import are rules the plan adds: no base rule has their content.
    const imported = new Set(ruleImports.map((i) => i.to));
    const ruleTypes = ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'];
    const created = ruleTypes
      .flatMap((type) => Object.keys(doc.resource[type] ?? {}).map((name) => `${type}.${name}`))
      .filter((a) => !imported.has(a));
    expect(created).toHaveLength(9);
    for (const a of created)
      expect(
        rules.some((rule) => matches(resourceAt(a)!, a.startsWith(ruleTypes[1]!), rule)),
        a,
      ).toBe(false);
  });

  test('should read back (HCL through hcl2json) to exactly the group the plan gives', async () => {
    const r = await sgbridge([...AWS_ARGS, '--emit', 'terraform', '--rule-ids', AWS_RULES]);
    const doc = await parseHcl('main.tf', r.stdout);
    const back = renameGroupIds(
      readTerraform(doc, 'terraform-config', 'aws', new Report()),
      new Map([['aws_security_group.app_tier', 'sg-0a1b2c3d4e5f60004']]),
    );
    const base = readBases(read(AWS_BASE));
    const result = plan(read(AWS_DESIRED), read(AWS_BASE), { map: JSON.parse(read('examples/mapping.json')) });
    expect(result.plans[0]!.after).toBe('exact');
    const planned = plannedGroup(base[0]!, result.plans[0]!);
    expect(back).toHaveLength(1);
    expect(verdict(planned, back[0]!)).toBe('exact');
    // The planned group is not the base: the plan changes it, and the document carries the change.
    expect(verdict(base[0]!, back[0]!)).not.toBe('exact');
  });

  test('should write the JSON form with an import list of bare addresses', async () => {
    const r = await sgbridge([...AWS_ARGS, '--emit', 'terraform-json', '--rule-ids', AWS_RULES]);
    expect(r.status, r.stderr).toBe(0);
    await expectEmitGolden('aws-app-tier.tf.json', r.stdout);
    const doc = JSON.parse(r.stdout) as {
      resource: Record<string, Record<string, unknown>>;
      import: { to: string; id: string }[];
    };
    expect(doc.import.map((i) => i.id)).toEqual([
      'sg-0a1b2c3d4e5f60004',
      'sgr-0a1b2c3d4e5f60102',
      'sgr-0a1b2c3d4e5f60104',
    ]);
    for (const i of doc.import) {
      const [type, name] = i.to.split('.') as [string, string];
      expect(doc.resource[type]?.[name], i.to).toBeDefined();
    }
  });

  test('should import only the group when the base has no rule IDs, and say which rules lack one', async () => {
    const r = await sgbridge([...AWS_ARGS, '--emit', 'terraform']);
    expect(r.status, r.stderr).toBe(0);
    const doc = (await parseHcl('main.tf', r.stdout)) as Doc;
    expect(doc.import.map((i) => i.id)).toEqual(['sg-0a1b2c3d4e5f60004']);
    expect(r.stderr).toMatch(/exact \(0 rule imports, 9 rules created\)/);
    expect(r.stderr).toMatch(
      /warning iac_import_rule_id_unknown: Group sg-0a1b2c3d4e5f60004: 2 rule resources name rules that already exist/,
    );
    expect(r.stderr).toMatch(
      /warning iac_import_rules_left: Group sg-0a1b2c3d4e5f60004: 3 existing rules that the plan removes/,
    );
  });

  test("should import an existing Aliyun rule by the provider's documented composite ID", async () => {
    const r = await sgbridge([...ALIYUN_ARGS, '--emit', 'terraform']);
    expect(r.status, r.stderr).toBe(0);
    await expectEmitGolden('aliyun-ssh.tf', r.stdout);
    await expectEmitGolden('aliyun-ssh.tf.proof.txt', r.stderr);
    const doc = (await parseHcl('main.tf', r.stdout)) as Doc;
    const imports = doc.import.map((i) => ({ to: bare(i.to), id: i.id }));
    expect(imports).toEqual([
      { to: 'alicloud_security_group.sg_bp1ssh0000000001', id: 'sg-bp1ssh0000000001' },
      // <security_group_id>:<type>:<ip_protocol>:<port_range>:<nic_type>:<cidr_ip>:<policy>:<priority>
      {
        to: 'alicloud_security_group_rule.sg_bp1ssh0000000001_ingress_1',
        id: 'sg-bp1ssh0000000001:ingress:tcp:22/22:intranet:10.0.0.0/8:accept:2',
      },
    ]);
    const imported = doc.resource['alicloud_security_group_rule']!['sg_bp1ssh0000000001_ingress_1']![0]!;
    expect(
      [
        imported['type'],
        imported['ip_protocol'],
        imported['port_range'],
        imported['nic_type'],
        imported['cidr_ip'],
        imported['policy'],
        imported['priority'],
      ].join(':'),
    ).toBe('ingress:tcp:22/22:intranet:10.0.0.0/8:accept:2');
    const current = JSON.parse(read('test/fixtures/plan/aliyun-ssh-current.json')) as {
      Permissions: { Permission: Record<string, unknown>[] };
    };
    expect(
      current.Permissions.Permission.some(
        (p) => p['SourceCidrIp'] === '10.0.0.0/8' && p['PortRange'] === '22/22' && p['Priority'] === '2',
      ),
    ).toBe(true);
  });

  test('should refuse --format with --emit and --rule-ids without --emit (usage, exit 2, one line)', async () => {
    const both = await sgbridge([...AWS_ARGS, '--emit', 'terraform', '--format', 'json']);
    expect(both.status).toBe(2);
    expect(both.stderr.trim().split('\n')).toHaveLength(1);
    const ids = await sgbridge([...AWS_ARGS, '--rule-ids', AWS_RULES]);
    expect(ids.status).toBe(2);
    expect(ids.stderr).toMatch(/--rule-ids is for --emit/);
    const help = await sgbridge(['plan', '--help']);
    expect(help.stdout).toMatch(/--emit terraform\|terraform-json/);
    expect(help.stdout).toMatch(/--rule-ids <file>/);
  });
});
