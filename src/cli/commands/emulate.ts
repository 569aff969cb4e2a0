/** `sgbridge emulate aws|aliyun`: a local EC2 or ECS API emulator, until Ctrl-C (state saved on the way out). */
import { TranslateError } from '../../errors.js';
import { startEmulator } from '../../emulate/index.js';
import { oneOf, parseCommand, positionalCount, str } from '../args.js';
import { EMULATE_HELP } from '../help.js';
import type { CliIO } from '../io.js';

export async function runEmulate(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommand('emulate', argv, {
    port: { type: 'string' },
    state: { type: 'string' },
    faults: { type: 'string' },
    seed: { type: 'string' },
  });
  if (values['help']) {
    io.stdout(EMULATE_HELP);
    return 0;
  }
  positionalCount('emulate', positionals, 1, 'the cloud to emulate: aws or aliyun');
  const cloud = oneOf('emulate', 'cloud', positionals[0], ['aws', 'aliyun'] as const)!;
  const port = values['port'] === undefined ? 0 : Number(values['port']);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new TranslateError('usage', `sgbridge emulate: --port must be 0..65535 (got ${String(values['port'])})`);
  const seed = values['seed'] === undefined ? 1 : Number(values['seed']);
  if (!Number.isInteger(seed))
    throw new TranslateError('usage', `sgbridge emulate: --seed must be an integer (got ${String(values['seed'])})`);
  const stateFile = str(values['state']);
  const faults = str(values['faults']);
  // Listen for Ctrl-C / SIGTERM before anything starts, so a stop that comes right after the endpoint line is
  // never missed (it would kill the process before the state is saved).
  const stopped = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  const emulator = await startEmulator({
    cloud,
    port,
    seed,
    ...(stateFile !== undefined ? { stateFile } : {}),
    ...(faults !== undefined ? { faults } : {}),
  }).catch((e: unknown) => {
    if (e instanceof TranslateError) throw e;
    throw new TranslateError('usage', `sgbridge emulate: cannot start: ${(e as Error).message}`);
  });
  const variable = cloud === 'aws' ? 'AWS_ENDPOINT_URL_EC2' : 'ALIBABA_CLOUD_ECS_ENDPOINT';
  io.stdout(`sgbridge emulate ${cloud}: listening on ${emulator.endpoint} (${variable}=${emulator.endpoint})\n`);
  await stopped;
  await emulator.close();
  io.stderr(`sgbridge emulate ${cloud}: stopped${stateFile !== undefined ? `; state saved to ${stateFile}` : ''}\n`);
  return 0;
}
