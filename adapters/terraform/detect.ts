/** Whether a parsed input is a terraform state, plan or `.tf.json` configuration of one shape, and whose groups it holds. */
import type { ParsedInput } from '../../src/parse/text.js';
import type { ProviderId } from '../../src/model/rule.js';
import { terraformProviders } from './read.js';
import { terraformResources, terraformShape, type TerraformShape } from './resources.js';

/** The clouds whose groups the document holds, when it is a terraform document of `shape`; else none. */
export function detectTerraform(input: ParsedInput, shape: TerraformShape): ProviderId[] {
  return input.format === 'json' && terraformShape(input.value) === shape
    ? terraformProviders(terraformResources(input.value, shape))
    : [];
}
