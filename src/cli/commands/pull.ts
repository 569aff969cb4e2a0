/** `sgbridge pull <location>`: a live location's groups, all pages, as a file every reader accepts. */
import { TranslateError } from '../../errors.js';
import { parseLocation } from '../../live/location.js';
import { pull } from '../../live/pull.js';
import { parseCommand, positionalCount, str } from '../args.js';
import { PULL_HELP } from '../help.js';
import { writeOutput, type CliIO } from '../io.js';

export function parseTags(values: unknown): { key: string; value: string }[] {
  const list = Array.isArray(values) ? values : values === undefined ? [] : [values];
  return list.map((t) => {
    const text = String(t);
    const eq = text.indexOf('=');
    if (eq <= 0) throw new TranslateError('usage', `--tag ${text}: expected key=value`);
    return { key: text.slice(0, eq), value: text.slice(eq + 1) };
  });
}

function positiveInt(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new TranslateError('usage', `sgbridge pull: --${flag} must be a positive integer (got ${String(value)})`);
  return n;
}

export async function runPull(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('pull', argv, {
    'group-ids': { type: 'string' },
    'vpc-id': { type: 'string' },
    tag: { type: 'string', multiple: true },
    output: { type: 'string', short: 'o' },
    endpoint: { type: 'string' },
    profile: { type: 'string' },
    concurrency: { type: 'string' },
    'page-size': { type: 'string' },
  });
  if (values['help']) {
    io.stdout(PULL_HELP);
    return 0;
  }
  positionalCount('pull', positionals, 1, 'one location, aws:<region>[/<group-id>] or aliyun:<region>[/<group-id>]');
  const location = parseLocation(positionals[0]!);
  const groupIds = str(values['group-ids'])
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const tty = Boolean(process.stderr.isTTY) && io.env['CI'] === undefined;
  const concurrency = positiveInt('concurrency', values['concurrency']);
  const pageSize = positiveInt('page-size', values['page-size']);
  const endpoint = str(values['endpoint']);
  const profile = str(values['profile']);
  const vpcId = str(values['vpc-id']);
  const doc = await pull(location, {
    ...(groupIds !== undefined ? { groupIds } : {}),
    ...(vpcId !== undefined ? { vpcId } : {}),
    tags: parseTags((values as Record<string, unknown>)['tag']),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(profile !== undefined ? { profile } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(pageSize !== undefined ? { pageSize } : {}),
    env: io.env,
    ...(tty ? { progress: (text: string) => io.stderr(`\r\x1b[Kpull ${positionals[0]}: ${text}`) } : {}),
  });
  if (tty) io.stderr('\r\x1b[K');
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  const output = str(values['output']);
  if (output !== undefined) await writeOutput(output, text, io);
  else io.stdout(text);
  return 0;
}
