/**
 * The fuzzer: fast-check mutations of every example, test fixture and corpus payload, each run in-process
 * through every command a user has (convert to AWS, to Aliyun and to the model, diff against the original,
 * explain, validate). The property: sgbridge never fails with an internal error (exit 70) or a stack trace,
 * and every rejection (exit 2) is one line per problem naming the file, the JSON pointer and a code.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { parseInput, type InputFormat } from '../../src/parse/text.js';
import { runCli, type CliRun } from './cli.js';
import { mutateText, mutateValue, mutations, type Json, type Mutation } from './mutate.js';

export interface Seed {
  /** Path relative to the project root (or to the shared corpus, as ../shared/corpus/…). */
  readonly file: string;
  readonly format: InputFormat;
  readonly text: string;
  readonly value: Json;
}

const INPUT = /\.(json|ya?ml|xml|query|txt)$/;

function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : INPUT.test(n) && !/\.golden\./.test(n) ? [p] : [];
  });
}

/** Every example, input fixture and (when present) corpus file, in a stable order. */
export function loadSeeds(root: string): Seed[] {
  const dirs = [
    'examples',
    'test/fixtures/aws',
    'test/fixtures/aliyun',
    'test/fixtures/fail-closed',
    '../shared/corpus',
  ];
  const files = dirs.flatMap((d) => walk(path.join(root, d))).sort();
  return files.flatMap((abs) => {
    const text = readFileSync(abs, 'utf8');
    try {
      const parsed = parseInput(text, abs);
      return [{ file: path.relative(root, abs), format: parsed.format, text, value: parsed.value as Json }];
    } catch {
      return [];
    }
  });
}

/** Percent-encoded; text that cannot be encoded (a lone surrogate) is written raw, as a careless client would. */
function queryText(t: string): string {
  try {
    return encodeURIComponent(t);
  } catch {
    return t.replace(/[&=\s]/g, '_');
  }
}

/** The mutated payload as text, in the seed's own format where that format can be written back. */
function serialize(seed: Seed, ms: readonly Mutation[]): string {
  if (seed.format === 'xml') return mutateText(seed.text, ms);
  const v = mutateValue(seed.value, ms);
  if (seed.format === 'yaml') return YAML.stringify(v);
  if (seed.format === 'query' && v !== null && typeof v === 'object' && !Array.isArray(v)) {
    return Object.entries(v)
      .map(([k, x]) => `${queryText(k)}=${queryText(typeof x === 'string' ? x : JSON.stringify(x))}`)
      .join('&');
  }
  return JSON.stringify(v);
}

const PACKETS = [
  'ingress tcp 10.0.0.5:22',
  'egress udp [2001:db8::1]:53',
  'ingress icmp 192.0.2.1 icmp=8/0',
  'ingress tcp sg-0123456789abcdef0:443',
  'egress gre pl-12345678',
];
const FORMATS = ['json', 'text', 'markdown'] as const;

export interface Case {
  readonly seed: number;
  readonly mutations: Mutation[];
  readonly format: (typeof FORMATS)[number];
  readonly packet: string;
  readonly skipInvalid: boolean;
  /** A reader forced on the payload (`--from`), so every reader meets every shape; undefined: detected. */
  readonly from: 'aws' | 'aliyun' | 'model' | undefined;
}

export const caseArb = (seeds: number): fc.Arbitrary<Case> =>
  fc.record({
    seed: fc.nat({ max: seeds - 1 }),
    mutations,
    format: fc.constantFrom(...FORMATS),
    packet: fc.constantFrom(...PACKETS),
    skipInvalid: fc.boolean(),
    from: fc.constantFrom(undefined, undefined, 'aws', 'aliyun', 'model'),
  });

export interface Outcome {
  readonly command: string;
  readonly run: CliRun;
}

/**
 * Usage errors a mutated input can cause through the fixed command lines: they are about the command, not a
 * value in the input (diff pairs groups in order, so A and B must hold as many).
 */
const USAGE = [/^A has \d+ groups and B has \d+; pick one of each with --group-a <id> and --group-b <id>$/];

/** Why a command's result breaks the property, or undefined when it keeps it. */
export function violation(o: Outcome, files: readonly string[]): string | undefined {
  const { status, stderr } = o.run;
  if (status === 70 || /internal error/.test(stderr)) return `internal error (exit ${status}): ${stderr.trim()}`;
  if (/\n\s+at .+:\d+:\d+/.test(stderr) || /^\s+at /m.test(stderr))
    return `stack trace on stderr: ${stderr.slice(0, 400)}`;
  if (![0, 1, 2].includes(status)) return `unexpected exit ${status}`;
  if (status === 2 && /^validate .*--format json/.test(o.command) && o.run.stdout !== '') {
    // validate --format json prints its issues as data on stdout.
    const doc = JSON.parse(o.run.stdout) as {
      file?: string;
      issues?: { pointer?: unknown; providerCode?: unknown; message?: unknown }[];
    };
    if (!files.includes(doc.file ?? '')) return `validate JSON names no file: ${o.run.stdout.slice(0, 200)}`;
    const bad = (doc.issues ?? []).find(
      (i) => typeof i.pointer !== 'string' || typeof i.providerCode !== 'string' || i.providerCode === '',
    );
    if (bad !== undefined || (doc.issues ?? []).length === 0)
      return `validate issue without pointer and code: ${JSON.stringify(bad ?? doc)}`;
    return undefined;
  }
  if (status === 2) {
    const lines = stderr.replace(/\n$/, '').split('\n');
    if (lines.length === 0 || lines[0] === '') return 'exit 2 with nothing on stderr';
    const names = files.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const line = new RegExp(`^(?:${names}): /[^\\n]*?: \\[[^\\]\\s]+\\] .`);
    const bad = lines.find((l) => !line.test(l) && !USAGE.some((u) => u.test(l)));
    if (bad !== undefined) return `rejection without file, pointer and code: ${JSON.stringify(bad.slice(0, 300))}`;
  }
  return undefined;
}

/** Every command on one mutated payload (read from stdin, as `-`). */
export async function runCase(seed: Seed, c: Case, root: string): Promise<Outcome[]> {
  const stdin = serialize(seed, c.mutations);
  const skip = c.skipInvalid ? ['--skip-invalid'] : [];
  const from = c.from !== undefined ? ['--from', c.from] : [];
  const commands: string[][] = [
    ['convert', '-', '--to', 'aws', '--format', c.format, ...skip],
    ['convert', '-', '--to', 'aliyun', '--format', c.format, '--emit', 'request', ...skip],
    ['convert', '-', '--to', 'model', '--format', c.format === 'markdown' ? 'json' : c.format, ...from, ...skip],
    ['diff', '-', seed.file, '--format', c.format, ...skip],
    ['explain', '-', '--packet', c.packet, '--format', c.format === 'markdown' ? 'text' : c.format, ...skip],
    ['validate', '-', '--format', c.format === 'markdown' ? 'text' : c.format, ...from],
  ];
  const out: Outcome[] = [];
  for (const argv of commands) out.push({ command: argv.join(' '), run: await runCli(argv, { cwd: root, stdin }) });
  return out;
}

export interface FuzzOptions {
  readonly root: string;
  readonly seed: number;
  readonly numRuns: number;
  /** Stop after the first failure (default true). */
  readonly endOnFailure?: boolean;
}

export interface FuzzFigures {
  readonly seed: number;
  /** Generated cases (mutated payloads), not counting the runs spent shrinking a failure. */
  readonly cases: number;
  /** Command runs, shrinking included. */
  readonly commands: number;
  readonly seedFiles: number;
  /** Command runs by exit status. */
  readonly byStatus: Record<string, number>;
  readonly ms: number;
  /** The first failure, shrunk: the seed file, the mutated input, the command and why. */
  readonly failure?: string;
}

export async function fuzz(options: FuzzOptions): Promise<FuzzFigures> {
  const seeds = loadSeeds(options.root);
  const byStatus: Record<string, number> = {};
  let commands = 0;
  const start = Date.now();
  const property = fc.asyncProperty(caseArb(seeds.length), async (c) => {
    const seed = seeds[c.seed]!;
    const outcomes = await runCase(seed, c, options.root);
    for (const o of outcomes) {
      commands++;
      byStatus[o.run.status] = (byStatus[o.run.status] ?? 0) + 1;
      const why = violation(o, ['<stdin>', seed.file]);
      if (why !== undefined)
        throw new Error(
          `${seed.file}: sgbridge ${o.command}: ${why}\ninput: ${serialize(seed, c.mutations).slice(0, 2000)}`,
        );
    }
  });
  const result = await fc.check(property, {
    seed: options.seed,
    numRuns: options.numRuns,
    endOnFailure: options.endOnFailure ?? true,
  });
  const failure = result.failed
    ? `${result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance)}\ncounterexample: ${JSON.stringify(result.counterexample)}\nreplay: seed ${result.seed}, path ${result.counterexamplePath}`
    : undefined;
  return {
    seed: options.seed,
    cases: result.numRuns,
    commands,
    seedFiles: seeds.length,
    byStatus,
    ms: Date.now() - start,
    ...(failure !== undefined && { failure }),
  };
}
