/**
 * Every hint in the finding catalogue names only what exists and does what it says: each `--flag` is an option
 * of `sgbridge convert`, each mapping-file section is a key of the mapping schema, and each flag a hint offers
 * changes that very finding when passed (checked on one input per code).
 */
import { describe, expect, test } from 'vitest';
import { FINDING_CODES, FINDING_CODE_LIST } from '../../tables/finding-codes.js';
import { CONVERT_HELP, PLAN_HELP } from '../../src/cli/help.js';
import { convert, type ConvertOptions } from '../../src/convert/convert.js';
import { MappingFile } from '../../src/idmap/schema.js';

/** The options `sgbridge convert --help` lists (the help is what a user reads; the CLI test checks it parses). */
const flagsOf = (help: string) => new Set([...help.matchAll(/^ {2}(?:-\w, )?(--[a-z][a-z-]*)/gm)].map((m) => m[1]!));
const CONVERT_FLAGS = flagsOf(CONVERT_HELP);
/** Codes only `sgbridge plan` reports (plan_*) may name its options. */
const PLAN_FLAGS = flagsOf(PLAN_HELP);
const SECTIONS = new Set(Object.keys(MappingFile.shape));

function flagsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]!);
}

/** Words a hint presents as mapping-file sections: `under X …`, `X in the mapping file`, `X, in the mapping file`. */
function sectionsIn(text: string): string[] {
  if (!/mapping/.test(text)) return [];
  const named = [
    ...text.matchAll(/\bunder ([A-Za-z][\w.]*)/g),
    ...text.matchAll(/\b([A-Za-z][\w.]*),? in the mapping file/g),
    ...text.matchAll(/\bor ([a-z][A-Za-z.]*),? in the mapping file/g),
  ].map((m) => m[1]!);
  return named.filter((w) => !['the', 'a', 'its'].includes(w));
}

describe('finding hints', () => {
  test('the convert options are found in the help (sanity of the check itself)', () => {
    expect([...CONVERT_FLAGS]).toEqual(
      expect.arrayContaining(['--to', '--map', '--allow-widening', '--expand-protocols', '--skip-invalid', '--output']),
    );
  });

  test.each(FINDING_CODE_LIST)('%s: names only existing flags and mapping sections', (code) => {
    const { hint, message } = FINDING_CODES[code];
    for (const text of [hint, message]) {
      const flags = code.startsWith('plan_') ? PLAN_FLAGS : CONVERT_FLAGS;
      for (const flag of flagsIn(text)) expect(flags, `${code}: ${flag}`).toContain(flag);
      for (const section of sectionsIn(text)) expect(SECTIONS, `${code}: ${section}`).toContain(section);
      // A hint that sends the user to the mapping file names the section to edit.
      if (/mapping file/.test(text)) expect(sectionsIn(text).length, `${code}: ${text}`).toBeGreaterThan(0);
    }
  });

  test('the two wrong hints of issue 11 are fixed', () => {
    expect(FINDING_CODES.deny_not_representable.hint).not.toMatch(/--allow-widening/);
    expect(FINDING_CODES.unmapped_prefix_list.hint).toMatch(/prefixListEntries/);
    expect(FINDING_CODES.unmapped_prefix_list.hint).not.toMatch(/prefixLists\.entries/);
  });
});

interface Input {
  readonly format: 'json';
  readonly value: unknown;
}

const aliyun = (perm: Record<string, unknown>): Input => ({
  format: 'json' as const,
  value: {
    SecurityGroupId: 'sg-bp1hint00000001',
    InnerAccessPolicy: 'Drop',
    Permissions: { Permission: [{ Direction: 'ingress', Policy: 'Accept', Priority: '1', ...perm }] },
  },
});
const aws = (perm: Record<string, unknown>, egress: unknown[] = []): Input => ({
  format: 'json' as const,
  value: {
    SecurityGroups: [
      {
        GroupId: 'sg-0a1b2c3d4e5f6aaaa',
        GroupName: 'h',
        Description: 'hint',
        IpPermissions: [perm],
        IpPermissionsEgress: egress,
      },
    ],
  },
});

/** One input per code whose hint offers a flag, and what the flag must turn the finding into. */
const OFFERS: {
  code: keyof typeof FINDING_CODES;
  input: Input;
  to: 'aws' | 'aliyun';
  flag: keyof ConvertOptions;
  becomes?: keyof typeof FINDING_CODES;
}[] = [
  {
    code: 'source_ports_unsupported',
    to: 'aws',
    flag: 'allowWidening',
    becomes: 'widened_on_request',
    input: aliyun({ IpProtocol: 'TCP', PortRange: '22/22', SourcePortRange: '1024/65535', SourceCidrIp: '10.0.0.0/8' }),
  },
  {
    code: 'local_address_unsupported',
    to: 'aws',
    flag: 'allowWidening',
    becomes: 'widened_on_request',
    input: aliyun({ IpProtocol: 'TCP', PortRange: '22/22', DestCidrIp: '192.168.1.0/24', SourceCidrIp: '10.0.0.0/8' }),
  },
  {
    code: 'nic_type_internet',
    to: 'aws',
    flag: 'allowWidening',
    becomes: 'widened_on_request',
    input: aliyun({ IpProtocol: 'TCP', PortRange: '22/22', NicType: 'internet', SourceCidrIp: '0.0.0.0/0' }),
  },
  {
    code: 'icmp_type_unsupported',
    to: 'aliyun',
    flag: 'allowWidening',
    becomes: 'widened_on_request',
    input: aws({ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }),
  },
  {
    code: 'protocol_unsupported',
    to: 'aliyun',
    flag: 'allowWidening',
    becomes: 'widened_on_request',
    input: aws({ IpProtocol: '132', IpRanges: [{ CidrIp: '10.0.0.0/8' }] }),
  },
  {
    code: 'self_reference_unrepresentable',
    to: 'aliyun',
    flag: 'allowWidening',
    becomes: 'widened_on_request',
    input: aws({
      IpProtocol: 'tcp',
      FromPort: 22,
      ToPort: 22,
      UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f6aaaa' }],
    }),
  },
  {
    code: 'inner_access_partial',
    to: 'aliyun',
    flag: 'allowWidening',
    becomes: 'widened_on_request',
    input: aws({ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0a1b2c3d4e5f6aaaa' }] }, [
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ]),
  },
  {
    code: 'protocols_narrowed',
    to: 'aws',
    flag: 'expandProtocols',
    input: {
      format: 'json',
      value: {
        SecurityGroupId: 'sg-bp1hint00000002',
        InnerAccessPolicy: 'Drop',
        Permissions: {
          Permission: [
            {
              Direction: 'ingress',
              IpProtocol: 'UDP',
              PortRange: '53/53',
              SourceCidrIp: '0.0.0.0/0',
              Policy: 'Drop',
              Priority: '1',
            },
            {
              Direction: 'ingress',
              IpProtocol: 'ALL',
              PortRange: '-1/-1',
              SourceCidrIp: '10.0.0.0/8',
              Policy: 'Accept',
              Priority: '2',
            },
          ],
        },
      },
    },
  },
];

describe('a flag a hint offers does what the hint says', () => {
  test.each(OFFERS)('$code: --$flag', ({ code, input, to, flag, becomes }) => {
    expect(flagsIn(FINDING_CODES[code].hint).length).toBeGreaterThan(0);
    const before = convert(input, { to }).groups[0]!.findings;
    const at = before.find((f) => f.code === code)?.pointer;
    expect(at, `${code} is reported without the flag`).toBeDefined();
    const after = convert(input, { to, [flag]: true }).groups[0]!.findings;
    expect(
      after.some((f) => f.code === code && f.pointer === at),
      `${code} is gone with the flag`,
    ).toBe(false);
    if (becomes)
      expect(
        after.some((f) => f.code === becomes && f.pointer === at),
        `${becomes} at ${at}`,
      ).toBe(true);
  });
});
