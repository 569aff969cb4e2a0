/**
 * Credentials come from each cloud's standard chain and are never printed: the chains are handed to the SDK
 * clients as providers, and `redactSecrets` removes any credential value that still reaches a message.
 *
 * - AWS: the SDK's default provider chain (env, shared config/credentials files and `profile`, SSO, web
 *   identity, container and instance roles). `--profile` is passed as the client's `profile`.
 * - Aliyun: `@alicloud/credentials`' default chain (env `ALIBABA_CLOUD_ACCESS_KEY_ID` / `_SECRET` /
 *   `ALIBABA_CLOUD_SECURITY_TOKEN`, OIDC, `~/.aliyun/config.json` profiles, credentials file, ECS RAM role,
 *   credentials URI). The ECS client has no chain of its own, so one is always passed to it. `--profile`
 *   selects a profile of `~/.aliyun/config.json`.
 */
import * as credentialsPackage from '@alicloud/credentials';
import { cjsExport } from './cjs.js';

const Credential = cjsExport<typeof credentialsPackage.default.default>(credentialsPackage);
const CLIProfileCredentialsProvider = cjsExport<typeof credentialsPackage.default.CLIProfileCredentialsProvider>(
  credentialsPackage,
  'CLIProfileCredentialsProvider',
);
export type AliyunCredential = InstanceType<typeof Credential>;

/** Explicit keys, for library callers that hold them (tests, users' own tools). Never read from a plan file. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface CredentialOptions {
  /** A profile of the cloud's own config files (AWS shared config, Aliyun CLI config). */
  readonly profile?: string;
  /** Explicit keys instead of the chain. */
  readonly credentials?: StaticCredentials;
}

/** The Aliyun credential for the ECS client: explicit keys, a CLI profile, or the default chain. */
export function aliyunCredential(options: CredentialOptions): AliyunCredential {
  const keys = options.credentials;
  if (keys !== undefined) {
    return new Credential({
      type: keys.sessionToken !== undefined ? 'sts' : 'access_key',
      accessKeyId: keys.accessKeyId,
      accessKeySecret: keys.secretAccessKey,
      ...(keys.sessionToken !== undefined ? { securityToken: keys.sessionToken } : {}),
    } as ConstructorParameters<typeof Credential>[0]);
  }
  if (options.profile !== undefined)
    return new Credential(null, CLIProfileCredentialsProvider.builder().withProfileName(options.profile).build());
  return new Credential();
}

/** Environment variables of both clouds whose values are secrets. */
const SECRET_ENV = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'ALIBABA_CLOUD_ACCESS_KEY_ID',
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'ALIBABA_CLOUD_SECURITY_TOKEN',
] as const;

/** Every credential value this process knows: explicit keys and the secret environment variables. */
export function knownSecrets(
  env: Readonly<Record<string, string | undefined>>,
  credentials?: StaticCredentials,
): string[] {
  const values = SECRET_ENV.map((k) => env[k]);
  if (credentials) values.push(credentials.accessKeyId, credentials.secretAccessKey, credentials.sessionToken);
  // Short values (a test's "x") would redact ordinary words; real keys are 16+ characters.
  return values.filter((v): v is string => v !== undefined && v.length >= 8);
}

/** The text with every known credential value replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}
