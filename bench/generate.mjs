/**
 * Generated benchmark data, all from fixed seeds:
 * - an Aliyun fleet (DescribeSecurityGroupAttribute responses, as the API returns them: string priorities,
 *   empty strings for unused fields) with a realistic mix of drops, priorities, IPv6, group references and
 *   wide and narrow CIDRs;
 * - canonical-model groups of n rules for the engine's scaling curve (30% drops, overlapping CIDRs and ports);
 * Nothing here is tuned to the code under test: the mixes follow what real groups look like.
 */
import ipaddr from 'ipaddr.js';
import { randomTools } from './prng.mjs';

// ---------------------------------------------------------------- addresses

/** A canonical IPv4 CIDR: `base` (32-bit int) with the host bits cleared. */
function ipv4Text(value, bits) {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const v = (value & mask) >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}/${bits}`;
}

/** A canonical IPv6 CIDR from 16 bytes with the host bits cleared (ipaddr.js writes the compressed form). */
function ipv6Text(bytes, bits) {
  const out = bytes.slice();
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] &= keep === 0 ? 0 : (0xff << (8 - keep)) & 0xff;
  }
  return `${ipaddr.fromByteArray(out).toString()}/${bits}`;
}

/**
 * Address pools that make CIDRs overlap and nest the way real rule sets do: a few private ranges, a few
 * public provider ranges, and the occasional anywhere.
 */
const V4_POOLS = [
  [0x0a000000, 8], // 10.0.0.0/8
  [0xac100000, 12], // 172.16.0.0/12
  [0xc0a80000, 16], // 192.168.0.0/16
  [0x2f000000, 8], // 47.0.0.0/8 (Aliyun public space)
  [0x36000000, 8], // 54.0.0.0/8 (AWS public space)
  [0x79280000, 13], // 121.40.0.0/13
];
const V6_POOLS = [
  [[0x20, 0x01, 0x0d, 0xb8], 32], // 2001:db8::/32
  [[0x24, 0x08, 0x40, 0x00], 20], // 2408:4000::/20
  [[0xfd, 0x00], 8], // fd00::/8
];

function v4InPool(rnd, bits) {
  const [base, poolBits] = rnd.pick(V4_POOLS);
  const hostBits = 32 - poolBits;
  const host = hostBits === 0 ? 0 : Math.floor(rnd.next() * 2 ** hostBits);
  return ipv4Text((base + host) >>> 0, bits);
}

function v6InPool(rnd, bits) {
  const [prefix] = rnd.pick(V6_POOLS);
  const bytes = new Array(16).fill(0).map(() => rnd.int(0, 255));
  prefix.forEach((b, i) => (bytes[i] = b));
  return ipv6Text(bytes, bits);
}

/** Wide (anywhere, /8../16) or narrow (/24../32) IPv4. */
function ipv4Cidr(rnd) {
  return rnd.weighted([
    [12, () => '0.0.0.0/0'],
    [18, () => v4InPool(rnd, rnd.pick([8, 12, 16]))],
    [40, () => v4InPool(rnd, rnd.pick([20, 24, 24, 26]))],
    [30, () => v4InPool(rnd, rnd.pick([28, 32, 32]))],
  ])();
}

function ipv6Cidr(rnd) {
  return rnd.weighted([
    [12, () => '::/0'],
    [28, () => v6InPool(rnd, rnd.pick([32, 48]))],
    [35, () => v6InPool(rnd, rnd.pick([56, 64, 64]))],
    [25, () => v6InPool(rnd, rnd.pick([96, 128]))],
  ])();
}

const COMMON_PORTS = [22, 80, 443, 3306, 5432, 6379, 8080, 8443, 53, 3389, 9200, 27017, 11211, 25, 123];

/** Destination ports: mostly one well-known port, some ranges, some "all". */
function portRange(rnd) {
  return rnd.weighted([
    [
      55,
      () => {
        const p = rnd.pick(COMMON_PORTS);
        return [p, p];
      },
    ],
    [
      15,
      () => {
        const p = rnd.int(1024, 60000);
        return [p, p];
      },
    ],
    [
      20,
      () => {
        const a = rnd.pick([1024, 3000, 8000, 30000, rnd.int(1, 60000)]);
        return [a, Math.min(65535, a + rnd.int(1, 5000))];
      },
    ],
    [10, () => [1, 65535]],
  ])();
}

// ---------------------------------------------------------------- Aliyun fleet

const PERMISSION_FIELDS = [
  'SourceCidrIp',
  'Ipv6SourceCidrIp',
  'SourceGroupId',
  'SourceGroupName',
  'SourceGroupOwnerAccount',
  'SourcePortRange',
  'SourcePrefixListId',
  'DestCidrIp',
  'Ipv6DestCidrIp',
  'DestGroupId',
  'DestGroupName',
  'DestGroupOwnerAccount',
  'DestPrefixListId',
  'Description',
];

export function fleetGroupId(index) {
  return `sg-bench${String(index).padStart(12, '0')}`;
}

/** One Permission as DescribeSecurityGroupAttribute returns it. */
function aliyunPermission(rnd, groupIndex, groupCount, ruleIndex) {
  const direction = rnd.chance(0.25) ? 'egress' : 'ingress';
  const drop = rnd.chance(0.2);
  const peerKind = rnd.weighted([
    [60, 'v4'],
    [20, 'v6'],
    [20, 'group'],
  ]);
  let protocol = rnd.weighted([
    [60, 'TCP'],
    [15, 'UDP'],
    [10, 'ICMP'],
    [15, 'ALL'],
  ]);
  if (protocol === 'ICMP' && peerKind === 'v6') protocol = 'TCP'; // Aliyun ICMP is IPv4 only
  const ports = protocol === 'TCP' || protocol === 'UDP' ? portRange(rnd) : [-1, -1];
  // Drops sit at high priority (small numbers); accepts are mostly the default 1 with some spread.
  const priority = drop
    ? rnd.weighted([
        [50, 1],
        [50, rnd.int(1, 20)],
      ])
    : rnd.weighted([
        [60, 1],
        [40, rnd.int(1, 100)],
      ]);
  const perm = Object.fromEntries(PERMISSION_FIELDS.map((f) => [f, '']));
  const side = direction === 'ingress' ? 'Source' : 'Dest';
  if (peerKind === 'v4') perm[`${side}CidrIp`] = ipv4Cidr(rnd);
  else if (peerKind === 'v6') perm[`Ipv6${side}CidrIp`] = ipv6Cidr(rnd);
  else {
    // Same-account references to other groups of the fleet, self-references included.
    const target = rnd.chance(0.2) ? groupIndex : rnd.int(0, groupCount - 1);
    perm[`${side}GroupId`] = fleetGroupId(target);
  }
  if (rnd.chance(0.3)) perm.Description = `rule ${ruleIndex} ${drop ? 'block' : 'allow'} ${protocol.toLowerCase()}`;
  return {
    SecurityGroupRuleId: `sgr-bench${String(groupIndex).padStart(6, '0')}${String(ruleIndex).padStart(4, '0')}`,
    Direction: direction,
    IpProtocol: protocol,
    PortRange: `${ports[0]}/${ports[1]}`,
    Policy: drop ? 'Drop' : 'Accept',
    Priority: String(priority),
    NicType: 'intranet',
    CreateTime: `2024-0${rnd.int(1, 9)}-1${rnd.int(0, 9)}T0${rnd.int(0, 9)}:2${rnd.int(0, 9)}:38Z`,
    ...perm,
  };
}

/** A DescribeSecurityGroupAttribute response with `rules` permissions. */
export function aliyunGroup(rnd, groupIndex, groupCount, rules) {
  const id = fleetGroupId(groupIndex);
  return {
    RequestId: `00000000-0000-4000-8000-${String(groupIndex).padStart(12, '0')}`,
    RegionId: 'cn-hangzhou',
    SecurityGroupId: id,
    SecurityGroupName: `bench-${groupIndex}`,
    Description: `generated group ${groupIndex}`,
    VpcId: `vpc-bench${String(groupIndex % 40).padStart(8, '0')}`,
    InnerAccessPolicy: rnd.chance(0.8) ? 'Accept' : 'Drop',
    Permissions: {
      Permission: Array.from({ length: rules }, (_, r) => aliyunPermission(rnd, groupIndex, groupCount, r)),
    },
  };
}

/** The fleet: `groups` DescribeSecurityGroupAttribute responses of `rules` permissions each, in one array. */
export function aliyunFleet({ groups = 2000, rules = 50, seed = 20260101 } = {}) {
  const rnd = randomTools(seed);
  return Array.from({ length: groups }, (_, g) => aliyunGroup(rnd, g, groups, rules));
}

// ---------------------------------------------------------------- AWS fleet

export function awsGroupId(index) {
  return `sg-0bench${index.toString(16).padStart(12, '0')}`;
}

const AWS_OWNER = '123456789012';

/** One IpPermission of `peers` entries (AWS groups its peers by protocol and ports). */
function awsPermission(rnd, groupIndex, groupCount, peers) {
  const protocol = rnd.weighted([
    [60, 'tcp'],
    [15, 'udp'],
    [10, 'icmp'],
    [15, '-1'],
  ]);
  const perm = { IpProtocol: protocol, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] };
  if (protocol === 'tcp' || protocol === 'udp') [perm.FromPort, perm.ToPort] = portRange(rnd);
  else if (protocol === 'icmp') [perm.FromPort, perm.ToPort] = rnd.chance(0.5) ? [-1, -1] : [8, -1];
  for (let i = 0; i < peers; i++) {
    const kind = rnd.weighted([
      [60, 'v4'],
      [20, 'v6'],
      [17, 'group'],
      [3, 'prefixList'],
    ]);
    const described = rnd.chance(0.3) ? { Description: `peer ${i} of ${protocol}` } : {};
    if (kind === 'v4' || (kind === 'v6' && protocol === 'icmp'))
      perm.IpRanges.push({ CidrIp: ipv4Cidr(rnd), ...described });
    else if (kind === 'v6') perm.Ipv6Ranges.push({ CidrIpv6: ipv6Cidr(rnd), ...described });
    else if (kind === 'group') {
      const target = rnd.chance(0.2) ? groupIndex : rnd.int(0, groupCount - 1);
      perm.UserIdGroupPairs.push({ GroupId: awsGroupId(target), UserId: AWS_OWNER, ...described });
    } else perm.PrefixListIds.push({ PrefixListId: `pl-0bench${rnd.int(0, 9)}`, ...described });
  }
  return perm;
}

/** A DescribeSecurityGroups item holding `rules` peer entries (ingress and egress), allow-only as AWS is. */
export function awsGroup(rnd, groupIndex, groupCount, rules) {
  const ingress = [];
  const egress = [];
  let left = rules;
  const defaultEgress = rnd.chance(0.7); // most groups keep the default allow-all egress rule
  if (defaultEgress) {
    egress.push({
      IpProtocol: '-1',
      IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      Ipv6Ranges: [],
      PrefixListIds: [],
      UserIdGroupPairs: [],
    });
    left -= 1;
  }
  while (left > 0) {
    const peers = Math.min(
      left,
      rnd.weighted([
        [60, 1],
        [25, 2],
        [10, 3],
        [5, 5],
      ]),
    );
    (rnd.chance(defaultEgress ? 0.1 : 0.3) ? egress : ingress).push(awsPermission(rnd, groupIndex, groupCount, peers));
    left -= peers;
  }
  return {
    Description: `generated group ${groupIndex}`,
    GroupName: `bench-${groupIndex}`,
    IpPermissions: ingress,
    OwnerId: AWS_OWNER,
    GroupId: awsGroupId(groupIndex),
    IpPermissionsEgress: egress,
    VpcId: `vpc-0bench${String(groupIndex % 40).padStart(8, '0')}`,
    ...(rnd.chance(0.4) ? { Tags: [{ Key: 'team', Value: `team-${groupIndex % 7}` }] } : {}),
  };
}

/** The AWS fleet: one DescribeSecurityGroups output of `groups` groups with `rules` peer entries each. */
export function awsFleet({ groups = 2000, rules = 50, seed = 20260102 } = {}) {
  const rnd = randomTools(seed);
  return { SecurityGroups: Array.from({ length: groups }, (_, g) => awsGroup(rnd, g, groups, rules)) };
}

// ---------------------------------------------------------------- canonical groups (engine scaling)

/**
 * A canonical Aliyun group of `n` rules: 30% deny, priorities 1..100, TCP/UDP port ranges that overlap,
 * CIDR peers drawn from nested pools (IPv4 and IPv6), ingress and egress.
 */
export function canonicalGroup(n, { seed = 7, modelVersion = 1, id = 'sg-scale' } = {}) {
  // One rule stream for every n: the group of n rules is the first n rules of the group of 2n, so the curve
  // shows the cost of growth rather than of a different draw at each size.
  const rnd = randomTools(seed);
  const rules = [];
  for (let i = 0; i < n; i++) {
    const deny = rnd.chance(0.3);
    const v6 = rnd.chance(0.2);
    const protocol = rnd.weighted([
      [60, 6],
      [20, 17],
      [10, 'all'],
      [10, v6 ? 58 : 1],
    ]);
    const rule = {
      direction: rnd.chance(0.7) ? 'ingress' : 'egress',
      action: deny ? 'deny' : 'allow',
      priority: rnd.int(1, 100),
      protocol,
      peer: { kind: 'cidr', cidr: v6 ? ipv6Cidr(rnd) : ipv4Cidr(rnd) },
      origin: { provider: 'aliyun', pointer: `/Permissions/Permission/${i}` },
    };
    if (protocol === 6 || protocol === 17) {
      const [from, to] = portRange(rnd);
      rule.ports = { from, to };
    }
    rules.push(rule);
  }
  return { modelVersion, provider: 'aliyun', id, type: 'normal', innerAccessPolicy: 'accept', rules };
}
// ---------------------------------------------------------------- audit: the Aliyun counterpart of an AWS group

const ALIYUN_PROTOCOL = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', '-1': 'ALL' };

/**
 * The Aliyun DescribeSecurityGroupAttribute response a migration would have created for an AWS group: one
 * Accept per peer entry at priority 1, group references through `groupIdOf`, prefix lists through
 * `prefixListOf`, a lowest-priority drop of all egress when the AWS group does not allow all egress, and
 * InnerAccessPolicy Drop (AWS members reach each other only through a rule). ICMP types become "all ICMP",
 * as Aliyun cannot say less: such pairs differ (only the Aliyun side allows the other types), as they would
 * in a real migration.
 */
export function aliyunCounterpart(aws, groupIdOf, prefixListOf) {
  const permissions = [];
  for (const [direction, list] of [
    ['ingress', aws.IpPermissions],
    ['egress', aws.IpPermissionsEgress],
  ]) {
    const side = direction === 'ingress' ? 'Source' : 'Dest';
    for (const p of list) {
      const ports =
        p.IpProtocol === 'tcp' || p.IpProtocol === 'udp' ? `${Math.max(1, p.FromPort)}/${p.ToPort}` : '-1/-1';
      const base = {
        Direction: direction,
        IpProtocol: ALIYUN_PROTOCOL[p.IpProtocol],
        PortRange: ports,
        Policy: 'Accept',
        Priority: '1',
      };
      for (const r of p.IpRanges) permissions.push({ ...base, [`${side}CidrIp`]: r.CidrIp });
      for (const r of p.Ipv6Ranges) permissions.push({ ...base, [`Ipv6${side}CidrIp`]: r.CidrIpv6 });
      for (const r of p.UserIdGroupPairs) permissions.push({ ...base, [`${side}GroupId`]: groupIdOf(r.GroupId) });
      for (const r of p.PrefixListIds)
        permissions.push({ ...base, [`${side}PrefixListId`]: prefixListOf(r.PrefixListId) });
    }
  }
  const allEgress = aws.IpPermissionsEgress.some(
    (p) => p.IpProtocol === '-1' && p.IpRanges.some((r) => r.CidrIp === '0.0.0.0/0'),
  );
  if (!allEgress) {
    for (const peer of [{ DestCidrIp: '0.0.0.0/0' }, { Ipv6DestCidrIp: '::/0' }]) {
      permissions.push({
        Direction: 'egress',
        IpProtocol: 'ALL',
        PortRange: '-1/-1',
        Policy: 'Drop',
        Priority: '100',
        ...peer,
      });
    }
  } else
    permissions.push({
      Direction: 'egress',
      IpProtocol: 'ALL',
      PortRange: '-1/-1',
      Policy: 'Drop',
      Priority: '100',
      Ipv6DestCidrIp: '::/0',
    });
  return {
    RequestId: `00000000-0000-4000-8000-${aws.GroupId.slice(-12)}`,
    RegionId: 'cn-hongkong',
    SecurityGroupId: groupIdOf(aws.GroupId),
    SecurityGroupName: aws.GroupName,
    SecurityGroupType: 'normal',
    Description: aws.Description,
    InnerAccessPolicy: 'Drop',
    Permissions: { Permission: permissions },
  };
}
