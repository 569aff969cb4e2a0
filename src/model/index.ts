export * from './rule.js';
export * from './group.js';
export * from './pointer.js';
export { MODEL_VERSION } from './version.js';
export * from './json-schema.js';
