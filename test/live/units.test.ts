/** The small pieces of the live commands: locations, fault specs, the seeded generator, redaction, error lines. */
import { describe, expect, test } from 'vitest';
import { TranslateError } from '../../src/errors.js';
import { drawFault, parseFaults, seededRandom } from '../../src/emulate/faults.js';
import { knownSecrets, redactSecrets } from '../../src/live/credentials.js';
import { liveError } from '../../src/live/errors.js';
import { isLocation, parseLocation } from '../../src/live/location.js';

describe('locations', () => {
  test.each([
    ['aws:ap-east-1', { provider: 'aws', region: 'ap-east-1' }],
    ['aliyun:cn-hangzhou/sg-bp1abc', { provider: 'aliyun', region: 'cn-hangzhou', groupId: 'sg-bp1abc' }],
    [
      'aws:us-gov-west-1/sg-0123456789abcdef0',
      { provider: 'aws', region: 'us-gov-west-1', groupId: 'sg-0123456789abcdef0' },
    ],
  ])('should parse %s', (text, want) => {
    expect(isLocation(text)).toBe(true);
    expect(parseLocation(text)).toEqual(want);
  });

  test.each(['aws:', 'aws:Ap-East-1', 'aliyun:cn-hangzhou/web', 'aws:ap-east-1/sg-1/x'])(
    'should refuse %s with a usage error',
    (text) => {
      expect(() => parseLocation(text)).toThrow(TranslateError);
    },
  );

  test('should leave file paths alone', () => {
    expect(isLocation('examples/aliyun-web-tier.json')).toBe(false);
    expect(isLocation('-')).toBe(false);
  });
});

describe('faults', () => {
  test('should parse a spec and refuse unknown or out-of-range faults', () => {
    expect(parseFaults('throttle=0.3,5xx=0.05,drop=0.01,latency=20,lag=300')).toEqual({
      throttle: 0.3,
      serverError: 0.05,
      drop: 0.01,
      latency: 20,
      lag: 300,
    });
    expect(() => parseFaults('throttle=2')).toThrow(/rate from 0 to 1/);
    expect(() => parseFaults('flaky=0.1')).toThrow(/unknown fault/);
  });

  test('should draw the same faults from the same seed, at about the asked rates', () => {
    const spec = parseFaults('throttle=0.3,5xx=0.05');
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 2000 }, () => drawFault(spec, random).kind);
    };
    expect(draw(7)).toEqual(draw(7));
    const kinds = draw(7);
    const share = (k: string) => kinds.filter((x) => x === k).length / kinds.length;
    expect(share('throttle')).toBeGreaterThan(0.25);
    expect(share('throttle')).toBeLessThan(0.35);
    expect(share('server-error')).toBeGreaterThan(0.03);
    expect(share('server-error')).toBeLessThan(0.07);
  });
});

describe('credentials in messages', () => {
  test('should redact every known key value, and ignore short values', () => {
    const secrets = knownSecrets({ AWS_ACCESS_KEY_ID: 'AKIAEXAMPLEKEY12345', AWS_SECRET_ACCESS_KEY: 'x' });
    expect(secrets).toEqual(['AKIAEXAMPLEKEY12345']);
    expect(redactSecrets('key AKIAEXAMPLEKEY12345 rejected', secrets)).toBe('key *** rejected');
  });

  test('should turn SDK errors into one line with the meaning and the provider code', () => {
    const denied = liveError(
      Object.assign(new Error('not allowed'), { name: 'UnauthorizedOperation' }),
      'aws:ap-east-1',
      'DescribeSecurityGroups',
      [],
    );
    expect(denied.oneLine()).toBe(
      '[UnauthorizedOperation] aws:ap-east-1: DescribeSecurityGroups: access denied: the credentials may not call DescribeSecurityGroups (see "IAM / RAM policies" in docs/live.md) (not allowed)',
    );
    const expired = liveError(
      Object.assign(new Error('token expired'), {
        code: 'InvalidSecurityToken.Expired',
        data: { Code: 'InvalidSecurityToken.Expired' },
      }),
      'aliyun:cn-hangzhou',
      'DescribeSecurityGroups',
      [],
    );
    expect(expired.oneLine()).toMatch(/^\[InvalidSecurityToken\.Expired\] .*the credentials have expired/);
    const leaked = liveError(new Error('bad key AKIAEXAMPLEKEY12345'), 'aws:ap-east-1', 'X', ['AKIAEXAMPLEKEY12345']);
    expect(leaked.oneLine()).not.toContain('AKIAEXAMPLEKEY12345');
    const unreachable = liveError(
      Object.assign(new Error('getaddrinfo ENOTFOUND ec2.xx-nowhere-1.amazonaws.com'), { code: 'ENOTFOUND' }),
      'aws:xx-nowhere-1',
      'DescribeSecurityGroups',
      [],
    );
    expect(unreachable.oneLine()).toMatch(/cannot reach the endpoint \(ENOTFOUND\): unknown region or endpoint/);
  });
});
