/** Exposure ranking: peer classes, management and database ports, levels, and the sourced tables' invariants. */
import { describe, expect, test } from 'vitest';
import { NON_PUBLIC_BLOCKS, SENSITIVE_PORTS } from '../../tables/exposure.js';
import { canonicalCidr } from '../../src/address/index.js';
import { coversInternet, exposureOf, peerClass, sensitivePorts } from '../../src/audit/exposure.js';
import type { Region } from '../../src/semantics/api.js';

const region = (r: Partial<Region>): Region => ({ direction: 'ingress', protocol: 6, peers: [], text: '', ...r });

describe('peer classes', () => {
  test.each([
    ['0.0.0.0/0', 'internet'],
    ['::/0', 'internet'],
    ['52.0.0.0/8', 'public-large'],
    ['52.94.0.0/16', 'public-large'],
    ['52.94.0.0/22', 'public'],
    ['203.0.114.7/32', 'public'],
    ['2600::/16', 'public-large'],
    ['2600:1f00::/40', 'public'],
    ['10.0.0.0/8', 'private'],
    ['10.20.1.0/24', 'private'],
    ['172.31.0.0/16', 'private'],
    ['192.168.1.1/32', 'private'],
    ['100.64.0.0/10', 'private'],
    ['fd00::/8', 'private'],
    ['fe80::/64', 'private'],
    ['8.0.0.0/6', 'public-large'], // holds 10.0.0.0/8 and public space: public
    ['sg-0123', 'reference'],
    ['pl-0abc', 'reference'],
    ['any group or prefix list except sg-1', 'reference'],
  ])('should class %s as %s', (peer, expected) => {
    expect(peerClass(peer)).toBe(expected);
  });

  test('should call every public address the internet, even cut into pieces around private ranges', () => {
    const internetMinusVpc = [
      '0.0.0.0/5',
      '8.0.0.0/7',
      '10.0.0.0/12',
      '10.16.0.0/14',
      '10.21.0.0/16',
      '10.22.0.0/15',
      '10.24.0.0/13',
      '10.32.0.0/11',
      '10.64.0.0/10',
      '10.128.0.0/9',
      '11.0.0.0/8',
      '12.0.0.0/6',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/2',
      '128.0.0.0/1',
    ];
    expect(coversInternet(internetMinusVpc)).toBe(true);
    expect(exposureOf(region({ peers: internetMinusVpc, ports: { from: 22, to: 22 } })).peer).toBe('internet');
    // One public /8 missing: no longer the whole internet.
    expect(coversInternet(internetMinusVpc.filter((c) => c !== '11.0.0.0/8'))).toBe(false);
    expect(coversInternet(['::/1', '8000::/1'])).toBe(true);
    expect(coversInternet(['10.0.0.0/8'])).toBe(false);
  });
});

describe('management and database ports', () => {
  test('should find SSH in a range, every listed TCP service in all ports, and none for ICMP', () => {
    expect(sensitivePorts(region({ ports: { from: 20, to: 25 } })).map((h) => h.port)).toEqual([22, 23]);
    const all = sensitivePorts(region({ protocol: 'all' }));
    expect(new Set(all.map((h) => h.port))).toEqual(new Set(SENSITIVE_PORTS.map((p) => p.port)));
    expect(sensitivePorts(region({ protocol: 1, ports: undefined }))).toEqual([]);
  });

  test('should match a service only on the transport it listens on', () => {
    expect(sensitivePorts(region({ protocol: 17, ports: { from: 161, to: 161 } })).map((h) => h.service)).toEqual([
      'SNMP',
    ]);
    expect(sensitivePorts(region({ protocol: 6, ports: { from: 161, to: 161 } }))).toEqual([]);
    expect(
      sensitivePorts(region({ protocol: 6, protocols: { from: 6, to: 17 }, ports: { from: 3389, to: 3389 } })).map(
        (h) => h.protocol,
      ),
    ).toEqual(['tcp', 'udp']);
  });
});

describe('levels and ranking', () => {
  const level = (r: Partial<Region>) => exposureOf(region(r)).level;
  test.each([
    [{ peers: ['0.0.0.0/0'], ports: { from: 22, to: 22 } }, 'critical'],
    [{ peers: ['::/0'], protocol: 'all' as const }, 'critical'],
    [{ peers: ['0.0.0.0/0'], ports: { from: 443, to: 443 } }, 'high'],
    [{ peers: ['52.0.0.0/8'], ports: { from: 3306, to: 3306 } }, 'high'],
    [{ peers: ['52.0.0.0/8'], ports: { from: 443, to: 443 } }, 'medium'],
    [{ peers: ['198.51.99.0/24'], ports: { from: 22, to: 22 } }, 'medium'],
    [{ peers: ['10.0.0.0/8'], ports: { from: 22, to: 22 } }, 'low'],
    [{ peers: ['sg-1'], ports: { from: 22, to: 22 } }, 'low'],
    [{ direction: 'egress' as const, peers: ['0.0.0.0/0'], ports: { from: 22, to: 22 } }, 'medium'],
    [{ direction: 'egress' as const, peers: ['10.0.0.0/8'], protocol: 'all' as const }, 'low'],
  ])('should rank %j as %s', (r, expected) => {
    expect(level(r)).toBe(expected);
  });

  test('should order peers over ports over direction', () => {
    const score = (r: Partial<Region>) => exposureOf(region(r)).score;
    const ordered = [
      score({ peers: ['0.0.0.0/0'], ports: { from: 22, to: 22 } }),
      score({ peers: ['0.0.0.0/0'], ports: { from: 443, to: 443 } }),
      score({ peers: ['52.0.0.0/8'], ports: { from: 443, to: 443 } }),
      score({ peers: ['52.1.2.0/24'], ports: { from: 443, to: 443 } }),
      score({ peers: ['10.0.0.0/8'], ports: { from: 22, to: 22 } }),
      score({ peers: ['10.0.0.0/8'], ports: { from: 443, to: 443 } }),
      score({ direction: 'egress', peers: ['10.0.0.0/8'], ports: { from: 443, to: 443 } }),
      score({ peers: ['sg-1'], ports: { from: 443, to: 443 } }),
    ];
    expect([...ordered].sort((x, y) => y - x)).toEqual(ordered);
    expect(new Set(ordered).size).toBe(ordered.length);
  });
});

describe('the tables', () => {
  test('should list each port once per protocol, with a source', () => {
    const keys = SENSITIVE_PORTS.flatMap((p) => p.protocols.map((proto) => `${proto}/${p.port}`));
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of SENSITIVE_PORTS) expect(p.source.length).toBeGreaterThan(0);
    for (const port of [22, 3389, 3306, 5432, 6379, 27017, 9200])
      expect(SENSITIVE_PORTS.some((p) => p.port === port)).toBe(true);
  });

  test('should hold canonical network CIDRs, each with a source', () => {
    for (const b of NON_PUBLIC_BLOCKS) {
      expect(canonicalCidr(b.cidr)).toBe(b.cidr);
      expect(b.source).not.toBe('');
    }
  });
});
