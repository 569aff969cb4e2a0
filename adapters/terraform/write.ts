/**
 * Converted groups → one Terraform document (HCL or `.tf.json`). Groups of the same output reference each other
 * by resource address (`aws_security_group.web.id`); other references keep the ID the pipeline wrote (mapped or
 * same-cloud); a placeholder ID of a group that is not in the output becomes a variable, with a finding. The VPC
 * of a group translated across clouds is a variable too (the source VPC means nothing on the target).
 */
import type { ProviderId } from '../../src/model/rule.js';
import { terraformName, uniqueNames } from '../iac/names.js';
import { isPlaceholderId, tagMap, text, type EmitGroup, type EmitResult } from '../iac/types.js';
import { writeHcl } from './hcl.js';
import { terraformJson, writeTerraformJson } from './json.js';
import { awsBlocks } from './write-aws.js';
import { aliyunBlocks } from './write-aliyun.js';
import { TfExpression, TfNestedBlock, type TfBlock, type TfValue } from './values.js';

export const GROUP_RESOURCE: Readonly<Record<ProviderId, string>> = {
  aws: 'aws_security_group',
  aliyun: 'alicloud_security_group',
};
const PROVIDER_NAME: Readonly<Record<ProviderId, string>> = { aws: 'aws', aliyun: 'alicloud' };
/** Registry sources of the providers (alicloud is not a hashicorp/ provider, so Terraform needs to be told). */
const PROVIDER_SOURCE: Readonly<Record<ProviderId, string>> = { aws: 'hashicorp/aws', aliyun: 'aliyun/alicloud' };

/** How a writer spells references to groups. */
export interface GroupRefs {
  inOutput(id: string): boolean;
  /** A reference to group `id` from group `from`: a resource address, the ID itself, or a variable. */
  expression(id: string, from: EmitGroup): TfValue;
  tags(g: EmitGroup): TfValue | undefined;
}

export function variableName(base: string): string {
  return terraformName(base);
}

/** One Terraform 1.5+ `import` block: the existing object `id` is adopted by the resource at address `to`. */
export interface TfImport {
  readonly to: string;
  readonly id: string;
}

export interface TerraformWriteOptions {
  /** Import blocks written after the resources (`sgbridge plan --emit terraform`). */
  readonly imports?: readonly TfImport[];
  /** The leading comment of the HCL form (default: the convert one). */
  readonly comment?: readonly string[];
}

export function writeTerraform(
  groups: readonly EmitGroup[],
  to: ProviderId,
  syntax: 'hcl' | 'json',
  options: TerraformWriteOptions = {},
): EmitResult {
  const resource = GROUP_RESOURCE[to];
  const names = uniqueNames(
    groups.map((g) => terraformName(text(g.native, to === 'aws' ? 'GroupName' : 'SecurityGroupName') ?? g.targetId)),
    '_',
  );
  const byId = new Map<string, string>();
  groups.forEach((g, i) => {
    if (!byId.has(g.targetId)) byId.set(g.targetId, names[i]!);
  });
  const variables = new Map<string, string>();
  const format = syntax === 'hcl' ? 'Terraform' : 'Terraform JSON';
  const variable = (name: string, description: string, g: EmitGroup, what: string): TfExpression => {
    if (!variables.has(name)) variables.set(name, description);
    g.report.add('iac_variable_added', g.pointer, { what, format, variable: name });
    return new TfExpression(`var.${name}`);
  };
  const refs: GroupRefs = {
    inOutput: (id) => byId.has(id),
    expression: (id, from) => {
      const name = byId.get(id);
      if (name !== undefined) return new TfExpression(`${resource}.${name}.id`);
      if (isPlaceholderId(id))
        return variable(
          variableName(`${id}_id`),
          `The ${to} ID of the group sgbridge named ${id}`,
          from,
          `Group ${id}`,
        );
      return id;
    },
    tags: (g) => tagMap(g.native),
  };
  const blocks: TfBlock[] = [];
  const regions = new Set<string>();
  groups.forEach((g, i) => {
    const name = names[i]!;
    const region = g.region;
    if (region !== undefined) regions.add(region);
    const known = text(g.native, 'VpcId');
    const vpc: TfValue | undefined =
      known ?? variable(`${name}_vpc_id`, `The VPC of security group ${name}`, g, `The VPC of group ${name}`);
    if (to === 'aws') {
      g.report.add('iac_default_egress_removed', g.pointer);
      blocks.push(...awsBlocks(g, name, refs, vpc));
    } else blocks.push(...aliyunBlocks(g, name, refs, vpc));
  });
  const head: TfBlock[] = [
    {
      kind: 'terraform',
      labels: [],
      body: [['required_providers', new TfNestedBlock([[PROVIDER_NAME[to], { source: PROVIDER_SOURCE[to] }]])]],
    },
  ];
  if (regions.size === 1)
    head.push({ kind: 'provider', labels: [PROVIDER_NAME[to]], body: [['region', [...regions][0]!]] });
  for (const [name, description] of variables)
    head.push({ kind: 'variable', labels: [name], body: [['description', description]] });
  const imports: TfBlock[] = (options.imports ?? []).map((i) => ({
    kind: 'import',
    labels: [],
    body: [
      ['to', new TfExpression(i.to)],
      ['id', i.id],
    ],
  }));
  const doc = { blocks: [...head, ...blocks, ...imports] };
  const addresses = names.map((name) => `${resource}.${name}`);
  const comment = options.comment ?? [
    'Written by sgbridge convert: every result below carries the verdict and findings of that run.',
  ];
  const textOut = syntax === 'hcl' ? writeHcl(doc, comment) : writeTerraformJson(doc);
  return { text: textOut, document: terraformJson(doc), addresses };
}
