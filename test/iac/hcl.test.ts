/**
 * The HCL writer: `terraform fmt` layout (aligned `=` per run of one-line arguments, maps aligned inside their
 * braces, two-space indents) and escaping, checked against HCL's own parser (@cdktf/hcl2json) as the oracle.
 */
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { hclString, writeHcl } from '../../adapters/terraform/hcl.js';
import { terraformJson } from '../../adapters/terraform/json.js';
import { TfExpression, type TfDocument } from '../../adapters/terraform/values.js';

const doc: TfDocument = {
  blocks: [
    { kind: 'variable', labels: ['web_vpc_id'], body: [['description', 'The VPC']] },
    {
      kind: 'resource',
      labels: ['aws_security_group', 'web'],
      body: [
        ['name', 'web'],
        ['description', 'quotes " and \\ and ${not_a_template} and %{nor_a_directive}'],
        ['vpc_id', new TfExpression('var.web_vpc_id')],
        ['tags', { Name: 'web', 'aws:cloudformation:stack': 'x', team_name: 'net' }],
      ],
    },
    {
      kind: 'resource',
      labels: ['aws_vpc_security_group_ingress_rule', 'web_ingress_1'],
      body: [
        ['security_group_id', new TfExpression('aws_security_group.web.id')],
        ['ip_protocol', 'tcp'],
        ['from_port', 443],
        ['to_port', 443],
        ['cidr_ipv4', '0.0.0.0/0'],
      ],
    },
  ],
};

describe('HCL writer', () => {
  it('should align = in each run of one-line arguments and inside maps, as terraform fmt does', () => {
    expect(writeHcl(doc)).toBe(`variable "web_vpc_id" {
  description = "The VPC"
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "quotes \\" and \\\\ and $\${not_a_template} and %%{nor_a_directive}"
  vpc_id      = var.web_vpc_id
  tags = {
    Name                       = "web"
    "aws:cloudformation:stack" = "x"
    team_name                  = "net"
  }
}

resource "aws_vpc_security_group_ingress_rule" "web_ingress_1" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
`);
  });

  it("should parse back with HCL's own parser to the values written (escapes, expressions, maps)", async () => {
    const parsed = (await parse('main.tf', writeHcl(doc))) as {
      resource: Record<string, Record<string, Record<string, unknown>[]>>;
    };
    const group = parsed.resource['aws_security_group']!['web']![0]!;
    // hcl2json prints expressions as "${…}" and keeps literal "$${" escaped, the .tf.json convention.
    expect(group).toEqual(
      (terraformJson(doc)['resource'] as Record<string, Record<string, unknown>>)['aws_security_group']!['web'],
    );
    expect(parsed.resource['aws_vpc_security_group_ingress_rule']!['web_ingress_1']![0]!['security_group_id']).toBe(
      '${aws_security_group.web.id}',
    );
  });

  it.each([
    ['plain', '"plain"'],
    ['line\nbreak\ttab', '"line\\nbreak\\ttab"'],
    ['\u0001', '"\\u0001"'],
    ['Web 层：对外开放', '"Web 层：对外开放"'],
  ])('should escape %j as %s', (input, expected) => {
    expect(hclString(input)).toBe(expected);
  });

  it("should keep every control character and template sequence through HCL's parser", async () => {
    const tricky = 'a"b\\c\nd\re\tf ${x} %{y} $${z} \u0007 end';
    const parsed = (await parse(
      't.tf',
      writeHcl({ blocks: [{ kind: 'locals', labels: [], body: [['v', tricky]] }] }),
    )) as { locals: { v: string }[] };
    // hcl2json returns the text in Terraform's JSON syntax, where a literal `${` is `$${` and `%{` is `%%{`.
    expect(parsed.locals[0]!.v).toBe(tricky.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{'));
  });
});
