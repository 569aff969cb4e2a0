/**
 * compile(source, options): a group of the target provider that allows no more than the source (unless
 * allowWidening), and exactly as much when no narrowing finding was reported. Findings carry the pointer of
 * the source rule involved. `counts` has the keys `ingress.ipv4`, `ingress.ipv6`, `egress.ipv4`,
 * `egress.ipv6` (a group or prefix-list reference counts in both families).
 *
 * Division of reporting with the caller: an ALLOW whose peer `canWrite` rejects is left out silently here
 * (the conversion layer reports unmapped_group_reference / unmapped_prefix_list / unmapped_account); a DENY
 * whose peer cannot be written is reported here (`deny_not_representable`). What the target's capability
 * table rules out is decided in src/lower/conditions.ts; group-level losses and the quota are reported by
 * src/lower/lower.ts (`compileForTarget`, the library's `compile`).
 */
import type { SecurityGroup } from '../model/group.js';
import type { CompileOptions, CompileResult } from './api.js';
import { compileToAliyun } from './compile-aliyun.js';
import { compileToAws } from './compile-aws.js';
import { rulePointer } from './rules.js';
import { countRules } from '../lower/quota.js';
import { CAPABILITIES } from '../../tables/capabilities.js';
import { DIRECTIONS } from './meaning.js';

export function compile(source: SecurityGroup, options: CompileOptions): CompileResult {
  if (options.target === 'aws') return compileToAws(source, options);
  if (source.provider === 'aws') return compileToAliyun(source, options);
  return copyAliyun(source, options);
}

/**
 * Aliyun to Aliyun: the rules are kept as they are; a rule whose peer cannot be written is left out if it
 * accepts (the caller reports it) and becomes a drop of every address if it drops (narrower). A rule that
 * references its own group (Aliyun rejects it: InvalidParamter.Conflict, yet sample payloads hold them) is
 * left out if it accepts (`self_reference_unrepresentable`; with allowWidening a basic group gets
 * InnerAccessPolicy=Accept instead, reported wider) and drops every address if it drops.
 */
function copyAliyun(source: SecurityGroup, options: CompileOptions): CompileResult {
  const canWrite = options.canWrite ?? (() => true);
  const ownIds = new Set([options.targetGroupId, ...(source.id !== undefined ? [source.id] : [])]);
  const widenInner = options.allowWidening === true && source.type !== 'enterprise';
  let innerAccept = false;
  const rules = source.rules.flatMap((rule, index) => {
    const self =
      !CAPABILITIES.aliyun.selfReference &&
      rule.peer.kind === 'group' &&
      rule.peer.groupId !== undefined &&
      ownIds.has(rule.peer.groupId);
    if (!self && (rule.peer.kind === 'cidr' || canWrite(rule.peer))) return [rule];
    const pointer = rulePointer(source, rule, index);
    if (rule.action === 'allow') {
      if (!self) return [];
      const what = `${rule.direction} ${rule.protocol === 'all' ? 'all traffic' : `protocol ${rule.protocol}`}`;
      if (widenInner)
        options.report.add('widened_on_request', pointer, {
          what: `InnerAccessPolicy=Accept for the self-reference (${what})`,
        });
      else options.report.add('self_reference_unrepresentable', pointer, { what });
      innerAccept ||= widenInner;
      return [];
    }
    options.report.add('deny_not_representable', pointer, {
      peer: self ? 'its own group' : rule.peer.kind,
      to: 'Aliyun',
    });
    return ['0.0.0.0/0', '::/0'].map((cidr) => ({ ...rule, peer: { kind: 'cidr' as const, cidr } }));
  });
  const counts: Record<string, number> = {};
  for (const d of DIRECTIONS)
    countRules(
      rules.filter((r) => r.direction === d),
      d,
      counts,
    );
  const group = { ...source, id: options.targetGroupId, rules };
  return { group: innerAccept ? { ...group, innerAccessPolicy: 'accept' } : group, counts };
}
