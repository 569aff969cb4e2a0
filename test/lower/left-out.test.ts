/**
 * A rule a reader cannot read is returned as an explicit LeftOut, made only by Report.leaveOut (which
 * records it), so no reader can drop a rule without the run knowing; the verdict then counts it.
 */
import { describe, expect, it } from 'vitest';
import { readPermission as readAliyunPermission } from '../../adapters/aliyun/permission.js';
import { readPermission as readAwsPermission } from '../../adapters/aws/read-permission.js';
import { Node } from '../../adapters/aws/values.js';
import { convert } from '../../src/convert/convert.js';
import { isLeftOut, Report } from '../../src/report/report.js';

describe('left-out rules are explicit', () => {
  it('AWS: an unreadable peer entry is a LeftOut beside the rules read, and recorded', () => {
    const report = new Report();
    const perm = Node.root(
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '10.0.0.x/8' }] },
      {},
      '/IpPermissions/0',
    );
    const out = readAwsPermission(perm, { direction: 'ingress', report, shape: 'DescribeSecurityGroups' });
    expect(out.map((r) => (isLeftOut(r) ? `left out ${r.leftOut.pointer}` : 'rule'))).toEqual([
      'rule',
      'left out /IpPermissions/0/IpRanges/1/CidrIp',
    ]);
    expect(report.skipped.map((s) => s.rulePointer)).toEqual(['/IpPermissions/0/IpRanges/1']);
  });

  it('AWS: an unreadable match leaves the whole permission out, once', () => {
    const report = new Report();
    const perm = Node.root(
      { IpProtocol: 'tcp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
      {},
      '/IpPermissions/0',
    );
    const out = readAwsPermission(perm, { direction: 'ingress', report, shape: 'DescribeSecurityGroups' });
    expect(out.every(isLeftOut)).toBe(true);
    expect(report.skipped.map((s) => s.rulePointer)).toEqual(['/IpPermissions/0']);
  });

  it('Aliyun: a masked address is a LeftOut, recorded with the value unreadable', () => {
    const report = new Report();
    const fields = new Map(
      Object.entries({ IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: '10.0.*.*', Policy: 'Accept' }).map(
        ([k, v]) => [k, { value: v, pointer: `/Permissions/Permission/0/${k}` }],
      ),
    );
    const out = readAliyunPermission(
      { pointer: '/Permissions/Permission/0', direction: 'ingress', fields } as never,
      report,
    );
    expect(isLeftOut(out)).toBe(true);
    expect(report.skipped).toHaveLength(1);
    expect(report.findings.map((f) => f.code)).toContain('value_unreadable');
  });

  it('a left-out rule counts in the verdict of the conversion', () => {
    const input = JSON.stringify({
      SecurityGroups: [
        {
          GroupId: 'sg-1',
          GroupName: 'g',
          Description: 'd',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }, { CidrIp: '' }] },
          ],
          IpPermissionsEgress: [],
        },
      ],
    });
    const g = convert(input, { to: 'model', skipInvalid: true }).groups[0]!;
    expect(g.verdict).toBe('narrower');
  });
});
