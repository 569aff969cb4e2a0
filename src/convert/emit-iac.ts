/**
 * Provisioning code from a conversion: the pipeline's target groups, written by one of the IaC writers
 * (adapters/iac), then proven. The written document is read back by the format's own reader, its groups are
 * compared with the (mapped) source by the engine, and that verdict is the one reported: it equals the conversion's
 * verdict unless the format could not hold something, which the writer reported. Every result keeps the findings of
 * the conversion, plus the writer's.
 */
import { IAC_WRITERS, type IacFormat } from '../../adapters/iac/index.js';
import type { EmitGroup } from '../../adapters/iac/types.js';
import { TranslateError } from '../errors.js';
import type { SecurityGroup } from '../model/group.js';
import type { Rule } from '../model/rule.js';
import { Report } from '../report/report.js';
import type { Verdict } from '../semantics/api.js';
import { diff, verdict as proveVerdict } from '../semantics/index.js';
import { NOT_TRAFFIC_CODES, verdictOfTraffic } from './not-traffic.js';
import { accountForSkipped } from './skipped.js';
import { sortFindings } from './assign-findings.js';
import type { ConvertDetail, ConvertResult, ConvertedGroup } from './types.js';

export interface IacOutput {
  readonly format: IacFormat;
  /** The document (HCL, JSON or YAML). */
  readonly text: string;
  /** The conversion with each group's verdict proven on the written document and the writer's findings added. */
  readonly result: ConvertResult;
  /** Each group's resource address (Terraform) or logical ID (templates), in group order. */
  readonly addresses: readonly string[];
}

/** The groups with the IDs in `ids` renamed (group IDs and group references). */
export function renameGroupIds(groups: readonly SecurityGroup[], ids: ReadonlyMap<string, string>): SecurityGroup[] {
  const rename = (id: string | undefined) => (id !== undefined ? (ids.get(id) ?? id) : id);
  return groups.map((g) => ({
    ...g,
    ...(g.id !== undefined && { id: rename(g.id) }),
    rules: g.rules.map((r): Rule =>
      r.peer.kind === 'group' && r.peer.groupId !== undefined
        ? { ...r, peer: { ...r.peer, groupId: rename(r.peer.groupId)! } }
        : r,
    ),
  }));
}

/**
 * The groups of a written document read back, one per written group in order (found by its address or logical
 * ID), with addresses renamed to the target IDs the pipeline gave the groups, so they compare with the source.
 */
export function writtenGroups(
  back: readonly SecurityGroup[],
  addresses: readonly string[],
  targetIds: readonly string[],
): SecurityGroup[] {
  const ids = new Map<string, string>();
  addresses.forEach((a, i) => ids.set(a, targetIds[i]!));
  const renamed = renameGroupIds(back, ids);
  return addresses.map((a, i) => {
    const at = back.findIndex((b) => b.id === a);
    if (at < 0)
      throw new TranslateError('internal', `the written document has no group ${a} (${targetIds[i]!}) when read back`);
    return renamed[at]!;
  });
}

/** A finding for a verdict of the written document that no finding (the conversion's or the writer's) explains. */
function explain(
  v: Verdict,
  before: ConvertedGroup,
  source: SecurityGroup,
  written: SecurityGroup,
  report: Report,
): void {
  if (v === before.verdict) return;
  const has = (effect: 'narrower' | 'wider') => report.has(effect) || before.findings.some((f) => f.effect === effect);
  const needNarrower = (v === 'narrower' || v === 'mixed') && !has('narrower');
  const needWider = (v === 'wider' || v === 'mixed') && !has('wider');
  if (!needNarrower && !needWider) return;
  const d = diff(source, written);
  const at = source.pointer ?? '';
  if (needNarrower) report.add('meaning_narrowed', at, { region: d.onlyA[0]?.text ?? 'see sgbridge diff' });
  if (needWider) report.add('meaning_widened', at, { region: d.onlyB[0]?.text ?? 'see sgbridge diff' });
}

export function emitIac(detail: ConvertDetail, format: IacFormat): IacOutput {
  const to = detail.result.to;
  const writer = IAC_WRITERS[format];
  if (to === 'model' || !(writer.clouds as readonly string[]).includes(to)) {
    throw new TranslateError(
      'usage',
      `--emit ${format} writes ${writer.clouds.join(' or ')} groups; use it with --to ${writer.clouds.join(' or --to ')}`,
    );
  }
  // One written group per target group: with --split-over-quota, every shard of a source group (they share its
  // report, and their union, read back, is what the verdict compares).
  const groups: EmitGroup[] = [];
  const shardsOf: number[][] = [];
  detail.result.groups.forEach((g, i) => {
    const target = detail.canonical[i]!.target;
    const report = new Report();
    const natives = g.targets ?? [g.target];
    shardsOf.push(
      natives.map((native) => {
        const id = typeof native['GroupId'] === 'string' ? native['GroupId'] : (target.id ?? '');
        groups.push({
          native,
          targetId: id,
          pointer: g.source.pointer,
          report,
          ...(target.region !== undefined && { region: target.region }),
        });
        return groups.length - 1;
      }),
    );
  });
  const written = writer.write(groups, to);
  const back = writtenGroups(
    writer.readBack(written, to),
    written.addresses,
    groups.map((g) => g.targetId),
  );
  const converted: ConvertedGroup[] = detail.result.groups.map((g, i) => {
    const shards = shardsOf[i]!;
    const report = groups[shards[0]!]!.report;
    const source = detail.canonical[i]!.source;
    const first = back[shards[0]!]!;
    const mine = shards.length === 1 ? first : { ...first, rules: shards.flatMap((k) => back[k]!.rules) };
    // As the conversion proves its own verdict: packets that are not traffic (TCP/UDP port 0, ICMP of the other
    // family) are left out when a finding says such rules were not written, and rules the reader left out count.
    const findings = [...g.findings, ...report.findings];
    const engine = proveVerdict(source, mine);
    const traffic =
      engine !== g.verdict && findings.some((f) => NOT_TRAFFIC_CODES.has(f.code))
        ? verdictOfTraffic(engine, source, mine)
        : engine;
    const v = accountForSkipped(traffic, findings);
    explain(v, g, source, mine, report);
    return { ...g, verdict: v, findings: sortFindings([...g.findings, ...report.findings]) };
  });
  return {
    format,
    text: written.text,
    result: { ...detail.result, groups: converted },
    // Each source group's first written group (its shards follow it in the document).
    addresses: shardsOf.map((shards) => written.addresses[shards[0]!]!),
  };
}
