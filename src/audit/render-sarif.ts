/**
 * The audit as SARIF 2.1.0, for code-scanning UIs: one result per difference (on the side that allows it,
 * at the rule that lets it in) and per unpaired group. `ruleId` is the stable code (tables/audit-codes.ts);
 * the level comes from the exposure (critical and high: error, medium: warning, low: note; an unpaired group:
 * warning). Locations are the input file (relative URI) with the line of the JSON pointer when the file
 * could be read for it, and the JSON pointer as a logical location; a live group has the logical location
 * only. `partialFingerprints` identify a result across runs (pair, side, region), so a code-scanning UI
 * tracks it instead of opening it anew.
 */
import { createHash } from 'node:crypto';
import { AUDIT_CODE_LIST, AUDIT_CODES, type AuditCode } from '../../tables/audit-codes.js';
import { toolVersion } from '../report/tool-version.js';
import type { ExposureLevel } from './exposure.js';
import {
  codeOfDifference,
  codeOfUnpaired,
  groupName,
  other,
  regionText,
  servicesText,
  sideRef,
} from './render-common.js';
import type { AuditResult, Difference, GroupRef, PairResult, UnpairedGroup } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVEL: Record<ExposureLevel, SarifLevel> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/** Where a pointer sits in its file: 1-based line and column, when known. */
export type LineOf = (file: string, pointer: string) => { line: number; column: number } | undefined;

export interface SarifOptions {
  /** The sgbridge version the log names (default: this package's). */
  readonly version?: string;
  /** Lines of pointers (see lines.ts); without it, locations have no region. */
  readonly lineOf?: LineOf;
  /** Turns a file name into the URI SARIF gets (relative to the repository root, forward slashes). */
  readonly uriOf?: (file: string) => string;
}

function location(g: GroupRef, pointer: string, options: SarifOptions) {
  const logical = [{ fullyQualifiedName: `${g.file}#${pointer}`, kind: 'object' }];
  if (/^(aws|aliyun):/.test(g.file)) return { logicalLocations: logical };
  const at = options.lineOf?.(g.file, pointer);
  const uri = options.uriOf?.(g.file) ?? g.file.replace(/\\/g, '/');
  return {
    physicalLocation: {
      artifactLocation: { uri },
      ...(at && { region: { startLine: at.line, startColumn: at.column } }),
    },
    logicalLocations: logical,
  };
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function differenceResult(p: PairResult, d: Difference, options: SarifOptions) {
  const code = codeOfDifference(d);
  const allowing = sideRef(p, d.allowedBy);
  const denying = sideRef(p, other(d.allowedBy));
  const services = servicesText(d, 5);
  const text =
    `${groupName(allowing)} (side ${d.allowedBy}) allows ${regionText(d)}${services ? ` [${services}]` : ''}; ` +
    `its counterpart ${groupName(denying)} does not${d.denying ? ` (${d.denying.text})` : ''}. Exposure: ${d.exposure.level}.`;
  return {
    ruleId: code,
    ruleIndex: AUDIT_CODE_LIST.indexOf(code),
    level: LEVEL[d.exposure.level],
    message: { text },
    locations: [location(allowing, d.allowing?.pointer ?? allowing.pointer, options)],
    relatedLocations: [
      {
        id: 1,
        message: { text: `the counterpart on side ${other(d.allowedBy)}` },
        ...location(denying, denying.pointer, options),
      },
    ],
    partialFingerprints: {
      'sgbridgeDifference/v1': fingerprint(p.a.id ?? p.a.pointer, p.b.id ?? p.b.pointer, d.allowedBy, d.region.text),
    },
    properties: {
      exposure: d.exposure.level,
      score: d.exposure.score,
      peer: d.exposure.peer,
      pairedBy: p.pairedBy,
      ...(d.region.condition && { condition: d.region.condition }),
    },
  };
}

function unpairedResult(u: UnpairedGroup, options: SarifOptions) {
  const code = codeOfUnpaired(u);
  return {
    ruleId: code,
    ruleIndex: AUDIT_CODE_LIST.indexOf(code),
    level: 'warning' as const,
    message: { text: `${groupName(u.group)} on side ${u.side} has no counterpart: ${u.reason}.` },
    locations: [location(u.group, u.group.pointer, options)],
    partialFingerprints: {
      'sgbridgeUnpaired/v1': fingerprint(u.side, u.group.id ?? `${u.group.file}#${u.group.pointer}`),
    },
  };
}

export function auditSarif(r: AuditResult, options: SarifOptions = {}) {
  const version = options.version ?? toolVersion();
  const rules = AUDIT_CODE_LIST.map((id: AuditCode) => ({
    id,
    name: AUDIT_CODES[id].name,
    shortDescription: { text: AUDIT_CODES[id].short },
    fullDescription: { text: AUDIT_CODES[id].help },
    help: { text: AUDIT_CODES[id].help },
    defaultConfiguration: { level: id.startsWith('unpaired') ? 'warning' : 'error' },
  }));
  const results = [
    ...r.pairs.flatMap((p) => p.differences.map((d) => differenceResult(p, d, options))),
    ...r.unpaired.map((u) => unpairedResult(u, options)),
  ];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver: { name: 'sgbridge', semanticVersion: version, version, rules } },
        results,
        properties: { summary: r.summary, pairBy: r.pairBy, assumeDisjoint: r.assumeDisjoint },
      },
    ],
  };
}

export function renderAuditSarif(r: AuditResult, options: SarifOptions = {}): string {
  return `${JSON.stringify(auditSarif(r, options), null, 2)}\n`;
}
