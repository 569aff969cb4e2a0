/**
 * The canonical model document as an input adapter (`--from model`): detected, read and validated like a
 * cloud's payload. It has no writer here: `convert --to model` prints the canonical groups themselves.
 */
import type { InputAdapter } from '../types.js';
import { MODEL_SHAPE, detectModel } from './detect.js';
import { readModelDocument } from './read.js';
import { validateModel } from './validate.js';

export const modelAdapter: InputAdapter = {
  shapes: [MODEL_SHAPE],
  detect: detectModel,
  read: (input, report, options) => readModelDocument(input, options?.file, report),
  validate: validateModel,
};

export { MODEL_SHAPE, detectModel, looksLikeModelDocument } from './detect.js';
export { readModelDocument } from './read.js';
export { validateModel, validateModelDocument, type ModelIssue } from './validate.js';
