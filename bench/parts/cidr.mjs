/**
 * Part 3: CIDR-set operations against the peer library cidr-tools. Same input, same process, interleaved
 * runs; the two results are also compared as sets, so a fast wrong answer cannot pass.
 */
import { mergeCidr, excludeCidr } from 'cidr-tools';
import { randomCidrs } from '../generate.mjs';
import { measureInterleaved, round } from '../harness.mjs';
import { missing } from '../lib.mjs';

export const CIDR_SEED = 99;

function sameSet(a, b) {
  if (a.length !== b.length) return false;
  const sa = new Set(a);
  return b.every((x) => sa.has(x));
}

export function benchCidr(lib, { count = 10000, warmup = 3, runs = 15 } = {}) {
  const absent = missing(lib, ['mergeCidrs', 'excludeCidrs']);
  if (absent.length) return { ran: false, reason: `not in the build: ${absent.join(', ')}` };
  const cidrs = randomCidrs(count, CIDR_SEED);
  const base = cidrs.slice(0, count / 2);
  const excluded = cidrs.slice(count / 2);
  // One pass of the work: merge all of them, then exclude one half from the other.
  const t = measureInterleaved(
    {
      sgbridge: () => ({ merged: lib.mergeCidrs(cidrs), remaining: lib.excludeCidrs(base, excluded) }),
      cidrTools: () => ({ merged: mergeCidr(cidrs), remaining: excludeCidr(base, excluded) }),
    },
    { warmup, runs },
  );
  const ours = t.sgbridge.value;
  const peer = t.cidrTools.value;
  return {
    ran: true,
    inputs: { cidrs: count, ipv4: cidrs.filter((c) => !c.includes(':')).length, seed: CIDR_SEED },
    work: 'mergeCidrs(all 10,000) + excludeCidrs(first half, second half)',
    sgbridgeMs: round(t.sgbridge.medianMs, 3),
    cidrToolsMs: round(t.cidrTools.medianMs, 3),
    samples: { sgbridge: t.sgbridge.samplesMs, cidrTools: t.cidrTools.samplesMs },
    ratio: round(t.sgbridge.medianMs / t.cidrTools.medianMs, 3),
    outputSizes: {
      merged: [ours.merged.length, peer.merged.length],
      remaining: [ours.remaining.length, peer.remaining.length],
    },
    sameResultAsPeer: sameSet(ours.merged, peer.merged) && sameSet(ours.remaining, peer.remaining),
  };
}
