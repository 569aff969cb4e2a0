/**
 * A few hundred cases of `npm run fuzz` (same seed files, same property) on every `npm test`: mutated payloads
 * through convert, diff, explain and validate never give an internal error or a stack trace, and every
 * rejection names file, pointer and code. `npm run fuzz` runs 10,000 and more.
 */
import { describe, expect, test } from 'vitest';
import { fuzz, loadSeeds, violation } from '../../scripts/fuzz/core.js';
import { mutateText, mutateValue } from '../../scripts/fuzz/mutate.js';
import { repoRoot } from '../convert/helpers.js';

describe('fuzzing', () => {
  test('the seeds are every example and input fixture (and the corpus when present)', () => {
    const files = loadSeeds(repoRoot).map((s) => s.file);
    expect(files).toEqual(
      expect.arrayContaining([
        'examples/aliyun-web-tier.json',
        'examples/model-provisioning.yaml',
        'test/fixtures/aws/describe-groups.xml',
        'test/fixtures/aliyun/request-flat.query',
      ]),
    );
    expect(files.some((f) => f.includes('.golden.'))).toBe(false);
  });

  test('mutations change the payload and never the seed', () => {
    const seed = { a: [1, 'x'], b: { c: 'd' } };
    const copy = structuredClone(seed);
    const out = mutateValue(seed, [
      { at: 3, kind: 'delete', value: null, n: 0 },
      { at: 0, kind: 'nest', value: 'k', n: 0 },
    ]);
    expect(seed).toEqual(copy);
    expect(out).not.toEqual(seed);
    expect(mutateText('<a>22</a>', [{ at: 0, kind: 'replace', value: 'x', n: 0 }])).toBe('<a>x</a>');
  });

  test('the property itself flags an internal error, a stack trace and a rejection without a code', () => {
    const run = (status: number, stderr: string) => ({
      command: 'convert - --to aws',
      run: { status, stdout: '', stderr },
    });
    expect(violation(run(70, 'internal error: boom\n'), ['<stdin>'])).toMatch(/internal error/);
    expect(violation(run(2, 'x\n    at f (a.js:1:2)\n'), ['<stdin>'])).toMatch(/stack trace/);
    expect(violation(run(2, '<stdin>: /a: no code here\n'), ['<stdin>'])).toMatch(/without file, pointer and code/);
    expect(
      violation(run(2, '<stdin>: /a: [InvalidParam.PortRange] 80/99999 is not a port range\n'), ['<stdin>']),
    ).toBeUndefined();
  });

  test('300 cases from a fixed seed keep the property', async () => {
    const figures = await fuzz({ root: repoRoot, seed: 20261130, numRuns: 300 });
    expect(figures.failure).toBeUndefined();
    expect(figures.cases).toBe(300);
    expect(figures.commands).toBe(1800);
  });
});
