/** recordGroupPair: the created group's ID written into the mapping file, atomically, format kept, idempotent. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TranslateError } from '../../src/errors.js';
import { parseMapping } from '../../src/idmap/index.js';
import { recordGroupPair } from '../../src/idmap/write-back.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sgbridge-write-back-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('recordGroupPair', () => {
  test('should add the pair to a JSON file, keep its other sections, and leave it alone the second time', async () => {
    const file = path.join(dir, 'm.json');
    await writeFile(
      file,
      JSON.stringify({ accounts: { '210987654321': '1234567890123456' }, groups: { 'sg-a': 'sg-b' } }),
    );
    expect(await recordGroupPair(file, 'sg-t4n0apptier0001', 'sg-0123456789abcdef0')).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(JSON.parse(text)).toEqual({
      accounts: { '210987654321': '1234567890123456' },
      groups: { 'sg-a': 'sg-b', 'sg-t4n0apptier0001': 'sg-0123456789abcdef0' },
    });
    expect(await recordGroupPair(file, 'sg-t4n0apptier0001', 'sg-0123456789abcdef0')).toBe(false);
    // The pair read the other way round is the same pair.
    expect(await recordGroupPair(file, 'sg-0123456789abcdef0', 'sg-t4n0apptier0001')).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('should add a groups section to a YAML file, keeping its comments', async () => {
    const file = path.join(dir, 'm.yaml');
    await writeFile(file, '# IDs across clouds\nregions:\n  cn-hangzhou: ap-east-1 # same city\n');
    expect(await recordGroupPair(file, 'sg-0a1b2c3d4e5f60004', 'sg-t4nnew000001')).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).toContain('# IDs across clouds');
    expect(text).toContain('# same city');
    expect(parseMapping(text, file).counterpart('groups', 'sg-t4nnew000001')).toBe('sg-0a1b2c3d4e5f60004');
  });

  test('should refuse to pair an ID the file already pairs with another group, writing nothing', async () => {
    const file = path.join(dir, 'conflict.json');
    const original = JSON.stringify({ groups: { 'sg-src': 'sg-old' } });
    await writeFile(file, original);
    const error = await recordGroupPair(file, 'sg-src', 'sg-new').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranslateError);
    expect((error as TranslateError).message).toMatch(
      /"sg-src" is already paired with "sg-old"; the created group sg-new was not recorded/,
    );
    expect(await readFile(file, 'utf8')).toBe(original);
  });
});
