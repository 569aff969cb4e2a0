/**
 * `sgbridge/live`: live accounts and the emulators, a separate entry so that importing the main library
 * does not load the cloud SDKs. See docs/live.md.
 */

// Explicit named exports only: each name here is public API (pinned by test/public-api.test.ts).
export {
  /** Parse `aws:<region>[/<group>]` or `aliyun:<region>[/<group>]`; a malformed location is a usage error. */
  parseLocation,
  /** Whether a command argument names a live location rather than a file. */
  isLocation,
  /** The text of a live location, as `parseLocation` reads it. */
  formatLocation,
  /** A live location: cloud, region, and optionally one group. */
  type LiveLocation,
} from './location.js';
export {
  /** Read a live location's groups (every page) into a payload every reader accepts (a Describe output). */
  pull,
  /** Options of `pull`: credentials, endpoint, group IDs, VPC and tag filters, concurrency, page size. */
  type PullOptions,
} from './pull.js';
export {
  /** Run a plan's steps against its live group, idempotently and resumably, and prove the result. */
  applyPlan,
  /** The live group of a location as a canonical group. */
  readLiveGroup,
  /** Options of `applyPlan`: credentials, endpoint, region, journal file, dry run, re-planning on drift. */
  type ApplyOptions,
  /** What `applyPlan` did: the target, whether it resumed, each step's outcome, whether the result was verified. */
  type ApplyReport,
} from './apply.js';
export {
  /** What waiting for a group `applyPlan` just created cost: the NotFound answers waited out and the time slept. */
  type CreatedVisibility,
} from './created-visible.js';
export {
  /** The plans of a plan file, validated; a bad plan is one line naming the file and the JSON pointer. */
  parsePlans,
  /** The zod schema of one group's plan as `sgbridge plan` writes it. */
  GroupPlan,
} from './plan-file.js';
export {
  /** An `@aws-sdk/client-ec2` client for a region, with credentials from the chain and an optional endpoint. */
  ec2Client,
  /** An `@alicloud/ecs20140526` client for a region, with credentials from the chain and an optional endpoint. */
  ecsClient,
  /** Options of the clients: region, endpoint, attempts per call, credentials, environment. */
  type ClientOptions,
} from './clients.js';
export {
  /** Start a local emulator of the EC2 or ECS security-group API on 127.0.0.1 (state, paging, errors, faults). */
  startEmulator,
  /** Parse a fault spec such as `throttle=0.3,5xx=0.05,drop=0.02,latency=20,lag=300`. */
  parseFaults,
  /** A running emulator: its endpoint, state, call counts and recorded history; `close()` stops it. */
  type Emulator,
  /** Options of `startEmulator`: cloud, port, state file or initial state, faults, seed, recording. */
  type EmulatorOptions,
  /** Fault rates and delays of an emulator. */
  type FaultSpec,
} from '../emulate/index.js';
