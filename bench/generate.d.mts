/** Types of the benchmark's generators, for the tests that draw groups from them. */
export function aliyunFleet(options: { groups: number; rules: number; seed: number }): Record<string, unknown>[];
export function awsFleet(options: { groups: number; rules: number; seed: number }): {
  SecurityGroups: Record<string, unknown>[];
};
export function fleetGroupId(index: number): string;
export function awsGroupId(index: number): string;
