/**
 * The SDK clients for a live location: `@aws-sdk/client-ec2`'s EC2Client and `@alicloud/ecs20140526`'s
 * client, with the cloud's credential chain, retries on throttling and 5xx, and an optional endpoint
 * (`--endpoint`, else `AWS_ENDPOINT_URL_EC2` / `AWS_ENDPOINT_URL`, `ALIBABA_CLOUD_ECS_ENDPOINT`) for
 * emulators and private endpoints.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import * as ecsPackage from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { TranslateError } from '../errors.js';
import { cjsExport } from './cjs.js';
import { aliyunCredential, type CredentialOptions } from './credentials.js';

export interface ClientOptions extends CredentialOptions {
  readonly region: string;
  /** A URL (`http://127.0.0.1:4566`) or, for Aliyun, also `host:port`. */
  readonly endpoint?: string;
  /** Attempts per call, first one included (default 5). 1 disables retries. */
  readonly maxAttempts?: number;
  /** Environment for the endpoint variables (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const Ecs = cjsExport<typeof ecsPackage.default.default>(ecsPackage);
export type EcsClient = InstanceType<typeof Ecs>;

const DEFAULT_ATTEMPTS = 5;

function parseEndpoint(text: string, flag: string): URL {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new TranslateError('usage', `${flag} ${text} is not an endpoint URL (e.g. http://127.0.0.1:4566)`);
  }
}

export function awsEndpoint(options: ClientOptions): string | undefined {
  const env = options.env ?? process.env;
  if (options.endpoint !== undefined) return parseEndpoint(options.endpoint, '--endpoint').href;
  const fromEnv = env['AWS_ENDPOINT_URL_EC2'] ?? env['AWS_ENDPOINT_URL'];
  return fromEnv !== undefined && fromEnv !== '' ? parseEndpoint(fromEnv, 'AWS_ENDPOINT_URL_EC2').href : undefined;
}

export function ec2Client(options: ClientOptions): EC2Client {
  const endpoint = awsEndpoint(options);
  return new EC2Client({
    region: options.region,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    // Standard mode retries throttling errors (RequestLimitExceeded, …), 5xx, timeouts and network errors.
    maxAttempts: options.maxAttempts ?? DEFAULT_ATTEMPTS,
    retryMode: 'standard',
  });
}

/**
 * openapi-core retries only when `retryOptions` is set. Throttling (any code with "Throttling"), server errors
 * (5xx, `ServiceUnavailable`) and network errors are retried with a random backoff; client errors are not.
 */
function ecsRetryOptions(maxAttempts: number): $dara.RetryOptions {
  return new $dara.RetryOptions({
    retryable: maxAttempts > 1,
    retryCondition: [
      new $dara.RetryCondition({
        maxAttempts: maxAttempts - 1,
        backoff: $dara.BackoffPolicy.newBackoffPolicy({ policy: 'Random', period: 100, cap: 2000 }),
        exception: [
          'ThrottlingError',
          'ServerError',
          'Error',
          'RequestError',
          'TimeoutError',
          'ReadTimeout',
          'ConnectTimeout',
        ],
        errorCode: [
          'Throttling',
          'Throttling.User',
          'Throttling.Api',
          'Rejected.Throttling',
          'ServiceUnavailable',
          'InternalError',
          'ECONNRESET',
          'ECONNREFUSED',
          'EPIPE',
          'ETIMEDOUT',
        ],
        maxDelay: 5000,
      }),
    ],
    noRetryCondition: [],
  });
}

export function ecsClient(options: ClientOptions): EcsClient {
  const env = options.env ?? process.env;
  const text = options.endpoint ?? (env['ALIBABA_CLOUD_ECS_ENDPOINT'] || undefined);
  const url =
    text !== undefined
      ? parseEndpoint(text, options.endpoint !== undefined ? '--endpoint' : 'ALIBABA_CLOUD_ECS_ENDPOINT')
      : undefined;
  const config = new $OpenApiUtil.Config({
    credential: aliyunCredential(options),
    regionId: options.region,
    ...(url !== undefined ? { endpoint: url.host, protocol: url.protocol.replace(':', '') } : {}),
    retryOptions: ecsRetryOptions(options.maxAttempts ?? DEFAULT_ATTEMPTS),
    connectTimeout: 5000,
    readTimeout: 30000,
  });
  return new Ecs(config);
}
