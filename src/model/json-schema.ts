/** The JSON Schema of the model document, from zod's converter (input side: what a user may write). */
import * as z from 'zod';
import { ModelDocument } from './group.js';

export const MODEL_SCHEMA_ID = 'https://github.com/sgbridge/sgbridge/schema/sgbridge-model.schema.json';

export function modelJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ModelDocument, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, $id: MODEL_SCHEMA_ID, title: 'sgbridge canonical security-group model' };
}
