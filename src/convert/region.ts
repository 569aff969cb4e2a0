/**
 * The target region of a converted group: the mapping file first, then the same-city table. Region codes
 * collide across the clouds (eu-west-1 is London on Aliyun and Ireland on AWS), so a code is never reused just
 * because the other cloud has a region of that name.
 */
import { sameCityRegion } from '../../tables/regions.js';
import type { Mapping } from '../idmap/mapping.js';
import type { ProviderId } from '../model/rule.js';
import type { Report } from '../report/report.js';

export function mapRegion(
  region: string | undefined,
  from: ProviderId,
  to: ProviderId,
  mapping: Mapping,
  report: Report,
  at: string,
): string | undefined {
  if (region === undefined || region === '' || from === to) return region || undefined;
  const named = mapping.counterpart('regions', region);
  if (named !== undefined) {
    report.add('region_mapped', at, { from: region, to: named, city: 'from the mapping file' });
    return named;
  }
  const pair = sameCityRegion(from, region);
  if (pair === undefined) {
    report.add('region_unmapped', at, { region, to });
    return undefined;
  }
  const city = pair.uncertain ? `${pair.city}; uncertain: ${pair.uncertain}` : pair.city;
  report.add('region_mapped', at, { from: region, to: pair[to], city });
  return pair[to];
}
