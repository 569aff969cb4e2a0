import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { detectInput, readDetected } from '../../adapters/index.js';
import { modelAdapter } from '../../adapters/model/index.js';
import { parseInput } from '../../src/parse/text.js';
import { Report } from '../../src/report/report.js';
import { type TranslateError } from '../../src/errors.js';

const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

describe('detectInput', () => {
  test('should recognise each example by its shape', () => {
    expect(detectInput(parseInput(example('aliyun-web-tier.json'))).from).toBe('aliyun');
    expect(detectInput(parseInput(example('aws-icmp-ipv6-prefix.json'))).from).toBe('aws');
    expect(detectInput(parseInput(example('model-provisioning.yaml')))).toMatchObject({
      from: 'model',
      shape: 'model-document',
      adapter: modelAdapter,
    });
  });

  test('should read a model document and give hand-written rules an origin pointer', () => {
    const parsed = parseInput(example('model-provisioning.yaml'));
    const read = readDetected(parsed, detectInput(parsed), new Report());
    expect(read.groups).toHaveLength(1);
    expect(read.groups[0]!.pointer).toBe('/groups/0');
    expect(read.groups[0]!.rules[2]!.origin).toEqual({ provider: 'aws', pointer: '/groups/0/rules/2' });
  });

  test('should refuse a model document of another version', () => {
    const parsed = parseInput('{"modelVersion": 2, "groups": []}');
    const d = detectInput(parsed);
    expect(() => readDetected(parsed, d, new Report(), 'm.json')).toThrow(
      expect.objectContaining({
        code: 'model_version_mismatch',
        location: expect.objectContaining({ pointer: '/modelVersion' }),
      }),
    );
  });

  test('should name the bad value of an invalid model document', () => {
    const parsed = parseInput('{"modelVersion": 1, "groups": [{"provider": "gcp", "rules": []}]}');
    expect(() => readDetected(parsed, detectInput(parsed), new Report())).toThrow(
      expect.objectContaining({
        code: 'input_invalid',
        location: expect.objectContaining({ pointer: '/groups/0/provider' }),
      }),
    );
  });

  test('should say in one line what was expected for an unknown payload', () => {
    let error: TranslateError | undefined;
    try {
      detectInput(parseInput('{"hello": "world"}'));
    } catch (e) {
      error = e as TranslateError;
    }
    expect(error?.code).toBe('input_unrecognized');
    expect(error?.oneLine()).toMatch(
      /^\/: \[input_unrecognized\] not a security-group payload sgbridge reads: expected an Aliyun .*; or an AWS .*; or a sgbridge model document/,
    );
    expect(error?.oneLine()).not.toContain('\n');
  });

  test('should restrict detection to a forced source', () => {
    expect(() => detectInput(parseInput(example('aliyun-web-tier.json')), 'aws')).toThrow(/expected an AWS/);
  });
});
