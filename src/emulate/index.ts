/**
 * Local emulators of the EC2 Query API and the ECS RPC API for the security-group calls sgbridge uses: a test
 * double that the real SDK clients (`@aws-sdk/client-ec2`, `@alicloud/ecs20140526`) are pointed at, for
 * sgbridge's tests and for users' own provisioning code. State lives in memory, optionally loaded from and
 * saved to a file; faults (throttling, 5xx, dropped connections, latency, read-after-write lag, new groups
 * answering NotFound for a while) are seeded.
 * With `record`, every state a group passes through is kept (to prove no intermediate state widens).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { AliyunApi } from './aliyun/api.js';
import { AliyunState, type AliyunStateOptions } from './aliyun/state.js';
import { AwsApi } from './aws/api.js';
import { AwsState, type AwsStateOptions } from './aws/state.js';
import { NO_FAULTS, parseFaults, seededRandom, type FaultSpec } from './faults.js';
import { listen, type FaultCounts } from './http.js';
import { NewGroupLag } from './new-groups.js';
import { aliyunGroupSnapshot, awsGroupSnapshot, loadAliyun, loadAws, saveAliyun, saveAws } from './snapshot.js';

export type EmulatedCloud = 'aws' | 'aliyun';

export interface EmulatorOptions {
  readonly cloud: EmulatedCloud;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** A state file to load at start (if it exists) and save after every change. */
  readonly stateFile?: string;
  /** A state document to start from (the state-file shapes), instead of a file. */
  readonly initial?: unknown;
  readonly faults?: FaultSpec | string;
  readonly seed?: number;
  /** Keep every state each group passes through (`history`). */
  readonly record?: boolean;
  /** Actions answered as access denied. */
  readonly denied?: readonly string[];
  readonly aws?: AwsStateOptions;
  readonly aliyun?: AliyunStateOptions;
}

export interface StateRecord {
  readonly action: string;
  readonly groupId: string;
  /** The group after the call, in the state-file shape (every rule, visible yet or not); absent when deleted. */
  readonly group?: Record<string, unknown>;
}

export interface Emulator {
  readonly cloud: EmulatedCloud;
  readonly port: number;
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly aws?: AwsState;
  readonly aliyun?: AliyunState;
  /** Calls answered, per action (faulted calls included). */
  readonly calls: Record<string, number>;
  readonly faults: FaultCounts;
  readonly history: StateRecord[];
  /** New groups answering NotFound for a while (the `hidenew` / `hidenewms` faults). */
  readonly newGroups: NewGroupLag;
  /** The whole state in the state-file shape. */
  snapshot(): unknown;
  /** Change the faults while running (tests: a clean read after a faulty apply). */
  setFaults(faults: FaultSpec | string): void;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  let faults = typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? NO_FAULTS);
  const random = seededRandom(options.seed ?? 1);
  const history: StateRecord[] = [];
  const calls: Record<string, number> = {};
  const denied = new Set(options.denied ?? []);
  let saving: Promise<void> = Promise.resolve();
  let dirty = false;

  const aws = options.cloud === 'aws' ? new AwsState({ ...options.aws, lag: faults.lag }) : undefined;
  const aliyun = options.cloud === 'aliyun' ? new AliyunState({ ...options.aliyun, lag: faults.lag }) : undefined;
  const snapshot = (): unknown => (aws ? saveAws(aws) : saveAliyun(aliyun!));

  let initial = options.initial;
  if (initial === undefined && options.stateFile !== undefined) {
    const text = await readFile(options.stateFile, 'utf8').catch((e: NodeJS.ErrnoException) =>
      e.code === 'ENOENT' ? undefined : Promise.reject(e),
    );
    if (text !== undefined) initial = JSON.parse(text);
  }
  if (initial !== undefined) {
    if (aws) loadAws(aws, initial, options.stateFile ?? '<initial>');
    else loadAliyun(aliyun!, initial, options.stateFile ?? '<initial>');
  }

  const save = () => {
    if (options.stateFile === undefined || dirty) return;
    dirty = true;
    const file = options.stateFile;
    saving = saving.then(async () => {
      dirty = false;
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, `${JSON.stringify(snapshot(), null, 2)}\n`);
      await rename(temp, file);
    });
  };

  const changed = (action: string, groupIds: readonly string[]) => {
    if (options.record) {
      for (const groupId of groupIds) {
        const g = aws ? aws.groups.get(groupId) : aliyun!.groups.get(groupId);
        history.push({
          action,
          groupId,
          ...(g !== undefined ? { group: aws ? awsGroupSnapshot(g as never) : aliyunGroupSnapshot(g as never) } : {}),
        });
      }
    }
    save();
  };

  const lagOf = (f: FaultSpec) => ({ calls: f.hideNew ?? 0, ms: f.hideNewMs ?? 0 });
  const newGroups = new NewGroupLag(lagOf(faults));
  const api = aws
    ? new AwsApi(aws, { changed, denied, newGroups })
    : new AliyunApi(aliyun!, { changed, denied, newGroups });
  const server = await listen(api, {
    port: options.port ?? 0,
    get faults() {
      return faults;
    },
    random,
    onRequest: (r) => {
      const action = String(
        r.headers['x-acs-action'] ??
          new URLSearchParams(r.method === 'GET' ? r.url.search : r.body).get('Action') ??
          r.url.searchParams.get('Action') ??
          '',
      );
      calls[action] = (calls[action] ?? 0) + 1;
    },
  });
  return {
    cloud: options.cloud,
    port: server.port,
    endpoint: `http://127.0.0.1:${server.port}`,
    ...(aws ? { aws } : {}),
    ...(aliyun ? { aliyun } : {}),
    calls,
    faults: server.faults,
    history,
    newGroups,
    snapshot,
    setFaults(next) {
      faults = typeof next === 'string' ? parseFaults(next) : next;
      if (aws) aws.lag = faults.lag;
      if (aliyun) aliyun.lag = faults.lag;
      newGroups.spec = lagOf(faults);
    },
    async close() {
      await server.close();
      await saving;
    },
  };
}

export { parseFaults, type FaultSpec } from './faults.js';
