/**
 * Same-city regions across the clouds. Codes collide (eu-west-1 is London on Aliyun and Ireland on AWS), so
 * regions are mapped by city, never by code. Source: ../shared/reference/cloud-semantics.md A.7 (Aliyun ECS
 * endpoint page; AWS partitions metadata of @aws-sdk 3.1169). reviewed: 2026-11-22
 * A row with `uncertain` is used, and the finding says so.
 */
export interface RegionPair {
  readonly aliyun: string;
  readonly aws: string;
  readonly city: string;
  readonly uncertain?: string;
}

// prettier-ignore
export const REGION_PAIRS: readonly RegionPair[] = [
  { aliyun: 'ap-southeast-1', aws: 'ap-southeast-1', city: 'Singapore' },
  { aliyun: 'ap-northeast-1', aws: 'ap-northeast-1', city: 'Tokyo' },
  { aliyun: 'ap-northeast-2', aws: 'ap-northeast-2', city: 'Seoul' },
  { aliyun: 'eu-central-1',   aws: 'eu-central-1',   city: 'Frankfurt' },
  { aliyun: 'us-east-1',      aws: 'us-east-1',      city: 'Virginia' },
  { aliyun: 'us-west-1',      aws: 'us-west-1',      city: 'Silicon Valley / N. California', uncertain: 'AWS names only "Northern California"' },
  { aliyun: 'eu-west-1',      aws: 'eu-west-2',      city: 'London' },
  { aliyun: 'ap-southeast-3', aws: 'ap-southeast-5', city: 'Kuala Lumpur / Malaysia', uncertain: 'AWS names only "Malaysia"' },
  { aliyun: 'ap-southeast-5', aws: 'ap-southeast-3', city: 'Jakarta' },
  { aliyun: 'ap-southeast-7', aws: 'ap-southeast-7', city: 'Bangkok / Thailand', uncertain: 'AWS names only "Thailand"' },
  { aliyun: 'cn-hongkong',    aws: 'ap-east-1',      city: 'Hong Kong' },
  { aliyun: 'me-east-1',      aws: 'me-central-1',   city: 'Dubai / UAE', uncertain: 'AWS names only "UAE"; Dubai vs Abu Dhabi' },
  { aliyun: 'me-central-1',   aws: 'me-west-1',      city: 'Riyadh / Saudi Arabia', uncertain: 'AWS me-west-1 availability not confirmed' },
  { aliyun: 'ap-south-1',     aws: 'ap-south-1',     city: 'Mumbai', uncertain: 'the Aliyun region is closed' },
  { aliyun: 'ap-southeast-2', aws: 'ap-southeast-2', city: 'Sydney', uncertain: 'the Aliyun region is closed' },
  { aliyun: 'cn-beijing',     aws: 'cn-north-1',     city: 'Beijing', uncertain: 'AWS China (aws-cn partition) is a separate partition with separate accounts' },
];

export function sameCityRegion(from: 'aliyun' | 'aws', region: string): RegionPair | undefined {
  return REGION_PAIRS.find((p) => p[from] === region);
}
