/**
 * The public API: the names `sgbridge` (src/index.ts) and `sgbridge/live` (src/live/index.ts) export, pinned so
 * that adding, renaming or removing one is a deliberate change of this list. Each entry re-exports named
 * bindings only (no `export *`, which would publish internals), each with a one-line doc comment; the names
 * the README, docs/ and bench/ import from the package are among them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';
import { repoRoot } from './convert/helpers.js';

interface Surface {
  readonly values: string[];
  readonly types: string[];
  /** Statements other than `export { … } from`, and names without a one-line doc comment. */
  readonly problems: string[];
}

/** The names an entry module exports, read from its syntax: with named re-exports only, the syntax is the list. */
function surfaceOf(file: string): Surface {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const values: string[] = [];
  const types: string[] = [];
  const problems: string[] = [];
  for (const statement of source.statements) {
    const named =
      ts.isExportDeclaration(statement) &&
      statement.exportClause !== undefined &&
      ts.isNamedExports(statement.exportClause);
    if (!named || statement.moduleSpecifier === undefined) {
      problems.push(`not a named re-export: ${statement.getText().split('\n')[0]}`);
      continue;
    }
    for (const element of statement.exportClause.elements) {
      const name = element.name.text;
      (statement.isTypeOnly || element.isTypeOnly ? types : values).push(name);
      const docs = (ts.getLeadingCommentRanges(text, element.pos) ?? []).map((r) => text.slice(r.pos, r.end));
      if (!docs.some((d) => /^\/\*\*[^\n]*\*\/$/.test(d))) problems.push(`${name}: no one-line doc comment`);
    }
  }
  return { values: values.sort(), types: types.sort(), problems };
}

/** Names imported from a package entry in the Markdown and scripts users read: `import { a, type B } from 'sgbridge'`. */
function importedNames(entry: string): Map<string, string> {
  const files = [
    'README.md',
    ...readdirSync(path.join(repoRoot, 'docs'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const quoted = entry.replace('/', '\\/');
  const pattern = new RegExp(`import \\{([^}]*)\\} from '${quoted}'`, 'g');
  const names = new Map<string, string>();
  for (const file of files) {
    for (const m of readFileSync(path.join(repoRoot, file), 'utf8').matchAll(pattern)) {
      for (const n of m[1]!.split(',')) names.set(n.trim().replace(/^type /, ''), file);
    }
  }
  names.delete('');
  return names;
}

const MAIN_VALUES = [
  'ADAPTERS',
  'Action',
  'AliyunGroupType',
  'Cidr',
  'CidrPeer',
  'Direction',
  'EMPTY_MAPPING',
  'ERROR_CODES',
  'FINDING_CODES',
  'FINDING_CODE_LIST',
  'GroupPeer',
  'IAC_FORMATS',
  'IAC_READERS',
  'IAC_WRITERS',
  'IcmpMatch',
  'IcmpValue',
  'MODEL_SCHEMA_ID',
  'MODEL_VERSION',
  'MappingFile',
  'ModelDocument',
  'Origin',
  'Peer',
  'PortRange',
  'PrefixListPeer',
  'Protocol',
  'ProviderId',
  'Report',
  'Rule',
  'SOURCE_KINDS',
  'SecurityGroup',
  'Tag',
  'TranslateError',
  'applyRequest',
  'applyStep',
  'audit',
  'baseDigest',
  'checkState',
  'compareInputs',
  'compile',
  'convert',
  'convertDetailed',
  'convertEachInParallelToJson',
  'convertInParallel',
  'convertInParallelToJson',
  'convertInParallelToJsonPieces',
  'createMapping',
  'detectInput',
  'diff',
  'emitIac',
  'equivalent',
  'explain',
  'lint',
  'makeFinding',
  'meaning',
  'modelJsonSchema',
  'parseInput',
  'parseMapping',
  'parsePacket',
  'parseQuery',
  'plan',
  'planCreate',
  'planDocument',
  'planGroup',
  'readDetected',
  'renderAuditJson',
  'renderAuditMarkdown',
  'renderAuditSarif',
  'renderAuditText',
  'renderMarkdown',
  'renderPlanMarkdown',
  'renderPlanText',
  'renderText',
  'summaryLine',
  'toModelDocument',
  'verdict',
  'writtenGroups',
];
const MAIN_TYPES = [
  'Adapter',
  'Atom',
  'AuditGroupRef',
  'AuditInput',
  'AuditOptions',
  'AuditResult',
  'CanonicalPair',
  'ChangeSource',
  'CompareResult',
  'CompileOptions',
  'CompileResult',
  'ConvertDetail',
  'ConvertOptions',
  'ConvertResult',
  'ConvertTarget',
  'ConvertedGroup',
  'CreateOptions',
  'Decision',
  'Detail',
  'DetectedInput',
  'DiffResult',
  'DiffSide',
  'Difference',
  'Effect',
  'EffectOptions',
  'EffectResult',
  'ErrorCode',
  'ErrorLocation',
  'Explanation',
  'Finding',
  'FindingCode',
  'GroupComparison',
  'GroupRef',
  'IacFormat',
  'IacOutput',
  'InputFormat',
  'Mapping',
  'MappingFileInput',
  'Packet',
  'PairKind',
  'PairResult',
  'PairingMethod',
  'ParallelConvertOptions',
  'ParsedInput',
  'Plan',
  'PlanOptions',
  'PlanOrder',
  'PlanResult',
  'PlanStep',
  'ProviderIssue',
  'ReadOptions',
  'ReadResult',
  'Region',
  'RuleInput',
  'SarifOptions',
  'SdkRequest',
  'SecurityGroupInput',
  'Severity',
  'SourceKind',
  'SourceSummary',
  'StateCheck',
  'StepRequest',
  'TextOptions',
  'TranslatedChange',
  'UnpairedGroup',
  'Verdict',
];
const LIVE_VALUES = [
  'GroupPlan',
  'applyPlan',
  'ec2Client',
  'ecsClient',
  'formatLocation',
  'isLocation',
  'parseFaults',
  'parseLocation',
  'parsePlans',
  'pull',
  'readLiveGroup',
  'startEmulator',
];
const LIVE_TYPES = [
  'ApplyOptions',
  'ApplyReport',
  'ClientOptions',
  'CreatedVisibility',
  'Emulator',
  'EmulatorOptions',
  'FaultSpec',
  'LiveLocation',
  'PullOptions',
];

const sorted = (names: readonly string[]) => [...names].sort();

describe.each([
  {
    entry: 'sgbridge',
    file: 'src/index.ts',
    load: () => import('../src/index.js'),
    values: MAIN_VALUES,
    types: MAIN_TYPES,
  },
  {
    entry: 'sgbridge/live',
    file: 'src/live/index.ts',
    load: () => import('../src/live/index.js'),
    values: LIVE_VALUES,
    types: LIVE_TYPES,
  },
])('the public API of $entry ($file)', ({ entry, file, load, values, types }) => {
  const surface = surfaceOf(file);

  test('should re-export named bindings only, each with a one-line doc comment', () => {
    expect(surface.problems).toEqual([]);
  });

  test('should export exactly the pinned names (change the list here when the API changes on purpose)', async () => {
    expect(surface.values).toEqual(sorted(values));
    expect(surface.types).toEqual(sorted(types));
    // What a caller gets at run time is the pinned values, nothing more.
    expect(Object.keys(await load()).sort()).toEqual(sorted(values));
  });

  test('should export every name the README and docs import from it', () => {
    const exported = new Set([...values, ...types]);
    const missing = [...importedNames(entry)]
      .filter(([name]) => !exported.has(name))
      .map(([name, doc]) => `${name} (${doc})`);
    expect(missing).toEqual([]);
  });
});

test('should export every function the benchmark loads from the package entry (bench/lib.mjs)', () => {
  const used = [...readFileSync(path.join(repoRoot, 'bench/lib.mjs'), 'utf8').matchAll(/\bmain\.(\w+)/g)].map(
    (m) => m[1]!,
  );
  expect(used.length).toBeGreaterThan(5);
  expect(used.filter((name) => !MAIN_VALUES.includes(name))).toEqual([]);
});
