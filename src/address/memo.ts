/**
 * A memo of a pure function of a text, bounded: once it holds `limit` answers it starts again empty (a
 * fleet's CIDRs repeat from group to group, so a fresh memo refills with the ones still in use).
 * Undefined answers are remembered too.
 */
export function memoByText<T>(fn: (text: string) => T, limit: number): (text: string) => T {
  const memo = new Map<string, T>();
  return (text) => {
    const hit = memo.get(text);
    if (hit !== undefined || memo.has(text)) return hit as T;
    const value = fn(text);
    if (memo.size >= limit) memo.clear();
    memo.set(text, value);
    return value;
  };
}
