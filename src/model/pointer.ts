/** RFC 6901 JSON pointers: every finding and error names the input value it is about. */
export type PathSegment = string | number;

function escapeSegment(segment: PathSegment): string {
  if (typeof segment === 'number') return String(segment); // an index needs no escaping
  const s = segment;
  return s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

export function pointer(...segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) out += `/${escapeSegment(s)}`;
  return out;
}

export function childPointer(base: string, ...segments: readonly PathSegment[]): string {
  return base + pointer(...segments);
}

export function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.includes('~')) return p.slice(1).split('/');
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Value at a pointer, or undefined. */
export function resolvePointer(doc: unknown, p: string): unknown {
  // Without escapes the segments are read in place (the pipeline resolves a pointer per rule): no array.
  if (p === '' || p.includes('~')) return resolveSegments(doc, parsePointer(p));
  let cur: unknown = doc;
  for (let start = 1; start <= p.length;) {
    let end = p.indexOf('/', start);
    if (end < 0) end = p.length;
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p.slice(start, end)];
    start = end + 1;
  }
  return cur;
}

function resolveSegments(doc: unknown, segments: readonly string[]): unknown {
  let cur: unknown = doc;
  for (const seg of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}
