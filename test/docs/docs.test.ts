/**
 * The documentation cannot drift from the code: the CLI reference holds the current `--help` texts, every flag
 * a command accepts is in its help, relative links resolve, and the README stays short (details live in docs/).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_DOC, fillHelpBlocks, HELP_TEXTS, helpBlocks } from '../../scripts/cli-doc.js';
import { anchors, brokenLinks, documentedFiles, headingSlug, markdownLinks } from '../../scripts/doc-links.js';

const root = resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** The commands `sgbridge` dispatches to: the keys of COMMANDS in src/cli/main.ts. */
function dispatchedCommands(): string[] {
  return [
    ...read('src/cli/main.ts').matchAll(
      /^\s+([a-z]+): async \(\) => \(await import\('\.\/commands\/[a-z-]+\.js'\)\)/gm,
    ),
  ].map((m) => m[1]!);
}

/** The options each command passes to parseCommand, read from its source: `--name` and `-x` for a short form. */
function acceptedFlags(): Map<string, string[]> {
  const flags = new Map<string, string[]>();
  const dir = join(root, 'src/cli/commands');
  for (const file of readdirSync(dir)) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const call of source.matchAll(/parseCommand\('([a-z]+)', argv, \{([\s\S]*?)\n\s*\}\);/g)) {
      const names: string[] = [];
      for (const opt of call[2]!.matchAll(
        /^\s+'?([a-z][a-z-]*)'?: \{ type: '(?:string|boolean)'(?:, short: '([a-zA-Z])')?/gm,
      )) {
        names.push(`--${opt[1]}`);
        if (opt[2] !== undefined) names.push(`-${opt[2]}`);
      }
      flags.set(call[1]!, [...(flags.get(call[1]!) ?? []), ...names]);
    }
  }
  return flags;
}

describe('CLI reference (docs/cli.md)', () => {
  const doc = readFileSync(CLI_DOC, 'utf8');

  it('holds the current help text of every command (npx tsx scripts/cli-doc.ts --write)', () => {
    expect(doc).toBe(fillHelpBlocks(doc));
  });

  it('has one help block for sgbridge and for each command the CLI dispatches to', () => {
    const commands = dispatchedCommands();
    expect(commands).toContain('convert');
    expect(commands).toContain('audit');
    expect(helpBlocks(doc).sort()).toEqual(['sgbridge', ...commands].sort());
    expect(Object.keys(HELP_TEXTS).sort()).toEqual(['sgbridge', ...commands].sort());
  });

  it('names, in each command help, every flag that command accepts', () => {
    const flags = acceptedFlags();
    expect([...flags.keys()].sort()).toEqual(dispatchedCommands().sort());
    expect(flags.get('convert')).toContain('--split-over-quota');
    expect(flags.get('pull')).toContain('-o');
    const missing: string[] = [];
    for (const [command, names] of flags) {
      const help = HELP_TEXTS[command]!;
      for (const flag of names) {
        const shown = new RegExp(`(^|[\\s\\[(,])${flag.replace(/-/g, '\\-')}(?![a-z-])`, 'm');
        if (!shown.test(help)) missing.push(`${command} ${flag}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('fills a block from the help text and refuses a block with no help text', () => {
    const filled = fillHelpBlocks('x\n<!-- help:validate -->\nstale\n<!-- /help -->\ny\n');
    expect(filled).toBe(
      `x\n<!-- help:validate -->\n\`\`\`text\n${HELP_TEXTS['validate']!.trimEnd()}\n\`\`\`\n<!-- /help -->\ny\n`,
    );
    expect(() => fillHelpBlocks('<!-- help:nosuch -->\n<!-- /help -->')).toThrow(/no help text for the block "nosuch"/);
  });
});

describe('links of the README and docs/', () => {
  it('resolve to existing files and headings', () => {
    const files = documentedFiles(root);
    expect(files).toContain('README.md');
    expect(files).toContain('docs/cli.md');
    expect(files).toContain('adapters/aws/README.md');
    expect(brokenLinks(root, files)).toEqual([]);
  });

  it('the README links every document in docs/', () => {
    const linked = new Set(markdownLinks(read('README.md')).map((l) => l.target.split('#')[0]));
    const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md'));
    expect(docs.filter((f) => !linked.has(`docs/${f}`))).toEqual([]);
  });

  describe('the checker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgbridge-links-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports a missing file, a missing heading and an anchor into a non-Markdown file, and nothing in code', () => {
      mkdirSync(join(dir, 'docs'));
      writeFileSync(join(dir, 'docs/a.md'), '# A\n\n## Hosts, not points\n\n## Repeated\n\n## Repeated\n');
      writeFileSync(join(dir, 'data.json'), '{}');
      writeFileSync(
        join(dir, 'README.md'),
        [
          '[ok](docs/a.md#hosts-not-points) [ok too](docs/a.md#repeated-1) [web](https://example.com/x#y)',
          '[gone](docs/b.md) [no heading](docs/a.md#nowhere)',
          '[json](data.json#x) [self](#top)',
          '`[in code](docs/missing.md)`',
          '```',
          '[in a fence](docs/missing.md)',
          '```',
          '# Top',
        ].join('\n'),
      );
      expect(statSync(join(dir, 'README.md')).isFile()).toBe(true);
      expect(brokenLinks(dir, ['README.md'])).toEqual([
        'README.md:2: docs/b.md: no file docs/b.md',
        'README.md:2: docs/a.md#nowhere: no heading #nowhere in docs/a.md',
        'README.md:3: data.json#x: an anchor into a file that is not Markdown',
      ]);
    });

    it('makes heading IDs as GitHub does', () => {
      expect(headingSlug('IAM / RAM policies')).toBe('iam--ram-policies');
      expect(headingSlug('`ALL` cut by a drop, to AWS')).toBe('all-cut-by-a-drop-to-aws');
      expect(headingSlug('TCP/UDP port 0 is not traffic')).toBe('tcpudp-port-0-is-not-traffic');
      expect(headingSlug('The plan as Terraform (import blocks)')).toBe('the-plan-as-terraform-import-blocks');
      expect([...anchors('# X\n```\n# not a heading\n```\n## X\n<a id="kept"></a>\n')]).toEqual(['x', 'x-1', 'kept']);
    });
  });
});

describe('README', () => {
  it('stays within about 10 KB: the details belong in docs/', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThanOrEqual(10 * 1024);
  });

  it('gives the install and test commands exactly as CI runs them (.ci/run)', () => {
    const ci = read('.ci/run');
    const readme = read('README.md');
    for (const line of ['npm ci && npm run demo', 'npm test']) {
      expect(ci).toContain(`\n${line}\n`);
      expect(readme).toContain(`\n${line}\n`);
    }
  });
});
