/**
 * Text output fits the terminal: COLUMNS, else the terminal's width, else 100; table cells and finding lines
 * wrap without losing a character; colour only on a terminal without NO_COLOR.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { outputWidth, type CliIO } from '../../src/cli/io.js';
import { convertDetailed } from '../../src/convert/convert.js';
import { createMapping } from '../../src/idmap/index.js';
import { renderText } from '../../src/report/render-text.js';
import { fitColumns, MIN_WRAP_WIDTH, wrapLine } from '../../src/report/wrap.js';
import { EXAMPLES } from '../convert/helpers.js';

const io = (env: Record<string, string>, tty: boolean, columns?: number): CliIO => ({
  stdout: () => {},
  stderr: () => {},
  readStdin: () => Promise.resolve(''),
  stdoutIsTTY: tty,
  ...(columns !== undefined ? { columns } : {}),
  env,
  cwd: '.',
});
const visible = (lines: readonly string[]) => lines.join(' ').replace(/\s+/g, '');

describe('width', () => {
  test('should take COLUMNS, else the terminal width, else 100', () => {
    expect(outputWidth(io({ COLUMNS: '72' }, true, 140))).toBe(72);
    expect(outputWidth(io({}, true, 140))).toBe(140);
    expect(outputWidth(io({}, false, 140))).toBe(100);
    expect(outputWidth(io({ COLUMNS: 'wide' }, false))).toBe(100);
    expect(outputWidth(io({ COLUMNS: '' }, false))).toBe(100);
  });
});

describe('wrapLine', () => {
  test('should keep every character, and keep lines within the width when words fit', () => {
    const word = fc.stringMatching(/^[a-z0-9/.:-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.nat({ max: 6 }),
        fc.array(word, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 20, max: 120 }),
        (indent, words, width) => {
          const text = `${' '.repeat(indent)}${words.join(' ')}`;
          const lines = wrapLine(text, width);
          expect(visible(lines)).toBe(text.replace(/\s+/g, ''));
          for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
          for (const l of lines.slice(1)) expect(l.startsWith(' '.repeat(indent + 2))).toBe(true);
        },
      ),
    );
  });

  test('should break a pointer before a slash, and a word longer than the line hard', () => {
    expect(wrapLine('/SecurityGroups/0/IpPermissionsEgress/12/Ipv6Ranges/3', 24)).toEqual([
      '/SecurityGroups/0',
      '  /IpPermissionsEgress',
      '  /12/Ipv6Ranges/3',
    ]);
    expect(wrapLine('x'.repeat(40), 16)).toEqual(['x'.repeat(16), `  ${'x'.repeat(14)}`, `  ${'x'.repeat(10)}`]);
    expect(wrapLine('short', 80)).toEqual(['short']);
  });
});

describe('fitColumns', () => {
  test('should shrink the named columns, the widest first, never below the minimum', () => {
    expect(fitColumns([50, 46, 8], [0, 1], 100, 2, 2)).toEqual([43, 43, 8]);
    expect(fitColumns([50, 46, 8], [0, 1], 80, 2, 2)).toEqual([33, 33, 8]);
    expect(fitColumns([50, 46, 8], [0, 1], 20, 2, 2)).toEqual([MIN_WRAP_WIDTH, MIN_WRAP_WIDTH, 8]);
    expect(fitColumns([10, 10], [0, 1], 100, 2, 2)).toEqual([10, 10]);
  });
});

describe('renderText with a width', () => {
  const map = createMapping(JSON.parse(readFileSync(path.join(EXAMPLES, 'mapping.json'), 'utf8')));
  const detail = (name: string, to: 'aws' | 'aliyun') =>
    convertDetailed(readFileSync(path.join(EXAMPLES, name), 'utf8'), { to, map });

  test.each([60, 80, 100, 132])('should fit %i columns and say everything the unlimited report says', (width) => {
    for (const [name, to] of [
      ['aliyun-web-tier.json', 'aws'],
      ['aws-icmp-ipv6-prefix.json', 'aliyun'],
    ] as const) {
      const d = detail(name, to);
      const fitted = renderText(d, { width });
      for (const line of fitted.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
      // The same characters but blanks (finding codes move under the source rule in parentheses when the
      // table is too wide, and the table's "findings" heading goes).
      const chars = (t: string) =>
        t
          .replace(/(^|\s)findings(?=\s|$)/g, ' ')
          .replace(/[\s(),]/g, '')
          .split('')
          .sort()
          .join('');
      expect(chars(fitted)).toBe(chars(renderText(d)));
    }
  });

  test('should leave a report that fits as it is, and colour only when asked', () => {
    const d = detail('aws-icmp-ipv6-prefix.json', 'aliyun');
    expect(renderText(d, { width: 1000 })).toBe(renderText(d));
    expect(renderText(d, { width: 80 })).not.toContain('\u001b[');
    expect(renderText(d, { width: 80, color: true })).toContain('\u001b[');
  });
});
