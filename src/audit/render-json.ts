/**
 * The audit as one JSON document (shape in docs/audit.md): the result of `runAudit` as it is, with each
 * difference and unpaired group given its stable `code` (tables/audit-codes.ts).
 */
import { codeOfDifference, codeOfUnpaired } from './render-common.js';
import { toolVersion } from '../report/tool-version.js';
import type { AuditResult } from './types.js';

export const AUDIT_JSON_VERSION = 1;

/** `version`: the sgbridge version the document names (default: this package's). */
export function auditDocument(r: AuditResult, version = toolVersion()) {
  return {
    tool: { name: 'sgbridge', version },
    auditVersion: AUDIT_JSON_VERSION,
    inputs: r.inputs,
    pairBy: r.pairBy,
    assumeDisjoint: r.assumeDisjoint,
    summary: r.summary,
    pairs: r.pairs.map((p) => ({ ...p, differences: p.differences.map((d) => ({ code: codeOfDifference(d), ...d })) })),
    unpaired: r.unpaired.map((u) => ({ code: codeOfUnpaired(u), ...u })),
  };
}

export function renderAuditJson(r: AuditResult, version = toolVersion()): string {
  return `${JSON.stringify(auditDocument(r, version), null, 2)}\n`;
}
