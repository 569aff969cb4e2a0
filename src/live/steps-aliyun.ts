/**
 * One plan step against ECS through `@alicloud/ecs20140526`. The request (the wire's PascalCase names, as
 * `convert --emit request` writes it) becomes the SDK's request class; every call carries a ClientToken
 * derived from the plan and the step, so a call retried after a lost answer never adds a rule twice (ECS
 * answers a repeated token with the first call's answer). Authorizing a rule that exists is a success on
 * ECS anyway, and revoking permissions that match nothing too.
 */
import * as $Ecs from '@alicloud/ecs20140526';
import { createHash } from 'node:crypto';
import { ADAPTERS } from '../../adapters/index.js';
import { TranslateError } from '../errors.js';
import type { EcsClient } from './clients.js';
import type { PlanStep } from './plan-file.js';
import type { StepOutcome } from './steps-aws.js';

export const ALIYUN_STEP_ACTIONS = [
  'AuthorizeSecurityGroup',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroup',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRule',
  'ModifySecurityGroupEgressRule',
  'ModifySecurityGroupPolicy',
  'CreateSecurityGroup',
] as const;

interface TeaModelClass {
  new (map: Record<string, unknown>): object;
  names(): Record<string, string>;
}

/** The package's model classes (top level under Node's ESM loader and vitest alike, or under `default`). */
const ecsNamespace = $Ecs as unknown as Record<string, unknown> & { default?: Record<string, unknown> };
const models = new Proxy<Record<string, TeaModelClass | undefined>>(
  {},
  {
    get: (_, name: string) => (ecsNamespace[name] ?? ecsNamespace.default?.[name]) as TeaModelClass | undefined,
  },
);

/** A wire-named object as an instance of the SDK's model class (camelCase fields, nested lists as their classes). */
function toSdk(className: string, wire: Record<string, unknown>): object {
  const cls = models[className];
  if (cls === undefined) throw new TranslateError('internal', `@alicloud/ecs20140526 has no ${className}`);
  const byWire = new Map(Object.entries(cls.names()).map(([camel, pascal]) => [pascal, camel]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(wire)) {
    const camel = byWire.get(k);
    if (camel === undefined)
      throw new TranslateError('input_invalid', `${className.replace(/Request$/, '')}: unknown parameter ${k}`);
    if (Array.isArray(v) && models[`${className}${k}`] !== undefined)
      out[camel] = v.map((item) => toSdk(`${className}${k}`, item as Record<string, unknown>));
    else out[camel] = v;
  }
  return new cls(out);
}

/** ≤ 64 ASCII characters, the same for every attempt of one step of one plan. */
export function clientToken(planId: string, index: number): string {
  return `sgb-${createHash('sha256').update(`${planId}/${index}`).digest('hex').slice(0, 40)}`;
}

/** Offline check of a step with ECS's own error codes (Aliyun has no dry run). */
export function validateAliyunStep(step: PlanStep): { providerCode: string; message: string; pointer: string }[] {
  if (!step.action.startsWith('Authorize') && !step.action.startsWith('Revoke')) return [];
  return ADAPTERS.aliyun
    .validate({ format: 'json', value: { Action: step.action, ...step.request } })
    .filter((i) => i.severity !== 'warning');
}

export async function runAliyunStep(
  client: EcsClient,
  step: PlanStep,
  token: string,
  region: string | undefined,
  call: <T>(name: string, run: () => Promise<T>) => Promise<T>,
): Promise<StepOutcome> {
  if (!(ALIYUN_STEP_ACTIONS as readonly string[]).includes(step.action)) {
    throw new TranslateError(
      'input_invalid',
      `apply cannot run ${step.action} on Aliyun; steps may be ${ALIYUN_STEP_ACTIONS.join(', ')}`,
    );
  }
  const wire = {
    ...(region !== undefined && step.request['RegionId'] === undefined ? { RegionId: region } : {}),
    ...step.request,
    ClientToken: token,
  };
  const request = toSdk(`${step.action}Request`, wire);
  const method = `${step.action[0]!.toLowerCase()}${step.action.slice(1)}`;
  const fn = (client as unknown as Record<string, (r: object) => Promise<unknown>>)[method];
  if (typeof fn !== 'function') throw new TranslateError('internal', `the ECS client has no ${method}`);
  await call(step.action, () => fn.call(client, request));
  return 'applied';
}

/** CreateSecurityGroup with the step's ClientToken: a retried call answers with the group the first one made. */
export async function createAliyunGroup(
  client: EcsClient,
  step: PlanStep,
  token: string,
  region: string,
  call: <T>(name: string, run: () => Promise<T>) => Promise<T>,
): Promise<string> {
  const request = toSdk('CreateSecurityGroupRequest', { RegionId: region, ...step.request, ClientToken: token });
  const answer = await call('CreateSecurityGroup', () =>
    client.createSecurityGroup(request as $Ecs.CreateSecurityGroupRequest),
  );
  const id = answer.body?.securityGroupId;
  if (id === undefined)
    throw new TranslateError('live_failed', 'CreateSecurityGroup answered without a SecurityGroupId');
  return id;
}
