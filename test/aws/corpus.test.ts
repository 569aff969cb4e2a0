/**
 * The shared corpus of public AWS payloads: every file reads without an uncaught exception, and every
 * DescribeSecurityGroups group survives provider → model → provider: each leaf of the input is found in the
 * written group or is covered by a finding at (or above) its pointer.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeDescribePayload } from '../../src/lower/fit.js';
import { describe, expect, it } from 'vitest';
import { awsAdapter } from '../../adapters/aws/index.js';
import { parseProtocol } from '../../tables/protocols.js';
import { TranslateError } from '../../src/errors.js';
import { parseInput } from '../../src/parse/text.js';
import { SecurityGroup } from '../../src/model/group.js';
import { AWS_CORPUS_DIRS, CORPUS, leaves, newReport } from './helpers.js';

const files = existsSync(CORPUS)
  ? AWS_CORPUS_DIRS.filter((d) => existsSync(d)).flatMap((d) =>
      readdirSync(d)
        .filter((f) => f.endsWith('.json'))
        .map((f) => resolve(d, f)),
    )
  : [];
const name = (f: string) => f.slice(CORPUS.length + 1);

/** Sorted rules without origins: the model's meaning, independent of AWS's regrouping. */
function ruleSet(g: SecurityGroup): string[] {
  return g.rules.map(({ origin: _o, ...r }) => JSON.stringify(r)).sort();
}

/** Values equal as AWS means them: protocol names and numbers are one protocol. */
function sameValue(key: string, a: unknown, b: unknown): boolean {
  if (key === 'IpProtocol' && typeof a === 'string' && typeof b === 'string')
    return parseProtocol(a) === parseProtocol(b);
  return a === b;
}

describe.skipIf(!existsSync(CORPUS))('AWS corpus', () => {
  it('has AWS files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [name(f), f]))('%s reads into valid canonical groups', (_n, file) => {
    const input = parseInput(readFileSync(file, 'utf8'), file);
    const report = newReport();
    let result;
    try {
      result = awsAdapter.read(input, report);
    } catch (e) {
      // Only a TranslateError is acceptable (it carries a pointer); none is expected in this corpus.
      expect(e).toBeInstanceOf(TranslateError);
      throw e;
    }
    expect(result.groups.length).toBeGreaterThan(0);
    for (const g of result.groups) expect(() => SecurityGroup.parse(g)).not.toThrow();
    // validate never throws either
    expect(Array.isArray(awsAdapter.validate(input))).toBe(true);
  });

  const describeFiles = files.filter((f) =>
    Array.isArray((JSON.parse(readFileSync(f, 'utf8')) as { SecurityGroups?: unknown }).SecurityGroups),
  );

  it.each(describeFiles.map((f) => [name(f), f]))(
    '%s: every input leaf reaches the output or a finding',
    (_n, file) => {
      const value = JSON.parse(readFileSync(file, 'utf8')) as { SecurityGroups: unknown[] };
      const report = newReport();
      const groups = awsAdapter.read({ format: 'json', value }, report).groups;
      const written = groups.map((g) => writeDescribePayload(g, 'aws', report));
      const covered = (p: string) => report.findings.some((f) => p === f.pointer || p.startsWith(`${f.pointer}/`));
      const missing: string[] = [];
      value.SecurityGroups.forEach((group, i) => {
        const out = leaves(written[i]);
        for (const leaf of leaves(group, `/SecurityGroups/${i}`)) {
          if (leaf.value === '') continue; // empty strings mean "unset" in public samples (convention)
          // AWS prints -1 for "no port range" on protocols without ports; the writer omits them, as AWS returns them.
          if ((leaf.key === 'FromPort' || leaf.key === 'ToPort') && leaf.value === -1) continue;
          if (covered(leaf.pointer)) continue;
          if (out.some((o) => o.key === leaf.key && sameValue(leaf.key, o.value, leaf.value))) continue;
          missing.push(`${leaf.pointer}=${String(leaf.value)}`);
        }
      });
      expect(missing).toEqual([]);
      // And the written groups read back to the same rules (modulo AWS's regrouping).
      const again = awsAdapter.read({ format: 'json', value: { SecurityGroups: written } }, newReport()).groups;
      expect(again.map(ruleSet)).toEqual(groups.map(ruleSet));
    },
  );
});
