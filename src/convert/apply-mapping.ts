/**
 * Applying the mapping file to one source group, before it is compiled for the other cloud.
 *
 * Two groups come out. `renamed` is the source with every reference the mapping names renamed to its target
 * ID (and prefix lists with known entries expanded to CIDRs): by the user's mapping it means exactly what the
 * source means, so the engine's verdict compares it with the target. `compileInput` is the same without the
 * allow rules whose references have no counterpart: those cannot be written and are left out (narrower).
 * Deny rules with such references stay, and `canWrite` tells the compiler their peer cannot be written, so it
 * denies everything they overlap (narrower, never wider). Nothing is guessed: each unmapped reference is a
 * finding at the rule's pointer.
 */
import { createHash } from 'node:crypto';
import type { SecurityGroup } from '../model/group.js';
import type { GroupPeer, Peer, ProviderId, Rule } from '../model/rule.js';
import type { Mapping } from '../idmap/mapping.js';
import type { ProvenanceField } from '../model/provenance.js';
import type { FieldLocator } from './locators.js';
import type { Report } from '../report/report.js';
import { reportPeerFieldsNotCarried, reportPortListBesidePorts } from '../lower/rule-fields.js';

export interface MappingContext {
  readonly mapping: Mapping;
  /** The target cloud. */
  readonly to: ProviderId;
  /** The target group's ID (from the mapping, or a placeholder); self-references are renamed to it. */
  readonly targetId: string;
  readonly report: Report;
  /** Where a field of a rule sits in the input, so a finding about a reference names that field. */
  readonly locate?: FieldLocator;
  /**
   * Groups converted from the same input that the mapping does not name: source ID → the placeholder ID
   * their own output gets. A reference to one of them uses that placeholder, so the outputs reference each other.
   */
  readonly siblings?: ReadonlyMap<string, string>;
}

export interface MappedGroup {
  readonly renamed: SecurityGroup;
  readonly compileInput: SecurityGroup;
  readonly canWrite: (peer: Peer) => boolean;
}

/** A stable placeholder ID (same source, same placeholder) so reruns and goldens do not churn. */
export function placeholderGroupId(source: Pick<SecurityGroup, 'provider' | 'id' | 'name' | 'pointer'>): string {
  const seed = `${source.provider}:${source.id ?? source.name ?? source.pointer ?? ''}`;
  return `sg-sgbridge-${createHash('sha256').update(seed).digest('hex').slice(0, 10)}`;
}

export function peerKey(peer: Peer): string {
  switch (peer.kind) {
    case 'cidr':
      return `cidr:${peer.cidr}`;
    case 'group':
      return `group:${peer.ownerId ?? peer.ownerAccount ?? ''}/${peer.groupId ?? `name:${peer.groupName ?? ''}`}`;
    case 'prefixList':
      return `prefixList:${peer.prefixListId}`;
  }
}

function ruleAt(rule: Rule, group: SecurityGroup): string {
  return rule.origin?.pointer ?? group.pointer ?? '';
}

interface PeerOutcome {
  /** Replacement rules for the renamed group (usually one; a prefix-list expansion gives several). */
  readonly rules: Rule[];
  /** False when a reference has no counterpart. */
  readonly writable: boolean;
}

function mapGroupPeer(peer: GroupPeer, rule: Rule, group: SecurityGroup, ctx: MappingContext, at: string): PeerOutcome {
  const { mapping, report, to } = ctx;
  if (peer.groupId !== undefined && peer.groupId === group.id) {
    return { rules: [{ ...rule, peer: { kind: 'group', groupId: ctx.targetId } }], writable: true };
  }
  let writable = true;
  const ref = peer.groupId ?? peer.groupName ?? '';
  const sibling = peer.groupId !== undefined ? ctx.siblings?.get(peer.groupId) : undefined;
  const groupId = mapping.counterpart('groups', ref) ?? sibling;
  const fieldOf = (field: ProvenanceField): string => ctx.locate?.(at, field) ?? at;
  if (groupId !== undefined && groupId === sibling) {
    report.add('sibling_reference_placeholder', fieldOf('peerGroupId'), {
      groupId: ref,
      placeholder: sibling,
    });
  } else if (groupId === undefined) {
    report.add('unmapped_group_reference', fieldOf('peerGroupId'), { groupId: ref });
    writable = false;
  } else {
    report.add('reference_mapped', fieldOf('peerGroupId'), {
      kind: 'group',
      from: ref,
      to: groupId,
    });
  }
  const owner = peer.ownerId ?? peer.ownerAccount;
  const ownerField = peer.ownerId !== undefined ? 'peerOwnerId' : 'peerOwnerAccount';
  let mappedOwner: string | undefined;
  if (owner !== undefined && owner === group.ownerId) {
    // The group's own account: on the target the reference is to a group of the target group's account.
    report.add('reference_mapped', fieldOf(ownerField), {
      kind: 'account',
      from: owner,
      to: "the target group's own account",
    });
  } else if (owner !== undefined) {
    mappedOwner = mapping.counterpart('accounts', owner);
    if (mappedOwner === undefined) {
      report.add('unmapped_account', fieldOf(ownerField), { account: owner });
      writable = false;
    } else {
      report.add('reference_mapped', fieldOf(ownerField), {
        kind: 'account',
        from: owner,
        to: mappedOwner,
      });
    }
  }
  reportPeerFieldsNotCarried(peer, to, at, report);
  if (!writable) return { rules: [rule], writable };
  const target: GroupPeer = { kind: 'group', groupId: groupId! };
  // Aliyun tells owner IDs (numbers) from account names; AWS knows only the 12-digit UserId.
  const owned: GroupPeer =
    mappedOwner === undefined
      ? target
      : /^\d+$/.test(mappedOwner)
        ? { ...target, ownerId: mappedOwner }
        : { ...target, ownerAccount: mappedOwner };
  return { rules: [{ ...rule, peer: owned }], writable };
}

function mapPrefixListPeer(peerId: string, rule: Rule, ctx: MappingContext, rulePointer: string): PeerOutcome {
  const { mapping, report } = ctx;
  const at = ctx.locate?.(rulePointer, 'peerPrefixListId') ?? rulePointer;
  const counterpart = mapping.counterpart('prefixLists', peerId);
  if (counterpart !== undefined) {
    report.add('reference_mapped', at, { kind: 'prefix list', from: peerId, to: counterpart });
    return { rules: [{ ...rule, peer: { kind: 'prefixList', prefixListId: counterpart } }], writable: true };
  }
  const entries = mapping.prefixListEntries(peerId);
  if (entries !== undefined) {
    report.add('prefix_list_expanded', at, { prefixListId: peerId, count: entries.length });
    return { rules: entries.map((cidr) => ({ ...rule, peer: { kind: 'cidr', cidr } })), writable: true };
  }
  report.add('unmapped_prefix_list', at, { prefixListId: peerId });
  return { rules: [rule], writable: false };
}

/** Aliyun port lists: AWS has none, so a list becomes its ranges (from the mapping) or the rule is left out. */
function expandPortList(rule: Rule, ctx: MappingContext, at: string): { rules: Rule[]; resolved: boolean } {
  if (rule.portList === undefined || ctx.to === 'aliyun') return { rules: [rule], resolved: true };
  const { portList, ...rest } = rule;
  if (rule.ports !== undefined) {
    reportPortListBesidePorts(ctx.to, at, ctx.report);
    return { rules: [rest], resolved: true };
  }
  const ranges = ctx.mapping.portList(portList.id);
  if (ranges === undefined) {
    ctx.report.add('port_list_unresolved', at, { portListId: portList.id });
    // A deny over an unknown list is kept over every port: that denies more, never less.
    return { rules: [rest], resolved: false };
  }
  ctx.report.add('reference_mapped', at, {
    kind: 'port list',
    from: portList.id,
    to: ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(','),
  });
  return { rules: ranges.map((ports) => ({ ...rest, ports })), resolved: true };
}

/** Rename references of a group that crosses clouds; see the file comment for the two results. */
export function applyMapping(group: SecurityGroup, ctx: MappingContext): MappedGroup {
  const renamed: Rule[] = [];
  const compileRules: Rule[] = [];
  const unwritable = new Set<string>();
  for (const rule of group.rules) {
    const at = ruleAt(rule, group);
    const ports = expandPortList(rule, ctx, at);
    for (const r of ports.rules) {
      const outcome =
        r.peer.kind === 'group'
          ? mapGroupPeer(r.peer, r, group, ctx, at)
          : r.peer.kind === 'prefixList'
            ? mapPrefixListPeer(r.peer.prefixListId, r, ctx, at)
            : { rules: [r], writable: true };
      const source = ports.resolved ? outcome.rules : outcome.rules.map((x) => ({ ...x, portList: rule.portList }));
      renamed.push(...source);
      const writable = outcome.writable && ports.resolved;
      if (writable) compileRules.push(...outcome.rules);
      else if (r.action === 'deny') {
        compileRules.push(...outcome.rules);
        if (!outcome.writable) unwritable.add(peerKey(r.peer));
      }
    }
  }
  const base = { ...group, id: ctx.targetId };
  return {
    renamed: { ...base, rules: renamed },
    compileInput: { ...base, rules: compileRules },
    canWrite: (peer) => !unwritable.has(peerKey(peer)),
  };
}

/** Same-cloud conversion: references stay as they are; only self-references follow a new group ID. */
export function renameSelf(group: SecurityGroup, targetId: string): SecurityGroup {
  if (group.id === targetId) return group;
  const rules = group.rules.map((r) =>
    r.peer.kind === 'group' && r.peer.groupId !== undefined && r.peer.groupId === group.id
      ? { ...r, peer: { ...r.peer, groupId: targetId } }
      : r,
  );
  return { ...group, id: targetId, rules };
}
