export { MappingFile, type MappingFileInput } from './schema.js';
export { createMapping, parseMapping, EMPTY_MAPPING, type Mapping, type PairKind } from './mapping.js';
