/**
 * Protocol names and numbers per provider.
 * Sources: IANA protocol numbers; ECS AuthorizeSecurityGroup IpProtocol (SDK 7.11.6 doc: TCP, UDP, ICMP, GRE,
 * ALL, or a number 0-255 in some regions; ICMPv6 per console and terraform-provider-alicloud >= 1.262.0);
 * EC2 IpPermission.IpProtocol (tcp, udp, icmp, icmpv6, a number, or -1). reviewed: 2026-11-22
 */
export const TCP = 6;
export const UDP = 17;
export const ICMP = 1;
export const ICMPV6 = 58;
export const GRE = 47;

/** Protocols whose rules carry a destination port range (on both clouds). */
export const PORT_PROTOCOLS: readonly number[] = [TCP, UDP];
/** Protocols whose rules carry ICMP type/code (AWS FromPort/ToPort). */
export const ICMP_PROTOCOLS: readonly number[] = [ICMP, ICMPV6];

// prettier-ignore
export const PROTOCOL_NAMES = [
  // iana  aliyun (as Describe returns it)  aws
  [TCP,    'TCP',                           'tcp'],
  [UDP,    'UDP',                           'udp'],
  [ICMP,   'ICMP',                          'icmp'],
  /** [UNCERTAIN] spelling Describe returns for ICMPv6; terraform sends `icmpv6`, we write `ICMPv6` and read any case. */
  [ICMPV6, 'ICMPv6',                        'icmpv6'],
  /** AWS has no name for GRE; it is written as the number. */
  [GRE,    'GRE',                           '47'],
] as const;

/** Protocols AWS writes by name (tcp, udp, icmp, icmpv6): the ones kept when an "all" allow is split. */
export const AWS_NAMED_PROTOCOLS: readonly number[] = PROTOCOL_NAMES.filter((p) => !/^\d+$/.test(p[2])).map(
  (p) => p[0],
);

/** Sorted protocol numbers as ranges: `0, 2-5, 7-16`. */
export function protocolRangesText(sorted: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

export const ALIYUN_ALL = 'ALL';
export const AWS_ALL = '-1';

/** Names Aliyun takes for IpProtocol, lower-cased (it reads any case): the table's names and `all`. */
export const ALIYUN_PROTOCOL_TOKENS: readonly string[] = [
  ...PROTOCOL_NAMES.map((p) => p[1].toLowerCase()),
  ALIYUN_ALL.toLowerCase(),
];

/**
 * EC2's own spelling of each IpProtocol token it names (lower-cased input): a name or its protocol number gives
 * the name (`6` → `tcp`), `all` and `-1` give `-1`. Other numbers are kept as numbers; other names are rejected.
 */
export const AWS_PROTOCOL_TOKENS: Readonly<Record<string, string>> = Object.fromEntries([
  ...PROTOCOL_NAMES.filter((p) => !/^\d+$/.test(p[2])).flatMap((p): [string, string][] => [
    [p[2], p[2]],
    [String(p[0]), p[2]],
  ]),
  [AWS_ALL, AWS_ALL],
  ['all', AWS_ALL],
]);

export function aliyunProtocolName(protocol: number | 'all'): string | undefined {
  if (protocol === 'all') return ALIYUN_ALL;
  return PROTOCOL_NAMES.find((p) => p[0] === protocol)?.[1];
}

export function awsProtocolName(protocol: number | 'all'): string {
  if (protocol === 'all') return AWS_ALL;
  return PROTOCOL_NAMES.find((p) => p[0] === protocol)?.[2] ?? String(protocol);
}

/** Parse a provider protocol token (any case; names or numbers). undefined when unknown. */
export function parseProtocol(token: string): number | 'all' | undefined {
  const t = token.trim().toLowerCase();
  if (t === 'all' || t === '-1') return 'all';
  if (/^\d{1,3}$/.test(t)) {
    const n = Number(t);
    return n <= 255 ? n : undefined;
  }
  const hit = PROTOCOL_NAMES.find((p) => p[1].toLowerCase() === t || p[2] === t);
  return hit?.[0];
}
