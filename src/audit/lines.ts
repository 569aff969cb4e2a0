/**
 * Lines of JSON pointers in the user's JSON and YAML files, for SARIF regions (a code-scanning UI shows a
 * result at a line). The `yaml` package reads JSON too (YAML is a superset) and keeps source ranges; each
 * file is parsed once, and only when a result points into it. XML and query-string inputs get no line.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { parsePointer } from '../model/pointer.js';
import type { LineOf } from './render-sarif.js';

interface Parsed {
  readonly root: unknown;
  readonly lines: LineCounter;
}

function parse(path: string): Parsed | undefined {
  try {
    const lines = new LineCounter();
    const doc = parseDocument(readFileSync(path, 'utf8'), {
      lineCounter: lines,
      keepSourceTokens: false,
      uniqueKeys: false,
    });
    if (doc.errors.length > 0) return undefined;
    return { root: doc.contents, lines };
  } catch {
    return undefined;
  }
}

/** The offset where the value at `pointer` is written: the key of a map entry, or the item of a list. */
function offsetOf(root: unknown, pointer: string): number | undefined {
  let node = root as Node | null | undefined;
  let offset = node?.range?.[0];
  for (const seg of parsePointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === seg);
      if (pair === undefined) return offset;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (item === undefined) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else return offset;
  }
  return offset;
}

/** A LineOf over files relative to `cwd`; `<stdin>`, XML and query-string files have no lines. */
export function lineFinder(cwd: string): LineOf {
  const cache = new Map<string, Parsed | undefined>();
  return (file, pointer) => {
    if (!/\.(json|ya?ml)$/i.test(file)) return undefined;
    if (!cache.has(file)) cache.set(file, parse(resolve(cwd, file)));
    const parsed = cache.get(file);
    if (parsed === undefined) return undefined;
    const offset = offsetOf(parsed.root, pointer);
    if (offset === undefined) return undefined;
    const { line, col } = parsed.lines.linePos(offset);
    return { line, column: col };
  };
}
