/**
 * The two sides of an audit: each argument is a file, a directory of files (every file in it whose name ends
 * .json, .yaml, .yml, .xml or .txt, sorted, not recursive), or a live location. Files are read with the same
 * detection as every other command; a file that is not a security-group payload is an error naming it.
 *
 * Live locations (`aws:<region>[/<group>]`, `aliyun:<region>[/<group>]`, DESIGN §7) are read through
 * `LiveReader`, which the command receives from its caller (the CLI's reads the location as every command does,
 * through `sgbridge pull`). Without one, a live location is a usage error that says how to audit a pulled file.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { detectInput, readDetected } from '../../adapters/index.js';
import { assignToGroups } from '../convert/assign-findings.js';
import { TranslateError, withFile } from '../errors.js';
import { parseInput, type ParsedInput } from '../parse/text.js';
import { Report } from '../report/report.js';
import type { AuditGroup } from './types.js';

const PAYLOAD_EXTENSIONS = ['.json', '.yaml', '.yml', '.xml', '.txt'];

/** `aws:eu-west-1`, `aliyun:cn-hongkong/sg-123`: a provider, a region and optionally one group. */
export const LIVE_LOCATION = /^(aws|aliyun):([a-z0-9-]+)(?:\/(.+))?$/;

export interface LiveLocation {
  readonly provider: 'aws' | 'aliyun';
  readonly region: string;
  readonly groupId?: string;
  /** As the user wrote it. */
  readonly text: string;
}

/** Reads the groups of a live location (the live-accounts work provides it). */
export type LiveReader = (location: LiveLocation) => Promise<AuditGroup[]>;

export function parseLiveLocation(text: string): LiveLocation | undefined {
  const m = LIVE_LOCATION.exec(text);
  if (!m) return undefined;
  return { provider: m[1] as 'aws' | 'aliyun', region: m[2]!, ...(m[3] !== undefined && { groupId: m[3] }), text };
}

/** Read one payload text into audit groups, each with the reader's findings about it. */
export function readGroups(text: string, file: string): AuditGroup[] {
  return withFile(file, () => readParsedGroups(parseInput(text, file), file));
}

/** Read one parsed payload (a file's, or what a live location pulled) into audit groups. */
export function readParsedGroups(parsed: ParsedInput, file: string): AuditGroup[] {
  try {
    const report = new Report();
    const groups = readDetected(parsed, detectInput(parsed), report, file).groups;
    const findings = assignToGroups(
      report.findings,
      groups.map((g) => g.pointer ?? ''),
    );
    return groups.map((group, i) => ({ group, file, findings: findings[i]!.filter((f) => f.severity !== 'info') }));
  } catch (e) {
    if (e instanceof TranslateError && e.location.file === undefined) throw e.inFile(file);
    throw e;
  }
}

/** The files an argument names: itself, or the payload files of a directory (sorted by name). */
export async function filesOf(arg: string, cwd: string): Promise<string[]> {
  const path = resolve(cwd, arg);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new TranslateError('input_unreadable', 'cannot read: no such file or directory', { file: arg });
  }
  if (!info.isDirectory()) return [arg];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((d) => d.isFile() && PAYLOAD_EXTENSIONS.some((ext) => d.name.toLowerCase().endsWith(ext)))
    .map((d) => d.name)
    .sort();
  if (names.length === 0)
    throw new TranslateError('usage', `no payload files (${PAYLOAD_EXTENSIONS.join(', ')}) in the directory`, {
      file: arg,
    });
  return names.map((n) => join(arg, n));
}

export interface SideInput {
  /** Files read (and live locations), in order. */
  readonly sources: string[];
  readonly groups: AuditGroup[];
}

/**
 * Read every argument of one side. `readText` reads a file (the CLI's reader, so `-` is stdin); `live`
 * reads a live location.
 */
export async function readSide(
  args: readonly string[],
  cwd: string,
  readText: (file: string) => Promise<string>,
  live: LiveReader | undefined,
): Promise<SideInput> {
  const sources: string[] = [];
  const groups: AuditGroup[] = [];
  for (const arg of args) {
    const location = parseLiveLocation(arg);
    if (location !== undefined) {
      if (live === undefined) {
        throw new TranslateError(
          'usage',
          `sgbridge audit: live location ${arg} cannot be read in this build; export the groups to a file (DescribeSecurityGroups / DescribeSecurityGroupAttribute output) and audit the file`,
        );
      }
      sources.push(arg);
      groups.push(...(await live(location)));
      continue;
    }
    const files = arg === '-' ? ['-'] : await filesOf(arg, cwd);
    for (const file of files) {
      sources.push(file === '-' ? '<stdin>' : file);
      groups.push(...readGroups(await readText(file), file === '-' ? '<stdin>' : file));
    }
  }
  return { sources, groups };
}
