/**
 * A plan as Terraform (`sgbridge plan --emit terraform|terraform-json`): the planned group (the base with the plan's
 * steps applied by the API effect model) written by the Terraform writer, plus Terraform 1.5+ `import` blocks so an
 * existing group is brought under Terraform without being recreated: one per group (its ID), and one per rule
 * resource whose rule already exists in the base and can be named:
 * - AWS: `aws_vpc_security_group_ingress_rule` / `_egress_rule` import by the rule's `SecurityGroupRuleId`
 *   (`sgr-…`), known when the base came from DescribeSecurityGroupRules (DescribeSecurityGroups has no rule IDs).
 * - Aliyun: `alicloud_security_group_rule` imports by the ID the provider documents (since v1.224.0):
 *   `<security_group_id>:<type>:<ip_protocol>:<port_range>:<nic_type>:<cidr_ip|ipv6_cidr_ip|source_security_group_id|prefix_list_id>:<policy>:<priority>`,
 *   built from the written resource's own arguments, for every rule the base already holds.
 * Rules the plan adds get no import (terraform apply creates them). Rules the plan removes are not in the
 * document, and rule resources manage only their own rules, so Terraform leaves them in place: reported
 * (`iac_import_rules_left`, wider) with the way out. The proof: the document is read back with the Terraform
 * reader and the engine compares each group with the planned group.
 */
import { writeDescribePayload } from '../lower/fit.js';
import { reportQuota } from '../lower/quota.js';
import { expressionOf } from '../../adapters/terraform/resources.js';
import { readTerraform } from '../../adapters/terraform/read.js';
import { writeTerraform, type TfImport } from '../../adapters/terraform/write.js';
import type { EmitGroup, EmitResult } from '../../adapters/iac/types.js';
import { verdict } from '../semantics/index.js';
import { writtenGroups } from '../convert/emit-iac.js';
import { sortFindings } from '../convert/assign-findings.js';
import { TranslateError } from '../errors.js';
import type { SecurityGroup } from '../model/group.js';
import type { ProviderId } from '../model/rule.js';
import { Report, type Finding } from '../report/report.js';
import type { Verdict } from '../semantics/api.js';
import { applyStep } from './effects.js';
import { ruleIdentity } from './identity.js';
import type { Plan, PlanResult } from './types.js';

export type PlanTerraformFormat = 'terraform' | 'terraform-json';
export const PLAN_IAC_FORMATS: readonly PlanTerraformFormat[] = ['terraform', 'terraform-json'];

export interface PlannedGroupOutput {
  readonly groupId: string;
  /** The group's resource address in the document. */
  readonly address: string;
  /** The document read back against the planned group: `exact` unless a finding says what could not be written. */
  readonly verdict: Verdict;
  readonly imports: readonly TfImport[];
  /** Rule resources terraform apply creates (no import). */
  readonly creates: number;
  /** The plan's findings, plus the writer's and the import findings. */
  readonly findings: readonly Finding[];
}

export interface PlanTerraformOutput {
  readonly format: PlanTerraformFormat;
  readonly text: string;
  readonly groups: readonly PlannedGroupOutput[];
}

/** The group the plan's steps give: the base with each step applied in memory, as the planner proved it. */
export function plannedGroup(current: SecurityGroup, p: Plan): SecurityGroup {
  return p.steps.reduce((g, step) => applyStep(g, step).group, current);
}

/** `/resource/<type>/<name>…` → `<type>.<name>` (the writer's names are identifiers: no pointer escapes). */
function addressOf(pointer: string): string | undefined {
  const m = /^\/resource\/([^/]+)\/([^/]+)/.exec(pointer);
  return m ? `${m[1]}.${m[2]}` : undefined;
}

function resourceValues(document: unknown, address: string): Record<string, unknown> {
  const [type, name] = address.split('.') as [string, string];
  const resources = (document as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource;
  return resources[type]?.[name] ?? {};
}

/** Aliyun's documented import ID of a written `alicloud_security_group_rule` (see the module comment). */
function aliyunRuleImportId(values: Record<string, unknown>, idOf: (v: unknown) => string): string {
  const peer =
    values['cidr_ip'] ?? values['ipv6_cidr_ip'] ?? values['source_security_group_id'] ?? values['prefix_list_id'];
  return [
    idOf(values['security_group_id']),
    values['type'],
    values['ip_protocol'],
    values['port_range'],
    values['nic_type'],
    idOf(peer),
    values['policy'],
    values['priority'],
  ]
    .map(String)
    .join(':');
}

interface Written {
  readonly result: EmitResult;
  readonly back: SecurityGroup[];
}

/** Each rule resource of each written group, with the identity of the one rule it reads back as. */
function ruleResources(provider: ProviderId, back: readonly SecurityGroup[]): Map<string, string>[] {
  return back.map((g) => {
    const keys = new Map<string, string[]>();
    for (const r of g.rules) {
      const address = addressOf(r.origin?.pointer ?? '');
      if (address === undefined) continue;
      keys.set(address, [...(keys.get(address) ?? []), ruleIdentity(provider, r)]);
    }
    const out = new Map<string, string>();
    for (const [address, ids] of keys) if (new Set(ids).size === 1) out.set(address, ids[0]!);
    return out;
  });
}

/**
 * `ruleIds`: groups read from DescribeSecurityGroupRules (`--rule-ids`), whose rules lend their IDs to the base's
 * rules of the same group and identity (DescribeSecurityGroups, the usual base, has the group's name, description
 * and VPC, which an import must keep, but no rule IDs).
 */
export function emitPlanTerraform(
  result: PlanResult,
  bases: readonly SecurityGroup[],
  format: PlanTerraformFormat,
  ruleIds: readonly SecurityGroup[] = [],
): PlanTerraformOutput {
  const provider = result.plans[0]?.target.provider;
  if (provider === undefined) throw new TranslateError('internal', 'a plan result with no plan');
  const syntax = format === 'terraform' ? 'hcl' : 'json';
  const comment = [
    'Written by sgbridge plan: the planned group, with import blocks for the group and its existing rules (Terraform 1.5+).',
  ];
  const currents = result.plans.map((p) => {
    const found = bases.find((b) => b.id === p.target.groupId);
    if (found === undefined) throw new TranslateError('internal', `no base group ${p.target.groupId} for the plan`);
    return found;
  });
  const planned = result.plans.map((p, i) => plannedGroup(currents[i]!, p));
  const reports = result.plans.map(() => new Report());
  const groups: EmitGroup[] = result.plans.map((p, i) => {
    const report = reports[i]!;
    // The written group is counted against the quota, as every written target group is.
    if (provider === 'aws') reportQuota(planned[i]!, provider, { flattenedDenies: false, written: true }, report);
    const native = writeDescribePayload(planned[i]!, provider, report);
    return {
      native,
      targetId: p.target.groupId,
      pointer: p.desired.pointer ?? '',
      report,
      ...(p.target.region !== undefined && { region: p.target.region }),
    };
  });
  const targetIds = groups.map((g) => g.targetId);
  const write = (imports: readonly TfImport[], scratch: boolean): Written => {
    // The first pass only finds which resource holds which rule: its findings are not kept.
    const input = scratch ? groups.map((g) => ({ ...g, report: new Report() })) : groups;
    const written = writeTerraform(input, provider, syntax, { imports, comment });
    const back = writtenGroups(
      readTerraform(written.document, 'terraform-config', provider, new Report()),
      written.addresses,
      targetIds,
    );
    return { result: written, back };
  };

  const first = write([], true);
  const byAddress = new Map(first.result.addresses.map((a, i) => [a, targetIds[i]!]));
  const idOf = (v: unknown): string => {
    const e = expressionOf(v);
    const address = e !== undefined ? /^(.+)\.id$/.exec(e)?.[1] : undefined;
    return address !== undefined ? (byAddress.get(address) ?? String(v)) : String(v);
  };
  const resources = ruleResources(provider, first.back);
  const perGroup = result.plans.map((p, i) => {
    const imports: TfImport[] = [{ to: first.result.addresses[i]!, id: p.target.groupId }];
    const existing = new Map<string, string | undefined>();
    const known = new Map<string, string>();
    for (const g of ruleIds)
      if (g.id === p.target.groupId)
        for (const r of g.rules)
          if (r.origin?.ruleId !== undefined) known.set(ruleIdentity(provider, r), r.origin.ruleId);
    for (const r of currents[i]!.rules) {
      const key = ruleIdentity(provider, r);
      existing.set(key, r.origin?.ruleId ?? known.get(key));
    }
    let creates = 0;
    for (const [address, key] of resources[i]!) {
      if (!existing.has(key)) {
        creates++;
        continue;
      }
      const id =
        provider === 'aws'
          ? existing.get(key)
          : aliyunRuleImportId(resourceValues(first.result.document, address), idOf);
      if (id !== undefined) imports.push({ to: address, id });
    }
    const kept = new Set(planned[i]!.rules.map((r) => ruleIdentity(provider, r)));
    const left = currents[i]!.rules.filter((r) => !kept.has(ruleIdentity(provider, r))).length;
    return { imports, creates, left, rules: resources[i]!.size };
  });

  const final = write(
    perGroup.flatMap((g) => g.imports),
    false,
  );
  return {
    format,
    text: final.result.text,
    groups: result.plans.map((p, i) => {
      const { imports, creates, left, rules } = perGroup[i]!;
      const report = reports[i]!;
      const at = p.desired.pointer ?? '';
      const unnamed = rules - creates - (imports.length - 1);
      report.add('iac_imports_written', at, { groupId: p.target.groupId, imports: imports.length - 1, rules, creates });
      if (unnamed > 0) report.add('iac_import_rule_id_unknown', at, { groupId: p.target.groupId, count: unnamed });
      if (left > 0) report.add('iac_import_rules_left', at, { count: left, groupId: p.target.groupId });
      return {
        groupId: p.target.groupId,
        address: final.result.addresses[i]!,
        verdict: verdict(planned[i]!, final.back[i]!),
        imports,
        creates,
        // The writer's iac_default_egress_removed is about creating a group; an imported group keeps its rules.
        findings: sortFindings([
          ...p.findings,
          ...report.findings.filter((f) => f.code !== 'iac_default_egress_removed'),
        ]),
      };
    }),
  };
}
