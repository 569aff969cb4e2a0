/**
 * canonicalCidr and the engine's address parser read plain IPv4 and IPv6 text without ipaddr.js; they must
 * agree with ipaddr.js (the reference below is the general path) on every text, valid or not.
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { canonicalCidr } from '../../src/model/address.js';
import { parseAddressValue } from '../../src/semantics/addresses.js';

function reference(text: string): string | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const a = slash < 0 ? s : s.slice(0, slash);
  let addr: ipaddr.IPv4 | ipaddr.IPv6 | undefined;
  if (ipaddr.IPv4.isValidFourPartDecimal(a)) addr = ipaddr.IPv4.parse(a);
  // A zone ID (`fe80::1%eth0`) is refused: neither cloud accepts one in a rule.
  else if (a.includes(':') && !a.includes('%') && ipaddr.IPv6.isValid(a)) addr = ipaddr.IPv6.parse(a);
  if (addr === undefined) return undefined;
  const max = addr.kind() === 'ipv4' ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const b = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(b) || Number(b) > max) return undefined;
    bits = Number(b);
  }
  const cidr = `${addr.toString()}/${bits}`;
  const network = addr.kind() === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(cidr) : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return `${network.toString()}/${bits}`;
}

function referenceValue(text: string): bigint | undefined {
  const t = text.trim();
  if (!t.includes(':')) return undefined;
  try {
    return BigInt(`0x${ipaddr.IPv6.parse(t).parts.map((p) => p.toString(16).padStart(4, '0')).join('')}`);
  } catch {
    return undefined;
  }
}

const EDGES = [
  '::', '::/0', '::1', '1::', '1:2:3:4:5:6:7::', '::1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8::', '1::2::3', ':::', '1:::2',
  '1:2', ':1::', '1::2:', 'fe80::1%eth0', '::ffff:1.2.3.4/96', '2001:DB8::/32', '0:0:1:0:0:1:0:0', '1:0:0:1:0:0:0:1', '00000::', 'g::',
  ' 2001:db8::1/64 ', '2001:db8::1/129', '2001:db8::1/', '2001:db8::1/0128', '1.2.3.4', ' 1.2.3.4/24 ', '01.2.3.4/8', '1.2.3.4/33',
  '1.2.3.4/032', '256.1.1.1/8', '255.255.255.255/1', '10.1', '0x0a.1.2.3/8', '1.2.3.4/-1', '',
];
const group = fc.oneof(fc.constant('0'), fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16)), fc.constantFrom('0000', 'ABCD', '12345', ''));
const ipv6Text = fc
  .tuple(fc.array(group, { maxLength: 9 }), fc.array(group, { maxLength: 9 }), fc.boolean())
  .map(([a, b, gap]) => (gap ? `${a.join(':')}::${b.join(':')}` : [...a, ...b].join(':')));
const ipv4Text = fc.tuple(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 4, maxLength: 4 })).map(([o]) => o.join('.'));
const text = fc
  .tuple(fc.oneof(ipv6Text, ipv4Text), fc.option(fc.integer({ min: 0, max: 130 }), { nil: undefined }))
  .map(([a, bits]) => (bits === undefined ? a : `${a}/${bits}`));

describe('address fast paths agree with ipaddr.js', () => {
  it('canonicalCidr on edge cases', () => {
    for (const t of EDGES) expect(canonicalCidr(t), t).toBe(reference(t));
    for (const t of ['fe80::1%eth0', 'fe80::1%eth0/64', 'fe80::%1/64']) expect(canonicalCidr(t), t).toBeUndefined();
  });
  it('canonicalCidr and parseAddressValue on random text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(canonicalCidr(t)).toBe(reference(t));
        if (!t.includes('/')) {
          const v = parseAddressValue(t);
          if (t.includes(':')) expect(v?.value).toBe(referenceValue(t));
        }
      }),
      { numRuns: 20000 },
    );
  });
});
