/**
 * SDK errors of live calls → one clear line (exit 2): which location and call, the provider's code, and what
 * it means for the user (access denied, unknown region or endpoint, expired or rejected credentials), with
 * every known credential value redacted.
 */
import { TranslateError } from '../errors.js';
import { redactSecrets } from './credentials.js';

const ACCESS_DENIED = new Set([
  'UnauthorizedOperation',
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedAccess',
  'Forbidden',
  'Forbidden.RAM',
  'Forbidden.Unauthorized',
  'NoPermission',
  'Forbidden.NotAuthorized',
]);
const EXPIRED = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'InvalidSecurityToken.Expired',
  'InvalidAccessKeyId.Inactive',
]);
const REJECTED = new Set([
  'AuthFailure',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId',
  'MissingAuthenticationToken',
]);
const NETWORK = new Set(['ENOTFOUND', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'EPIPE']);

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  data?: { Code?: string };
}

function networkCode(e: SdkErrorLike | undefined, depth = 0): string | undefined {
  if (e === undefined || e === null || depth > 4) return undefined;
  if (typeof e.code === 'string' && NETWORK.has(e.code)) return e.code;
  const m = /\b(ENOTFOUND|ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ETIMEDOUT|EAI_AGAIN|EPIPE)\b/.exec(e.message ?? '');
  if (m) return m[1];
  return networkCode(e.cause as SdkErrorLike | undefined, depth + 1);
}

/** The provider's error code of an SDK error (AWS: `name`; Aliyun: `code`). */
export function providerCode(e: unknown): string | undefined {
  const err = e as SdkErrorLike;
  if (typeof err?.data?.Code === 'string') return err.data.Code;
  if (typeof err?.code === 'string' && !NETWORK.has(err.code) && /^[A-Z]/.test(err.code)) return err.code;
  if (typeof err?.name === 'string' && err.name !== 'Error' && !/Error$/.test(err.name)) return err.name;
  return undefined;
}

export function liveError(e: unknown, where: string, call: string, secrets: readonly string[]): TranslateError {
  if (e instanceof TranslateError) return e;
  const err = (e ?? {}) as SdkErrorLike;
  const code = providerCode(e);
  const net = networkCode(err);
  const raw = (err.message ?? String(e)).split('\n')[0]!;
  let what: string;
  if (code !== undefined && ACCESS_DENIED.has(code))
    what = `access denied: the credentials may not call ${call} (see "IAM / RAM policies" in docs/live.md)`;
  else if (code !== undefined && EXPIRED.has(code))
    what = 'the credentials have expired: refresh them (new session, sso login) and run again';
  else if (code !== undefined && REJECTED.has(code))
    what = 'the credentials were rejected (unknown key or bad signature)';
  else if (code !== undefined && /^InvalidRegionId|^InvalidRegion|UnknownRegion/.test(code)) what = 'unknown region';
  else if (
    err.name === 'CredentialsProviderError' ||
    (/credential/i.test(raw) && /could not|unable|not found|missing/i.test(raw))
  ) {
    what =
      'no credentials found in the default chain (environment, shared config files and --profile, SSO, web identity, instance role)';
  } else if (net !== undefined) what = `cannot reach the endpoint (${net}): unknown region or endpoint, or no network`;
  else what = raw;
  const detail = what === raw ? '' : ` (${raw})`;
  return new TranslateError(
    'live_failed',
    redactSecrets(`${where}: ${call}: ${what}${detail}`, secrets),
    code !== undefined ? { providerCode: code } : {},
  );
}
