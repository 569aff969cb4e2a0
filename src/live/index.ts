/**
 * `sgbridge/live`: live accounts and the emulators, a separate entry so that importing the main library
 * does not load the cloud SDKs. See docs/live.md.
 */
export { parseLocation, isLocation, formatLocation, type LiveLocation } from './location.js';
export { pull, type PullOptions } from './pull.js';
export { applyPlan, readLiveGroup, type ApplyOptions, type ApplyReport } from './apply.js';
export { parsePlans, type GroupPlan } from './plan-file.js';
export { ec2Client, ecsClient, type ClientOptions } from './clients.js';
export { startEmulator, parseFaults, type Emulator, type EmulatorOptions, type FaultSpec } from '../emulate/index.js';
