/**
 * The fleet slices the profiling scripts share (bench/hotspots.mjs: CPU, bench/allocations.mjs: memory): small
 * enough to profile in seconds, the same groups in both, so their figures can be read side by side.
 * `prepare` runs unprofiled; `run` converts and serialises, as the fleet part does.
 */
import { aliyunFleet, awsFleet } from './generate.mjs';
import { FLEET, fleetMapping } from './parts/fleet.mjs';

/** 60 groups of the Aliyun fleet (one response each) and 300 of the AWS fleet (one document). */
export function fleetSlices(lib) {
  const map = lib.createMapping(fleetMapping());
  return {
    'aliyun-to-aws': {
      prepare: () =>
        aliyunFleet({ groups: FLEET.groups, rules: FLEET.rules, seed: FLEET.aliyunSeed })
          .slice(0, 60)
          .map((g) => JSON.stringify(g)),
      run: (texts) => {
        for (const text of texts) JSON.stringify(lib.convert(text, { to: 'aws', map }), null, 2);
      },
    },
    'aws-to-aliyun': {
      prepare: () =>
        JSON.stringify({
          SecurityGroups: awsFleet({
            groups: FLEET.groups,
            rules: FLEET.rules,
            seed: FLEET.awsSeed,
          }).SecurityGroups.slice(0, 300),
        }),
      run: (text) => JSON.stringify(lib.convert(text, { to: 'aliyun', map }), null, 2),
    },
  };
}
