/**
 * Conversion in worker threads (src/convert/parallel.ts, `convert --jobs`): the same bytes as one thread on
 * realistic many-group inputs (a generated DescribeSecurityGroups output, many Aliyun responses, the corpus
 * files with several groups), the first failing group's error, small inputs in this thread, and `--jobs`
 * checked. Worker threads need the compiled worker, so these tests load the build (`dist/`) and run the built
 * CLI; they skip when there is no build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { aliyunFleet, awsFleet, awsGroupId, fleetGroupId } from '../../bench/generate.mjs';
import { BIN, CORPUS, corpusPresent, repoRoot } from './helpers.js';
import { failOnReason, failsOn } from '../../src/cli/commands/convert.js';
import { summariseGroup } from '../../src/convert/fail-on.js';
import { MIN_GROUPS_FOR_WORKERS as MIN_GROUPS } from '../../src/convert/parallel.js';
import { withGroupedFindings } from '../../src/report/group-findings.js';

const built = existsSync(path.join(repoRoot, 'dist/src/convert/worker.js'));
type Lib = typeof import('../../src/index.js');
const lib = async (): Promise<Lib> =>
  (await import(pathToFileURL(path.join(repoRoot, 'dist/src/index.js')).href)) as Lib;

/** The migration's mapping for the first `n` groups of the generated fleets (as bench/parts/fleet.mjs makes it). */
function fleetMapping(n: number, withPrefixLists = true) {
  const groups: Record<string, string> = {};
  for (let i = 0; i < n; i++) groups[fleetGroupId(i)] = awsGroupId(i);
  const prefixLists: Record<string, string> = {};
  if (withPrefixLists) for (let i = 0; i < 10; i++) prefixLists[`pl-0bench${i}`] = `pl-bench${i}`;
  return { groups, accounts: { 123456789012: '1234567890123456' }, prefixLists };
}

/** A DescribeSecurityGroups output of `groups` generated groups (peers: CIDRs, groups of the input, prefix lists). */
const awsText = (groups: number, seed = 20261702) => JSON.stringify(awsFleet({ groups, rules: 10, seed }));

/**
 * A model document of 60 Aliyun groups, two of whose rules (groups 41 and 50) have priority 110, which
 * Describe still returns but a request is rejected for: `--emit request` fails at the first of them.
 */
function modelWithBadGroups(): string {
  const groups = Array.from({ length: 60 }, (_, i) => ({
    provider: 'aliyun',
    id: `sg-bp1model${String(i).padStart(6, '0')}`,
    name: `g${i}`,
    region: 'cn-hangzhou',
    type: 'normal',
    rules: [
      {
        direction: 'ingress',
        action: 'allow',
        priority: i === 41 || i === 50 ? 110 : 1,
        protocol: 6,
        ports: { from: 22, to: 22 },
        peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
      },
    ],
  }));
  return JSON.stringify({ modelVersion: 1, groups });
}

describe.skipIf(!built)('convertInParallel (built library)', () => {
  test('one DescribeSecurityGroups output of 200 groups: the same JSON and the same objects as convert, in 2 and 3 threads', async () => {
    const { convert, createMapping, convertInParallel, convertInParallelToJson } = await lib();
    const text = awsText(200);
    const options = { to: 'aliyun' as const, map: createMapping(fleetMapping(200)), file: 'fleet.json' };
    const single = convert(text, options);
    expect(single.groups).toHaveLength(200);
    let threads = 0;
    const [json] = await convertInParallelToJson([text], { ...options, jobs: 2, onThreads: (n) => (threads = n) });
    expect(threads).toBe(2);
    expect(json).toBe(JSON.stringify(single, null, 2));
    const [objects] = await convertInParallel([text], { ...options, jobs: 3, onThreads: (n) => (threads = n) });
    expect(threads).toBe(3);
    expect(objects).toEqual(single);
    // Realistic content: references translated, findings and more than one verdict.
    expect(new Set(single.groups.map((g) => g.verdict)).size).toBeGreaterThan(1);
    expect(single.groups.every((g) => g.findings.length > 0)).toBe(true);
  });

  test('unmapped groups of the input: every thread uses the placeholders of the whole input', async () => {
    const { convert, convertInParallelToJson } = await lib();
    const text = awsText(120, 7);
    const single = JSON.stringify(convert(text, { to: 'aliyun' }), null, 2);
    // References to other groups of the input use those groups' placeholders (sibling_reference_placeholder).
    expect(single.match(/"code": "sibling_reference_placeholder"/g)?.length).toBeGreaterThan(50);
    expect((await convertInParallelToJson([text], { to: 'aliyun', jobs: 2 }))[0]).toBe(single);
  });

  test('many Aliyun DescribeSecurityGroupAttribute responses: each result as convert gives it, in input order', async () => {
    const { convert, createMapping, convertInParallel, convertInParallelToJson } = await lib();
    const texts = aliyunFleet({ groups: 80, rules: 10, seed: 20261703 }).map((g) => JSON.stringify(g));
    const options = { to: 'aws' as const, map: createMapping(fleetMapping(80)) };
    const single = texts.map((t) => convert(t, options));
    let threads = 0;
    const json = await convertInParallelToJson(texts, { ...options, jobs: 2, onThreads: (n) => (threads = n) });
    expect(threads).toBe(2);
    expect(json).toEqual(single.map((r) => JSON.stringify(r, null, 2)));
    expect(await convertInParallel(texts, { ...options, jobs: 3 })).toEqual(single);
    expect(single.map((r) => r.groups[0]!.source.id)).toEqual(texts.map((_, i) => fleetGroupId(i)));
  });

  test('convertEachInParallelToJson: each document handed over in input order, equal to convert', async () => {
    const { convert, createMapping, convertEachInParallelToJson } = await lib();
    const texts = aliyunFleet({ groups: 90, rules: 10, seed: 20261704 }).map((g) => JSON.stringify(g));
    const options = { to: 'aws' as const, map: createMapping(fleetMapping(90)) };
    const single = texts.map((t) => JSON.stringify(convert(t, options), null, 2));
    for (const jobs of [1, 2, 3]) {
      const seen: [number, string][] = [];
      let threads = 0;
      await convertEachInParallelToJson(texts, { ...options, jobs, onThreads: (n) => (threads = n) }, (json, i) =>
        seen.push([i, json]),
      );
      expect(threads).toBe(jobs);
      expect(seen.map(([i]) => i)).toEqual(texts.map((_, i) => i));
      expect(seen.map(([, json]) => json)).toEqual(single);
    }
    // One input: its groups are split across threads, and its one document is handed over.
    const text = awsText(150);
    const seen: number[] = [];
    await convertEachInParallelToJson([text], { to: 'aliyun', jobs: 2 }, (json, i) => {
      seen.push(i);
      expect(json).toBe(JSON.stringify(convert(text, { to: 'aliyun' }), null, 2));
    });
    expect(seen).toEqual([0]);
  });

  test('convertEachInParallelToJson: a failing input or callback stops the handing over before it', async () => {
    const { convertEachInParallelToJson } = await lib();
    const options = { to: 'aliyun' as const, emit: 'request' as const, file: 'tiers.json' };
    // Input 70 of 100 fails (its group 41 has a priority a request is rejected for).
    const inputs = Array.from({ length: 100 }, (_, i) => (i === 70 ? modelWithBadGroups() : awsText(2, i)));
    for (const jobs of [1, 2, 3]) {
      const seen: number[] = [];
      const rejected = await convertEachInParallelToJson(inputs, { ...options, jobs }, (_, i) => seen.push(i)).catch(
        (e: unknown) => e,
      );
      expect((rejected as { oneLine(): string }).oneLine()).toMatch(/\/groups\/41\/rules\/0: .*priority 110/);
      // A prefix of the inputs before the failing one, in order; none after it.
      expect(seen).toEqual(seen.map((_, i) => i));
      expect(seen.length).toBeLessThanOrEqual(70);
    }
    // The callback throws at input 30: it is not called again, and the call rejects with its error.
    for (const jobs of [1, 2, 3]) {
      const seen: number[] = [];
      const stop = new Error('disk full');
      const rejected = await convertEachInParallelToJson(inputs.slice(0, 60), { to: 'aliyun', jobs }, (_, i) => {
        seen.push(i);
        if (i === 30) throw stop;
      }).catch((e: unknown) => e);
      expect(rejected).toBe(stop);
      expect(seen).toEqual(Array.from({ length: 31 }, (_, i) => i));
    }
  });

  test('convertInParallelToJsonPieces: one input a piece per group, in order, joined equal to convert', async () => {
    const { convert, createMapping, convertInParallelToJsonPieces } = await lib();
    const text = awsText(150);
    const options = { to: 'aliyun' as const, map: createMapping(fleetMapping(150)), file: 'fleet.json' };
    const single = JSON.stringify(convert(text, options), null, 2);
    for (const jobs of [1, 2, 3]) {
      const pieces: [string, number, boolean][] = [];
      let threads = 0;
      await convertInParallelToJsonPieces([text], { ...options, jobs, onThreads: (n) => (threads = n) }, (...p) =>
        pieces.push(p),
      );
      expect(threads).toBe(jobs);
      expect(pieces).toHaveLength(150);
      expect(pieces.map(([t]) => t).join('')).toBe(single);
      expect(pieces.map(([, i]) => i)).toEqual(pieces.map(() => 0));
      expect(pieces.map(([, , last]) => last)).toEqual(pieces.map((_, k) => k === 149));
    }
    // Several inputs: one piece each, its whole document, in input order.
    const texts = [awsText(3, 1), JSON.stringify({ SecurityGroups: [] }), awsText(1, 2)];
    const seen: [string, number, boolean][] = [];
    await convertInParallelToJsonPieces(texts, { to: 'aliyun', jobs: 2 }, (...p) => seen.push(p));
    expect(seen).toEqual(texts.map((t, i) => [JSON.stringify(convert(t, { to: 'aliyun' }), null, 2), i, true]));
    // One input of no group, or of one: its document in one piece.
    for (const t of texts.slice(1)) {
      const one: [string, number, boolean][] = [];
      await convertInParallelToJsonPieces([t], { to: 'aliyun', jobs: 2 }, (...p) => one.push(p));
      expect(one).toEqual([[JSON.stringify(convert(t, { to: 'aliyun' }), null, 2), 0, true]]);
    }
  });

  test('convertInParallelToJsonPieces: a failing group stops the pieces before it, with the single-thread error', async () => {
    const { convertInParallelToJsonPieces } = await lib();
    const options = { to: 'aliyun' as const, emit: 'request' as const, file: 'tiers.json' };
    for (const jobs of [1, 2, 3]) {
      const pieces: string[] = [];
      const rejected = await convertInParallelToJsonPieces(
        [modelWithBadGroups()],
        { ...options, jobs },
        (p, _, last) => {
          expect(last).toBe(false);
          pieces.push(p);
        },
      ).catch((e: unknown) => e);
      expect((rejected as { oneLine(): string }).oneLine()).toBe(
        'tiers.json: /groups/41/rules/0: [InvalidPriority.ValueNotSupported] priority 110 is outside 1..100',
      );
      // Group 41 is the first that fails: some of the groups before it were handed over, in order.
      expect(pieces.length).toBeLessThanOrEqual(41);
      if (jobs === 1) expect(pieces).toHaveLength(41);
      const ids = pieces.map((p) => /"id": "(sg-bp1model\d+)"/.exec(p)?.[1]);
      expect(ids).toEqual(pieces.map((_, i) => `sg-bp1model${String(i).padStart(6, '0')}`));
    }
  });

  test('one DescribeSecurityGroups output with values AWS rejects, read groupwise: the single-thread error, or the same bytes with skipInvalid', async () => {
    const { convert, convertInParallelToJsonPieces } = await lib();
    // Bad CIDRs in groups 90 and 130 of 150: each thread reads only its groups, so it meets them late.
    const doc = JSON.parse(awsText(150, 21)) as {
      SecurityGroups: { IpPermissions: { IpRanges: { CidrIp: string }[] }[] }[];
    };
    for (const [g, cidr] of [
      [90, '300.1.2.3/8'],
      [130, '10.0.0.0/33'],
    ] as const)
      doc.SecurityGroups[g]!.IpPermissions.find((p) => p.IpRanges.length > 0)!.IpRanges[0]!.CidrIp = cidr;
    const text = JSON.stringify(doc);
    const options = { to: 'aliyun' as const, file: 'bad.json' };
    let error: unknown;
    try {
      convert(text, options);
    } catch (e) {
      error = e;
    }
    const line = (error as { oneLine(): string }).oneLine();
    expect(line).toMatch(/^bad\.json: \/SecurityGroups\/90\/.*1 more rule cannot be read/);
    for (const jobs of [1, 2, 3]) {
      const pieces: string[] = [];
      const rejected = await convertInParallelToJsonPieces([text], { ...options, jobs }, (p) => pieces.push(p)).catch(
        (e: unknown) => e,
      );
      expect((rejected as { oneLine(): string }).oneLine(), `jobs ${jobs}`).toBe(line);
      expect((rejected as { exitCode: number }).exitCode).toBe(2);
      // Threads read groupwise: some groups before the first bad one may have been handed over, never it.
      expect(pieces.length).toBeLessThanOrEqual(jobs === 1 ? 0 : 90);
      // A callback that fails first (at group 10) still gives the whole input's reading error, as one thread does.
      const early = await convertInParallelToJsonPieces([text], { ...options, jobs }, (_, i) => {
        if (pieces.push(String(i)) > 10) throw new Error('disk full');
      }).catch((e: unknown) => e);
      expect((early as { oneLine(): string }).oneLine(), `jobs ${jobs}`).toBe(line);
    }
    // With skipInvalid the bad rules are left out, each a finding: the same bytes in threads.
    const skipping = { ...options, skipInvalid: true };
    const single = JSON.stringify(convert(text, skipping), null, 2);
    expect(single.match(/"code": "invalid_rule_skipped"/g)).toHaveLength(2);
    for (const jobs of [2, 3]) {
      const pieces: string[] = [];
      await convertInParallelToJsonPieces([text], { ...skipping, jobs }, (p) => pieces.push(p));
      expect(pieces.join(''), `jobs ${jobs}`).toBe(single);
    }
  });

  test('an input of 1 MiB or more: the workers prepare it and tell this thread its size; the same bytes and errors', async () => {
    const { convert, createMapping, convertInParallelToJsonPieces } = await lib();
    const doc = awsFleet({ groups: 700, rules: 12, seed: 20261705 }) as unknown as {
      SecurityGroups: { IpPermissions: { IpRanges: { CidrIp: string }[] }[] }[];
    };
    const options = { to: 'aliyun' as const, map: createMapping(fleetMapping(700)), file: 'big.json' };
    const text = JSON.stringify(doc);
    expect(text.length).toBeGreaterThan(1 << 20);
    const single = JSON.stringify(convert(text, options), null, 2);
    const pieces: string[] = [];
    let threads = 0;
    await convertInParallelToJsonPieces([text], { ...options, jobs: 2, onThreads: (n) => (threads = n) }, (p) =>
      pieces.push(p),
    );
    expect(threads).toBe(2);
    expect(pieces).toHaveLength(700);
    expect(pieces.join('')).toBe(single);
    /** The one line of the error `convert` throws in one thread for `text`. */
    const singleThreadError = (text: string): string => {
      try {
        convert(text, options);
      } catch (e) {
        return (e as { oneLine(): string }).oneLine();
      }
      throw new Error('convert did not fail');
    };
    // A bad value in group 600: the single-thread error.
    doc.SecurityGroups[600]!.IpPermissions.find((p) => p.IpRanges.length > 0)!.IpRanges[0]!.CidrIp = '10.0.0.0/33';
    const bad = JSON.stringify(doc);
    const error = singleThreadError(bad);
    expect(error).toMatch(/^big\.json: \/SecurityGroups\/600\//);
    const rejected = await convertInParallelToJsonPieces([bad], { ...options, jobs: 2 }, () => {}).catch(
      (e: unknown) => e,
    );
    expect((rejected as { oneLine(): string }).oneLine()).toBe(error);
    // A document the workers cannot prepare (a group ID of the wrong type): this thread reads it and fails as one thread.
    (doc.SecurityGroups[650] as unknown as Record<string, unknown>)['GroupId'] = 7;
    const unreadable = JSON.stringify(doc);
    const unreadableError = singleThreadError(unreadable);
    expect(unreadableError).toMatch(/GroupId must be a string/);
    const rejectedToo = await convertInParallelToJsonPieces([unreadable], { ...options, jobs: 2 }, () => {}).catch(
      (e: unknown) => e,
    );
    expect((rejectedToo as { oneLine(): string }).oneLine()).toBe(unreadableError);
  });

  test('small inputs stay in this thread unless --jobs asks', async () => {
    const { convertInParallelToJson, createMapping } = await lib();
    const map = createMapping(fleetMapping(20));
    const seen: number[] = [];
    const onThreads = (n: number) => seen.push(n);
    await convertInParallelToJson([awsText(20)], { to: 'aliyun', map, onThreads });
    const responses = aliyunFleet({ groups: 8, rules: 5, seed: 1 }).map((g) => JSON.stringify(g));
    await convertInParallelToJson(responses, { to: 'aws', map, onThreads });
    await convertInParallelToJson([awsText(20)], { to: 'aliyun', map, onThreads, jobs: 1 });
    await convertInParallelToJson([awsText(20)], { to: 'aliyun', map, onThreads, jobs: 2 });
    // A group can't be split: one input of one group is one thread whatever jobs says.
    await convertInParallelToJson([responses[0]!], { to: 'aws', map, onThreads, jobs: 4 });
    // 1,000 groups (small ones, so the test is quick): the machine's parallelism.
    const large = JSON.stringify(awsFleet({ groups: 1000, rules: 1, seed: 3 }));
    await convertInParallelToJson([large], { to: 'aliyun', onThreads });
    expect(seen).toEqual([1, 1, 1, 2, 1, Math.min(availableParallelism(), 25)]);
  });

  test('jobs must be a whole number from 1', async () => {
    const { convertInParallel } = await lib();
    for (const jobs of [0, -1, 1.5, Number.NaN])
      await expect(convertInParallel([awsText(3)], { to: 'aliyun', jobs })).rejects.toThrow(
        /jobs must be a whole number from 1/,
      );
  });

  test('an error in one group fails the call with the error of the first failing group, as in one thread', async () => {
    const { convert, convertInParallel, convertInParallelToJson } = await lib();
    const text = modelWithBadGroups();
    const options = { to: 'aliyun' as const, emit: 'request' as const, file: 'tiers.json' };
    let error: unknown;
    try {
      convert(text, options);
    } catch (e) {
      error = e;
    }
    expect((error as { oneLine(): string }).oneLine()).toBe(
      'tiers.json: /groups/41/rules/0: [InvalidPriority.ValueNotSupported] priority 110 is outside 1..100',
    );
    for (const jobs of [2, 3]) {
      const rejected = await convertInParallelToJson([text], { ...options, jobs }).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(Error);
      expect((rejected as { oneLine(): string }).oneLine()).toBe((error as { oneLine(): string }).oneLine());
      expect((rejected as { exitCode: number }).exitCode).toBe(2);
    }
    // Several inputs: the first failing input's error.
    const inputs = [awsText(2), text, awsText(3)];
    await expect(convertInParallel(inputs, { ...options, jobs: 2 })).rejects.toThrow(/priority 110 is outside/);
  });

  test.skipIf(!corpusPresent)('corpus files: the same JSON group by group, and in 2 threads', async () => {
    const { convert, convertInParallelToJson, convertInParallelToJsonPieces } = await lib();
    let files = 0;
    for (const dir of ['aws', 'aliyun']) {
      for (const name of readdirSync(path.join(CORPUS, dir)).filter((f) => f.endsWith('.json'))) {
        const text = readFileSync(path.join(CORPUS, dir, name), 'utf8');
        const to = dir === 'aws' ? 'aliyun' : 'aws';
        let single: string;
        try {
          single = JSON.stringify(convert(text, { to, file: name }), null, 2);
        } catch {
          continue; // inputs a cloud rejects: the corpus walk checks their errors
        }
        // In one thread, group by group as the CLI writes JSON: the same document, one group or many.
        const pieces: string[] = [];
        await convertInParallelToJsonPieces([text], { to, file: name, jobs: 1 }, (p) => pieces.push(p));
        expect(pieces.join(''), name).toBe(single);
        if ((JSON.parse(single) as { groups: unknown[] }).groups.length < 2) continue;
        files++;
        const [json] = await convertInParallelToJson([text], { to, file: name, jobs: 2 });
        expect(json, name).toBe(single);
      }
    }
    expect(files).toBeGreaterThanOrEqual(5);
  });
});

describe.skipIf(!built)('sgbridge convert --jobs (built CLI)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sgbridge-jobs-'));
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });

  test('JSON, text and Markdown: the same bytes in one thread and in several, with pulled prefix lists', () => {
    // As `sgbridge pull` writes it: the prefix lists' entries beside the groups, no prefix lists in the mapping.
    const doc = JSON.parse(awsText(120, 11)) as Record<string, unknown>;
    doc['PrefixListEntries'] = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [`pl-0bench${i}`, [`10.${i}.0.0/16`, `2001:db8:${i}::/48`]]),
    );
    writeFileSync(path.join(dir, 'pulled.json'), JSON.stringify(doc));
    writeFileSync(path.join(dir, 'mapping.json'), JSON.stringify(fleetMapping(120, false)));
    for (const format of ['json', 'text', 'markdown']) {
      const run = (jobs: string) =>
        cli('convert', 'pulled.json', '--to', 'aliyun', '--map', 'mapping.json', '--format', format, '--jobs', jobs);
      const one = run('1');
      expect(one.status, one.stderr).toBe(0);
      expect(one.stderr).toBe('');
      for (const jobs of ['2', '3']) {
        const many = run(jobs);
        expect(many.status, `${format} --jobs ${jobs}`).toBe(0);
        expect(many.stderr).toBe('');
        expect(many.stdout === one.stdout, `${format} --jobs ${jobs}`).toBe(true);
      }
      if (format === 'json') {
        // The pulled entries were used (expanded into CIDRs), in every thread.
        expect(one.stdout).toMatch(/"10\.3\.0\.0\/16"/);
        expect(one.stdout).not.toMatch(/unmapped_prefix_list/);
      }
    }
    // By default (120 groups: this thread) and with -o: the same document; in threads, -o writes it in pieces.
    const convert = (...args: string[]) =>
      cli('convert', 'pulled.json', '--to', 'aliyun', '--map', 'mapping.json', ...args);
    const json = convert('--format', 'json', '--jobs', '1');
    for (const [out, args] of [
      ['out.json', []],
      ['o2.json', ['--jobs', '2']],
    ] as const) {
      expect(convert(...args, '-o', out).status).toBe(0);
      expect(readFileSync(path.join(dir, out), 'utf8')).toBe(json.stdout);
    }
  });

  test('JSON in one thread, written group by group: JSON.stringify of the library convert, byte for byte', async () => {
    const { convert, createMapping } = await lib();
    const text = awsText(150, 13);
    const mapping = fleetMapping(150);
    writeFileSync(path.join(dir, 'one-thread.json'), text);
    writeFileSync(path.join(dir, 'one-thread.map.json'), JSON.stringify(mapping));
    const expected = `${JSON.stringify(convert(text, { to: 'aliyun', map: createMapping(mapping) }), null, 2)}\n`;
    const args = ['convert', 'one-thread.json', '--to', 'aliyun', '--map', 'one-thread.map.json', '--format', 'json'];
    const stdout = cli(...args, '--jobs', '1');
    expect(stdout.status, stdout.stderr).toBe(0);
    expect(stdout.stdout === expected).toBe(true);
    expect(cli(...args, '-o', 'one-thread.out.json').status).toBe(0);
    expect(readFileSync(path.join(dir, 'one-thread.out.json'), 'utf8') === expected).toBe(true);
  });

  test('--fail-on: the same status and reason in one thread and in several', () => {
    writeFileSync(path.join(dir, 'fleet.json'), awsText(60, 5));
    const run = (jobs: string) =>
      cli(
        'convert',
        'fleet.json',
        '--to',
        'aliyun',
        '--format',
        'json',
        '--fail-on',
        'narrower',
        '-o',
        `f${jobs}.json`,
        '--jobs',
        jobs,
      );
    const one = run('1');
    const two = run('2');
    expect(one.status).toBe(1);
    expect(two.status).toBe(1);
    expect(two.stderr.replace('f2.json', 'f1.json')).toBe(one.stderr);
    expect(readFileSync(path.join(dir, 'f2.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'f1.json'), 'utf8'));
  });

  test('--fail-on x --group-findings x --jobs 1/2, stdout and -o, above the thread threshold: the bytes, status and reason of the objects', async () => {
    const { convert, createMapping } = await lib();
    const text = JSON.stringify(awsFleet({ groups: MIN_GROUPS, rules: 4, seed: 5 }));
    const mapping = fleetMapping(MIN_GROUPS);
    writeFileSync(path.join(dir, 'big.json'), text);
    writeFileSync(path.join(dir, 'big.map.json'), JSON.stringify(mapping));
    const result = convert(text, { to: 'aliyun', map: createMapping(mapping) });
    const args = ['convert', 'big.json', '--to', 'aliyun', '--map', 'big.map.json', '--format', 'json'];
    // On this fleet: no group is wider (exit 0), many are narrower, every one has lossy findings.
    const levels = [undefined, 'wider', 'narrower', 'lossy'] as const;
    expect(levels.map((l) => (l === undefined ? false : failsOn(result, l)))).toEqual([false, false, true, true]);
    for (const grouped of [false, true]) {
      const expected = `${JSON.stringify(grouped ? withGroupedFindings(result) : result, null, 2)}\n`;
      for (const level of levels) {
        const flags = [...(level === undefined ? [] : ['--fail-on', level]), ...(grouped ? ['--group-findings'] : [])];
        const status = level !== undefined && failsOn(result, level) ? 1 : 0;
        const reason = status === 0 ? '' : failOnReason(result.groups.map(summariseGroup), level!);
        // Each combination in 1 and 2 threads, one of them to stdout and the other to -o (alternating).
        for (const [k, jobs] of ['1', '2'].entries()) {
          const what = `${flags.join(' ')} --jobs ${jobs}`;
          if ((k + levels.indexOf(level)) % 2 === 0) {
            const stdout = cli(...args, ...flags, '--jobs', jobs);
            expect(stdout.status, what).toBe(status);
            expect(stdout.stderr, what).toBe('');
            expect(stdout.stdout === expected, what).toBe(true);
            continue;
          }
          const out = `big-${jobs}.out.json`;
          const file = cli(...args, ...flags, '--jobs', jobs, '-o', out);
          expect(file.status, what).toBe(status);
          expect(file.stderr, what).toBe(
            status === 0 ? '' : `sgbridge convert: exit 1: ${reason} (report in ${out})\n`,
          );
          expect(readFileSync(path.join(dir, out), 'utf8') === expected, what).toBe(true);
        }
      }
    }
  });

  test.skipIf(!corpusPresent)(
    'corpus: --fail-on and --group-findings in 1 and 2 threads, the bytes, status and reason of the objects',
    async () => {
      const { convert } = await lib();
      let files = 0;
      for (const src of ['aws', 'aliyun']) {
        for (const name of readdirSync(path.join(CORPUS, src)).filter((f) => f.endsWith('.json'))) {
          const input = path.join(CORPUS, src, name);
          const to = src === 'aws' ? 'aliyun' : 'aws';
          let result;
          try {
            result = convert(readFileSync(input, 'utf8'), { to, file: input });
          } catch {
            continue; // inputs a cloud rejects: the corpus walk checks their errors
          }
          if (result.groups.length < 2) continue;
          files++;
          for (const [level, grouped] of [
            ['lossy', true],
            ['wider', false],
          ] as const) {
            const flags = ['--fail-on', level, ...(grouped ? ['--group-findings'] : [])];
            const expected = `${JSON.stringify(grouped ? withGroupedFindings(result) : result, null, 2)}\n`;
            const status = failsOn(result, level) ? 1 : 0;
            for (const jobs of ['1', '2']) {
              const what = `${name} ${flags.join(' ')} --jobs ${jobs}`;
              const out = `corpus-${jobs}.json`;
              const r = cli('convert', input, '--to', to, '--format', 'json', ...flags, '--jobs', jobs, '-o', out);
              expect(r.status, what).toBe(status);
              const reason = failOnReason(result.groups.map(summariseGroup), level);
              expect(r.stderr, what).toBe(
                status === 0 ? '' : `sgbridge convert: exit 1: ${reason} (report in ${out})\n`,
              );
              expect(readFileSync(path.join(dir, out), 'utf8') === expected, what).toBe(true);
            }
          }
        }
      }
      expect(files).toBeGreaterThanOrEqual(5);
    },
  );

  test('an error in one group: the same one line and exit 2 as in one thread, nothing written', () => {
    writeFileSync(path.join(dir, 'bad.json'), modelWithBadGroups());
    const run = (jobs: string, out: string) =>
      cli('convert', 'bad.json', '--to', 'aliyun', '--emit', 'request', '--format', 'json', '--jobs', jobs, '-o', out);
    const one = run('1', 'one.json');
    expect(one.status).toBe(2);
    expect(one.stderr).toBe(
      'bad.json: /groups/41/rules/0: [InvalidPriority.ValueNotSupported] priority 110 is outside 1..100\n',
    );
    // One thread serialises group by group too: the groups before the failing one are never written.
    expect(one.stdout).toBe('');
    expect(existsSync(path.join(dir, 'one.json'))).toBe(false);
    expect(cli('convert', 'bad.json', '--to', 'aliyun', '--emit', 'request', '--format', 'json').stdout).toBe('');
    for (const jobs of ['2', '4']) {
      const many = run(jobs, `many${jobs}.json`);
      expect(many.status).toBe(2);
      expect(many.stderr).toBe(one.stderr);
      expect(many.stdout).toBe('');
      expect(existsSync(path.join(dir, `many${jobs}.json`))).toBe(false);
    }
    // --fail-on and --group-findings take the same path: still exit 2, nothing written.
    for (const jobs of ['1', '2']) {
      const flagged = cli(
        'convert',
        'bad.json',
        '--to',
        'aliyun',
        '--emit',
        'request',
        '--format',
        'json',
        '--fail-on',
        'lossy',
        '--group-findings',
        '--jobs',
        jobs,
        '-o',
        `flagged${jobs}.json`,
      );
      expect(flagged.status).toBe(2);
      expect(flagged.stderr).toBe(one.stderr);
      expect(existsSync(path.join(dir, `flagged${jobs}.json`))).toBe(false);
    }
  });

  test('a DescribeSecurityGroups output with a bad value in a late group, read groupwise: the same error, nothing written', () => {
    const doc = JSON.parse(awsText(120, 23)) as {
      SecurityGroups: { IpPermissions: { IpRanges: { CidrIp: string }[] }[] }[];
    };
    doc.SecurityGroups[100]!.IpPermissions.find((p) => p.IpRanges.length > 0)!.IpRanges[0]!.CidrIp = '10.0.0.0/33';
    writeFileSync(path.join(dir, 'late.json'), JSON.stringify(doc));
    const run = (jobs: string, out: string) =>
      cli('convert', 'late.json', '--to', 'aliyun', '--format', 'json', '--jobs', jobs, '-o', out);
    const one = run('1', 'late1.json');
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/^late\.json: \/SecurityGroups\/100\/IpPermissions\/\d+\/IpRanges\/0\/CidrIp: \[/);
    for (const jobs of ['2', '3']) {
      const many = run(jobs, `late${jobs}.json`);
      expect(many.status).toBe(2);
      expect(many.stderr).toBe(one.stderr);
      expect(existsSync(path.join(dir, `late${jobs}.json`))).toBe(false);
    }
  });

  test('--jobs must be a whole number from 1', () => {
    writeFileSync(path.join(dir, 'small.json'), awsText(2));
    for (const jobs of ['0', '-1', 'two', '1.5', '']) {
      const r = cli('convert', 'small.json', '--to', 'aliyun', `--jobs=${jobs}`);
      expect(r.status, jobs).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`sgbridge convert: --jobs must be a whole number from 1 (got ${jobs})\n`);
    }
  });
});
