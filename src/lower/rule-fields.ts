/**
 * Rule-level information the compiled target may not carry: the compiler rebuilds rules from the meaning, so a
 * description of a deny that was subtracted away, a rule ID or creation time of the source cloud, or an Aliyun
 * NicType has nowhere to go. Each such value is named in a finding at the field that held it, so nothing is
 * lost silently; values that did reach a target rule of the same origin are not reported.
 */
import type { SecurityGroup } from '../model/group.js';
import type { GroupPeer, ProviderId, Rule } from '../model/rule.js';
import { findingKind, type FindingKind, type Report } from '../report/report.js';
import type { FieldLocator } from '../convert/locators.js';

const PROVIDER_NAME: Record<ProviderId, string> = { aws: 'AWS', aliyun: 'aliyun' };

export function reportUncarriedRuleFields(
  source: SecurityGroup,
  target: SecurityGroup,
  to: ProviderId,
  locate: FieldLocator,
  report: Report,
): void {
  const crossCloud = source.provider !== to;
  const byOrigin = new Map<string, Rule[]>();
  for (const r of target.rules) {
    const p = r.origin?.pointer;
    if (p === undefined) continue;
    const rules = byOrigin.get(p);
    if (rules === undefined) byOrigin.set(p, [r]);
    else rules.push(r);
  }
  // The same facts recur rule after rule (every rule of a response has a rule ID and a creation time): each
  // finding's kind is made once per group, on first use.
  let description: FindingKind | undefined;
  let ruleId: FindingKind | undefined;
  let createTime: FindingKind | undefined;
  const nicTypes = new Map<string, FindingKind>();
  for (const rule of source.rules) {
    const at = rule.origin?.pointer;
    if (at === undefined) continue;
    const written = byOrigin.get(at) ?? [];
    if (rule.description && !written.some((w) => w.description === rule.description)) {
      description ??= findingKind('field_not_translated', { field: 'Description', to });
      report.addKind(description, locate(at, 'description'));
    }
    const nicType = rule.nicType;
    if (nicType !== undefined && !written.some((w) => w.nicType === nicType)) {
      let kind = nicTypes.get(nicType);
      if (kind === undefined)
        nicTypes.set(nicType, (kind = findingKind('nic_type_dropped', { nicType, to: PROVIDER_NAME[to] })));
      report.addKind(kind, locate(at, 'nicType'));
    }
    if (!crossCloud) continue;
    // Rule IDs and creation times belong to the source cloud; the target assigns its own.
    if (rule.origin?.ruleId !== undefined) {
      ruleId ??= findingKind('field_not_translated', { field: 'SecurityGroupRuleId', to });
      report.addKind(ruleId, locate(at, 'ruleId'));
    }
    if (rule.origin?.createTime !== undefined) {
      createTime ??= findingKind('field_not_translated', { field: 'CreateTime', to });
      report.addKind(createTime, locate(at, 'createTime'));
    }
  }
}

/**
 * The compiler rebuilds rules from the meaning, so pieces of a source rule (CIDRs cut around a deny, say) come
 * without its description; give each compiled rule the description of the source rule it came from.
 */
export function carryRuleDescriptions(source: SecurityGroup, target: SecurityGroup): SecurityGroup {
  const byOrigin = new Map<string, string>();
  for (const r of source.rules) {
    if (r.origin?.pointer !== undefined && r.description) byOrigin.set(r.origin.pointer, r.description);
  }
  const rules = target.rules.map((r) => {
    const description = r.origin?.pointer !== undefined ? byOrigin.get(r.origin.pointer) : undefined;
    return r.description === undefined && description !== undefined ? { ...r, description } : r;
  });
  return { ...target, rules };
}

/** Group-peer fields that only mean something inside the source cloud (VPC peering, legacy names). */
const SOURCE_CLOUD_PEER_FIELDS = [
  ['vpcId', 'VpcId'],
  ['vpcPeeringConnectionId', 'VpcPeeringConnectionId'],
  ['peeringStatus', 'PeeringStatus'],
] as const;

/**
 * A group reference renamed for another cloud (see apply-mapping.ts) keeps only the target's group ID and
 * owner: its VPC peering fields, and a group name beside an ID, are named here at the rule's pointer `at`.
 */
export function reportPeerFieldsNotCarried(peer: GroupPeer, to: ProviderId, at: string, report: Report): void {
  for (const [field, name] of SOURCE_CLOUD_PEER_FIELDS) {
    if (peer[field] !== undefined) report.add('field_not_translated', at, { field: name, to });
  }
  if (peer.groupName !== undefined && peer.groupId !== undefined) {
    report.add('field_not_translated', at, { field: 'GroupName', to });
  }
}

/** A rule with both port ranges and a port list, for a target without port lists: the ranges are kept. */
export function reportPortListBesidePorts(to: ProviderId, at: string, report: Report): void {
  report.add('field_not_translated', at, { field: 'PortRangeListId', to });
}
