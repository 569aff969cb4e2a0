/** Resource names and logical IDs: valid in their format, stable for a name, unique within a document. */
import { describe, expect, it } from 'vitest';
import { logicalId, terraformName, uniqueNames } from '../../adapters/iac/names.js';

describe('resource names', () => {
  it.each([
    ['web-tier', 'web_tier', 'WebTier'],
    ['Web Tier (prod)', 'web_tier_prod', 'WebTierProd'],
    ['sg-0a1b2c3d', 'sg_0a1b2c3d', 'Sg0a1b2c3d'],
    ['9lives', 'sg_9lives', 'Sg9lives'],
    ['Web 层', 'web', 'Web'],
    ['层', 'group', 'Group'],
    ['', 'group', 'Group'],
  ])('should name %j %s in Terraform and %s as a logical ID', (name, tf, logical) => {
    expect(terraformName(name)).toBe(tf);
    expect(logicalId(name)).toBe(logical);
    expect(terraformName(name)).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
    expect(logicalId(name)).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });

  it('should make repeated names unique in order, the first one unchanged', () => {
    expect(uniqueNames(['web', 'db', 'web', 'web', 'web_2'], '_')).toEqual(['web', 'db', 'web_2', 'web_3', 'web_2_2']);
    expect(uniqueNames(['Web', 'Web'], '')).toEqual(['Web', 'Web2']);
  });
});
