/**
 * TCP and UDP port 0 is not traffic: it is reserved, no stack sends to it, and Aliyun port ranges start at 1.
 * So `tcp 0-65535` written as Aliyun `1/65535` means the same traffic, and the verdict is exact
 * (`port_zero_unrepresentable`, info, says so). The engine itself keeps port 0 in its packet space (so
 * `explain` and `diff` still answer about it); only a conversion's verdict leaves out a difference that lies
 * wholly in TCP/UDP port 0. Any other difference, or one the diff did not list in full, keeps the engine's
 * verdict.
 */
import { PORT_PROTOCOLS } from '../../mappings/protocols.js';
import type { SecurityGroup } from '../model/group.js';
import type { Region, Verdict } from '../semantics/api.js';
import { diff } from './engine.js';

/** A region whose every packet is TCP or UDP to port 0. */
export function onlyPortZero(r: Region): boolean {
  return (
    typeof r.protocol === 'number' &&
    PORT_PROTOCOLS.includes(r.protocol) &&
    r.protocols === undefined &&
    r.ports !== undefined &&
    r.ports.from === 0 &&
    r.ports.to === 0
  );
}

/**
 * The verdict of `target` against `source` when TCP/UDP port 0 is not traffic. `engineVerdict` is the
 * engine's verdict of the two; the diff is computed only when that is not exact.
 */
export function verdictWithoutPortZero(engineVerdict: Verdict, source: SecurityGroup, target: SecurityGroup): Verdict {
  if (engineVerdict === 'exact') return engineVerdict;
  const d = diff(source, target);
  const narrower = (d.omittedA ?? 0) > 0 || d.onlyA.some((r) => !onlyPortZero(r));
  const wider = (d.omittedB ?? 0) > 0 || d.onlyB.some((r) => !onlyPortZero(r));
  return narrower ? (wider ? 'mixed' : 'narrower') : wider ? 'wider' : 'exact';
}
