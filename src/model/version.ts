/** Bumped on any incompatible change of the canonical model; readers refuse other versions. */
export const MODEL_VERSION = 1 as const;
