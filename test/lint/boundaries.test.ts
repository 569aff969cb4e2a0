/**
 * The import and printing boundaries of eslint.config.js fire: each case lints a small snippet as if it were a
 * file at the given path, with the project's own configuration. Type-aware rules are switched off here (the
 * snippets are not on disk, and the boundary rules need no types), so only the boundaries and plain rules run.
 */
import { ESLint } from 'eslint';
import path from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, test } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({
  cwd: repoRoot,
  overrideConfig: [
    { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
    { files: ['**/*.ts'], languageOptions: { parserOptions: { projectService: false, project: null } } },
  ],
});

/** The rule IDs reported for `code` linted as the file `file` (relative to the repository root). */
async function rulesFiredAt(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  const messages = result?.messages ?? [];
  const fatal = messages.find((m) => m.fatal);
  if (fatal) throw new Error(`${file}: ${fatal.message}`);
  return messages.map((m) => m.ruleId ?? '');
}

const uses = (name: string, from: string): string =>
  `import { ${name} } from '${from}';\nexport const used = ${name};\n`;

describe('adapters never import each other', () => {
  test.each([
    ['adapters/aws/x.ts', '../aliyun/fields.js'],
    ['adapters/aliyun/x.ts', '../aws/node.js'],
    ['adapters/aws/sub/x.ts', '../../aliyun/index.js'],
    ['adapters/aws/x.ts', '../iac/types.js'],
    ['adapters/aliyun/x.ts', '../terraform/values.js'],
    ['adapters/terraform/x.ts', '../aliyun/fields.js'],
    ['adapters/terraform/x.ts', '../cloudformation/read.js'],
    ['adapters/ros/x.ts', '../aws/node.js'],
    ['adapters/cloudformation/x.ts', '../ros/read.js'],
  ])('should reject, in %s, an import of %s', async (file, from) => {
    expect(await rulesFiredAt(file, uses('x', from))).toContain('no-restricted-imports');
  });

  test.each([
    ['adapters/aws/x.ts', './node.js'],
    ['adapters/aws/x.ts', '../types.js'],
    ['adapters/aws/x.ts', '../../src/model/rule.js'],
    ['adapters/terraform/x.ts', '../iac/aliyun-groups.js'],
    ['adapters/iac/x.ts', '../aws/read-groups.js'],
    ['adapters/iac/x.ts', '../terraform/read.js'],
    ['adapters/index.ts', './aliyun/index.js'],
  ])('should allow, in %s, an import of %s', async (file, from) => {
    expect(await rulesFiredAt(file, uses('x', from))).toEqual([]);
  });
});

describe('the engine imports no adapter', () => {
  test.each([
    ['src/semantics/x.ts', '../../adapters/index.js'],
    ['src/semantics/x.ts', '../../adapters/aws/node.js'],
    ['src/semantics/sub/x.ts', '../../../adapters/types.js'],
  ])('should reject, in %s, an import of %s', async (file, from) => {
    expect(await rulesFiredAt(file, uses('x', from))).toContain('no-restricted-imports');
  });

  test('should allow the engine its own modules and the model', async () => {
    expect(await rulesFiredAt('src/semantics/x.ts', uses('x', '../model/rule.js'))).toEqual([]);
  });
});

describe('only src/cli prints', () => {
  test.each([
    ['src/convert/x.ts', "console.log('hi');\n", 'no-console'],
    ['src/semantics/x.ts', "console.error('hi');\n", 'no-console'],
    ['adapters/aws/x.ts', "console.warn('hi');\n", 'no-console'],
    ['tables/x.ts', "console.info('hi');\n", 'no-console'],
    ['src/audit/x.ts', "process.stderr.write('progress\\n');\n", 'no-restricted-syntax'],
    ['adapters/iac/x.ts', "process.stdout.write('hi');\n", 'no-restricted-syntax'],
  ])('should reject printing in %s: %s', async (file, code, rule) => {
    expect(await rulesFiredAt(file, code)).toContain(rule);
  });

  test.each([
    ['src/cli/x.ts', "console.log('hi');\nprocess.stdout.write('hi');\n"],
    ['src/cli/commands/x.ts', "process.stderr.write('hi');\n"],
    ['scripts/x.ts', "console.log('hi');\n"],
    ['bench/x.mjs', "console.log('hi');\nprocess.stdout.write('hi');\n"],
    ['bin/x.js', "process.stderr.write('hi');\n"],
    // Reading the streams' properties is not printing.
    ['src/audit/x.ts', 'export const tty = process.stderr.isTTY;\n'],
  ])('should allow %s to print', async (file, code) => {
    expect(await rulesFiredAt(file, code)).toEqual([]);
  });
});
