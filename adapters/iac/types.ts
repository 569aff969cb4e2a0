/**
 * What every provisioning-code writer receives and returns. Writers are formatters over the pipeline's result:
 * each group arrives as the target cloud's native Describe shape (what `convert` wrote and proved), and a writer
 * only re-spells it as resources. Where a format cannot hold something the group holds, the writer reports it in
 * the group's report (code `iac_rule_unsupported`, never wider by default) and the pipeline proves the verdict of
 * what was written by reading it back.
 */
import type { Report } from '../../src/report/report.js';

export interface EmitGroup {
  /** The target group in its cloud's Describe shape (AWS SecurityGroups[] item, Aliyun DescribeSecurityGroupAttribute). */
  readonly native: Record<string, unknown>;
  /** The target group's ID as the pipeline wrote it (mapped, kept, or a `sg-sgbridge-…` placeholder). */
  readonly targetId: string;
  /** JSON pointer of the source group in the input (findings about the group point here). */
  readonly pointer: string;
  /** Where the writer reports what it could not write as given. */
  readonly report: Report;
  /** The target region the pipeline chose (mapped by city), when known. */
  readonly region?: string;
}

export interface EmitResult {
  /** The document text (HCL, JSON or YAML). */
  readonly text: string;
  /** The same document as data, for formats that have a JSON form (read back to prove the verdict). */
  readonly document: unknown;
  /** Each group's resource address (Terraform) or logical ID (templates), in group order. */
  readonly addresses: readonly string[];
}

/** IDs written by the pipeline for groups it had no real ID for. */
export function isPlaceholderId(id: string): boolean {
  return id.startsWith('sg-sgbridge-');
}

/** A string field of a native payload object ("" counts as unset, as the Describe shapes write unused fields). */
export function text(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function list(o: Record<string, unknown>, key: string): Record<string, unknown>[] {
  const v = o[key];
  return Array.isArray(v) ? (v.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[]) : [];
}

/** Aliyun `Permissions.Permission[]`. */
export function aliyunPermissions(native: Record<string, unknown>): Record<string, unknown>[] {
  const p = native['Permissions'];
  return typeof p === 'object' && p !== null ? list(p as Record<string, unknown>, 'Permission') : [];
}

/** Native tags (`[{Key, Value}]` on AWS, `{Tag: [{TagKey, TagValue}]}` or `[{Key, Value}]` on Aliyun) as a map. */
export function tagMap(native: Record<string, unknown>): Record<string, string> | undefined {
  const raw = native['Tags'];
  const items = Array.isArray(raw)
    ? raw
    : typeof raw === 'object' && raw !== null && Array.isArray((raw as Record<string, unknown>)['Tag'])
      ? ((raw as Record<string, unknown>)['Tag'] as unknown[])
      : [];
  const out: Record<string, string> = {};
  for (const t of items) {
    if (typeof t !== 'object' || t === null) continue;
    const o = t as Record<string, unknown>;
    const k = o['Key'] ?? o['TagKey'];
    const v = o['Value'] ?? o['TagValue'];
    if (typeof k === 'string') out[k] = typeof v === 'string' ? v : '';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
