/**
 * Seeded fault injection for the emulators: throttling at a rate, 5xx, dropped connections, latency,
 * read-after-write lag (new rules invisible to describe for a while) and new groups not known yet (NotFound
 * right after their create). One spec string, e.g. `throttle=0.3,5xx=0.05,drop=0.02,latency=20,lag=300,hidenew=3`;
 * the same seed gives the same faults for the same sequence of requests.
 */
import { TranslateError } from '../errors.js';

export interface FaultSpec {
  /** Share of requests answered with the cloud's throttling error (AWS `RequestLimitExceeded` 503, Aliyun `Throttling.User` 400). */
  readonly throttle: number;
  /** Share of requests answered with a 5xx (AWS `InternalError` 500 / `Unavailable` 503, Aliyun `ServiceUnavailable` 503). */
  readonly serverError: number;
  /** Share of requests whose connection is dropped without an answer: half before the call takes effect, half after. */
  readonly drop: number;
  /** Added latency per request, uniform in 0..latency ms. */
  readonly latency: number;
  /** New rules stay invisible to describe for this many ms after they are created. */
  readonly lag: number;
  /** A group made by CreateSecurityGroup answers NotFound to its first this many calls naming it (src/emulate/new-groups.ts). */
  readonly hideNew?: number;
  /** A group made by CreateSecurityGroup answers NotFound for this many ms after its create. */
  readonly hideNewMs?: number;
}

export const NO_FAULTS: FaultSpec = { throttle: 0, serverError: 0, drop: 0, latency: 0, lag: 0 };

const KEYS: Readonly<Record<string, keyof FaultSpec>> = {
  throttle: 'throttle',
  '5xx': 'serverError',
  drop: 'drop',
  latency: 'latency',
  lag: 'lag',
  hidenew: 'hideNew',
  hidenewms: 'hideNewMs',
};

export function parseFaults(text: string | undefined): FaultSpec {
  if (text === undefined || text.trim() === '') return NO_FAULTS;
  const spec: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = { ...NO_FAULTS };
  for (const part of text.split(',')) {
    const [name = '', value = ''] = part.split('=').map((s) => s.trim());
    const key = KEYS[name];
    const n = Number(value);
    if (key === undefined)
      throw new TranslateError(
        'usage',
        `--faults: unknown fault "${name}"; one of ${Object.keys(KEYS).join(', ')} (e.g. throttle=0.3,5xx=0.05,lag=200,hidenew=3)`,
      );
    const rate = key === 'throttle' || key === 'serverError' || key === 'drop';
    if (
      value === '' ||
      !Number.isFinite(n) ||
      n < 0 ||
      (rate && n > 1) ||
      (key === 'hideNew' && !Number.isInteger(n))
    ) {
      throw new TranslateError(
        'usage',
        `--faults: ${name} must be ${rate ? 'a rate from 0 to 1' : key === 'hideNew' ? 'a number of calls' : 'a number of milliseconds'} (got "${value}")`,
      );
    }
    spec[key] = n;
  }
  return spec;
}

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type FaultDecision = {
  kind: 'none' | 'throttle' | 'server-error' | 'drop-before' | 'drop-after';
  delay: number;
};

/** One request's fault, drawn from the seeded generator. */
export function drawFault(spec: FaultSpec, random: () => number): FaultDecision {
  const delay = spec.latency > 0 ? Math.floor(random() * spec.latency) : 0;
  const r = random();
  if (r < spec.throttle) return { kind: 'throttle', delay };
  if (r < spec.throttle + spec.serverError) return { kind: 'server-error', delay };
  if (r < spec.throttle + spec.serverError + spec.drop)
    return { kind: random() < 0.5 ? 'drop-before' : 'drop-after', delay };
  return { kind: 'none', delay };
}
