/**
 * No module of the library takes part in an import cycle. A cycle makes what a module sees at load time depend
 * on which module of the cycle was imported first (a value read before its module has run is undefined), and it
 * blurs the layers the layout promises (model, adapters, engine, conversion, CLI). Only imports that stay in
 * the emitted JavaScript count: type-only imports are erased, and `import()` loads on demand.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const ROOTS = ['src', 'adapters', 'tables'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const at = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(at);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [at] : [];
  });
}

/** Whether an import declaration binds a value (not only types), or runs the module for its effects. */
function importsValue(d: ts.ImportDeclaration): boolean {
  const clause = d.importClause;
  if (clause === undefined) return true;
  if (clause.isTypeOnly) return false;
  if (clause.name !== undefined) return true;
  const bindings = clause.namedBindings;
  if (bindings === undefined || ts.isNamespaceImport(bindings)) return true;
  return bindings.elements.some((e) => !e.isTypeOnly);
}

/** The modules a file loads when it runs: its relative, non-type imports and re-exports, as file paths. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const s of source.statements) {
    let spec: ts.Expression | undefined;
    if (ts.isImportDeclaration(s) && importsValue(s)) spec = s.moduleSpecifier;
    else if (ts.isExportDeclaration(s) && !s.isTypeOnly) spec = s.moduleSpecifier;
    if (spec === undefined || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    out.push(path.resolve(path.dirname(file), spec.text.replace(/\.js$/, '.ts')));
  }
  return out;
}

/** The strongly connected components of more than one module (Tarjan), each as paths from the repository root. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(path.relative(repoRoot, w));
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import cycles', () => {
  test('should find a cycle where there is one (the check itself)', () => {
    const graph = new Map([
      ['/a.ts', ['/b.ts']],
      ['/b.ts', ['/c.ts']],
      ['/c.ts', ['/a.ts']],
      ['/d.ts', ['/a.ts']],
    ]);
    expect(cycles(graph).map((c) => c.length)).toEqual([3]);
    expect(cycles(new Map([['/a.ts', ['/b.ts']]]))).toEqual([]);
  });

  test('should count value imports and re-exports, not type-only imports', () => {
    const at = (code: string) => {
      const file = path.join(repoRoot, 'src/x.ts');
      const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, false);
      return source.statements.filter(ts.isImportDeclaration).map(importsValue);
    };
    expect(at(`import { a } from './a.js';`)).toEqual([true]);
    expect(at(`import { type A, b } from './a.js';`)).toEqual([true]);
    expect(at(`import { type A } from './a.js';`)).toEqual([false]);
    expect(at(`import type { A } from './a.js';`)).toEqual([false]);
    expect(at(`import './a.js';`)).toEqual([true]);
    expect(at(`import * as a from './a.js';`)).toEqual([true]);
  });

  test('should have none in src/, adapters/ and tables/', () => {
    const files = ROOTS.flatMap((r) => sourceFiles(path.join(repoRoot, r)));
    expect(files.length).toBeGreaterThan(100);
    const graph = new Map(files.map((f) => [f, runtimeImports(f)]));
    expect(cycles(graph)).toEqual([]);
  });
});
