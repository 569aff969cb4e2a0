/**
 * Relative links of the project's Markdown must resolve: each `[text](path#anchor)` names a file that exists
 * and, when it has an anchor, a heading of that file (GitHub's heading IDs). Links inside code are not links.
 * `npx tsx scripts/doc-links.ts` prints every broken link and exits 1 if there is one; a test runs the check.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface DocLink {
  readonly target: string;
  readonly line: number;
}

/** The Markdown the checks cover: the README, docs/, and the READMEs of adapters, the benchmark and examples. */
export function documentedFiles(root: string): string[] {
  const inDir = (dir: string, keep: (name: string) => boolean): string[] =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir))
          .filter(keep)
          .sort()
          .map((name) => join(dir, name))
      : [];
  const readmesUnder = (dir: string): string[] =>
    inDir(dir, (name) => statSync(join(root, dir, name)).isDirectory())
      .filter((d) => existsSync(join(root, d, 'README.md')))
      .map((d) => join(d, 'README.md'));
  return [
    'README.md',
    ...inDir('docs', (name) => name.endsWith('.md')),
    ...readmesUnder('adapters'),
    'bench/README.md',
    ...readmesUnder('examples'),
  ].filter((f) => existsSync(join(root, f)));
}

/** The text with fenced code blocks and inline code spans blanked out (line breaks kept, so lines still count). */
function withoutCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, blank).replace(/`[^`\n]*`/g, blank);
}

/** Inline links `[text](target)` outside code, with the line they start on. */
export function markdownLinks(markdown: string): DocLink[] {
  const text = withoutCode(markdown);
  const links: DocLink[] = [];
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    links.push({ target: m[1]!, line: text.slice(0, m.index).split('\n').length });
  }
  return links;
}

/** A heading's ID as GitHub makes it: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown file offers: its headings' IDs (repeats get -1, -2, …) and explicit `<a id|name>`. */
export function anchors(markdown: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
  for (const m of text.matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const slug = headingSlug(m[1]!);
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    found.add(n === 0 ? slug : `${slug}-${n}`);
  }
  for (const m of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(m[1]!);
  return found;
}

/** Broken relative links of the given files (paths relative to root), one line each: `file:line: target: why`. */
export function brokenLinks(root: string, files: readonly string[]): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const markdown = readFileSync(join(root, file), 'utf8');
    for (const { target, line } of markdownLinks(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: … are not files of the project
      const [path = '', anchor] = target.split('#', 2);
      const resolved = path === '' ? join(root, file) : resolve(root, dirname(file), decodeURIComponent(path));
      const where = `${file}:${line}: ${target}`;
      if (!existsSync(resolved)) {
        problems.push(`${where}: no file ${relative(root, resolved)}`);
        continue;
      }
      if (anchor === undefined || anchor === '') continue;
      if (!resolved.endsWith('.md')) {
        problems.push(`${where}: an anchor into a file that is not Markdown`);
      } else if (!anchors(readFileSync(resolved, 'utf8')).has(decodeURIComponent(anchor))) {
        problems.push(`${where}: no heading #${anchor} in ${relative(root, resolved)}`);
      }
    }
  }
  return problems;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename ?? '')) {
  const root = resolve(import.meta.dirname ?? '.', '..');
  const problems = brokenLinks(root, documentedFiles(root));
  for (const p of problems) console.log(p);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
