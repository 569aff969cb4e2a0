/**
 * `-o` written piece by piece (src/cli/io.ts `openOutputFile`): the pieces land in a temp file beside the
 * target, which only `commit` renames over it; `discard` and a failed write leave the target as it was and
 * no temp file.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openOutputFile, type CliIO } from '../../src/cli/io.js';
import { TranslateError } from '../../src/errors.js';

let dir = '';
const io = (): CliIO => ({
  stdout: () => undefined,
  stderr: () => undefined,
  readStdin: () => Promise.resolve(''),
  stdoutIsTTY: false,
  env: {},
  cwd: dir,
});
const temps = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sgbridge-output-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('openOutputFile', () => {
  test('pieces are written in order to a temp file, and the target appears only on commit', () => {
    const file = openOutputFile('doc.json', io());
    file.write('{\n  "a": ');
    file.write('"é ✓"');
    expect(existsSync(path.join(dir, 'doc.json'))).toBe(false);
    expect(temps()).toHaveLength(1);
    file.write('\n}\n');
    file.commit();
    expect(readFileSync(path.join(dir, 'doc.json'), 'utf8')).toBe('{\n  "a": "é ✓"\n}\n');
    expect(temps()).toEqual([]);
  });

  test('commit with no piece writes an empty file; discard keeps an existing target as it was', () => {
    const empty = openOutputFile('empty.txt', io());
    empty.commit();
    expect(readFileSync(path.join(dir, 'empty.txt'), 'utf8')).toBe('');
    writeFileSync(path.join(dir, 'kept.json'), 'before\n');
    const file = openOutputFile('kept.json', io());
    file.write('half a document');
    file.discard();
    file.discard();
    expect(readFileSync(path.join(dir, 'kept.json'), 'utf8')).toBe('before\n');
    expect(temps()).toEqual([]);
  });

  test('a write that fails is a usage error naming the file, with nothing left behind', () => {
    const file = openOutputFile('no/such/folder/out.json', io());
    let error: unknown;
    try {
      file.write('x');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).code).toBe('usage');
    expect((error as TranslateError).message).toMatch(/^cannot write no\/such\/folder\/out\.json: ENOENT/);
    expect(temps()).toEqual([]);
  });
});
