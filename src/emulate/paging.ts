/** Opaque NextToken paging over a list, as both clouds do it (the token is the offset, encoded). */
import { ApiError } from './errors.js';

export function page<T>(
  items: readonly T[],
  maxResults: number,
  token: string | undefined,
  errorCode: string,
): { items: T[]; nextToken?: string } {
  let offset = 0;
  if (token !== undefined && token !== '') {
    const decoded = /^o(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (decoded === null) throw new ApiError(errorCode, `The NextToken "${token}" is not valid`);
    offset = Number(decoded[1]);
  }
  const end = offset + maxResults;
  const out = items.slice(offset, end);
  return end < items.length ? { items: out, nextToken: Buffer.from(`o${end}`).toString('base64url') } : { items: out };
}

/** MaxResults as a number within bounds, or the default when absent. */
export function maxResults(value: unknown, min: number, max: number, fallback: number, errorCode: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ApiError(
      errorCode,
      `Value (${String(value)}) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
    );
  return n;
}
