/**
 * The wait for a created group, on a virtual clock: for any run of calls, each answering NotFound for the new
 * group some number of times before it succeeds, and any budget, the calls succeed exactly when every pause
 * fits in the budget (200 ms doubling per call, at most 3 s; the budget starts at the first NotFound), and
 * otherwise the run fails at the first pause that would pass it, with the provider's code and the count. Any
 * other error is thrown at once, unchanged, with no pause.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TranslateError } from '../../src/errors.js';
import { CreatedGroupWait } from '../../src/live/created-visible.js';

const GROUP = 'sg-0e000000000000001';
const WHERE = 'aws:ap-southeast-1/sg-sgbridge-new-000000000001';
const notFound = (id: string) =>
  new TranslateError('live_failed', `${WHERE}: DescribeSecurityGroups: The security group '${id}' does not exist`, {
    providerCode: 'InvalidGroup.NotFound',
  });

/** The pauses before a call's successive attempts: 200 ms, doubling, at most 3 s. */
function pauses(count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.min(200 * 2 ** i, 3000));
  return out;
}

/** A wait on a virtual clock that only the pauses move; `slept` lists them. */
function virtualWait(timeoutMs: number) {
  let t = 0;
  const slept: number[] = [];
  const logs: string[] = [];
  const wait = new CreatedGroupWait({
    provider: 'aws',
    groupId: GROUP,
    where: WHERE,
    timeoutMs,
    log: (l) => logs.push(l),
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
  });
  return { wait, slept, logs };
}

describe('waiting for a created group (virtual clock)', () => {
  it('should succeed exactly when every pause fits in the budget, else fail at the first that does not', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Budgets at random, and on the edges: a total of pauses, one ms less or more.
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 6 }).chain((notFounds) => {
          const sums = [0];
          for (const p of notFounds.flatMap(pauses)) sums.push(sums.at(-1)! + p);
          const edge = fc
            .tuple(fc.constantFrom(...sums), fc.constantFrom(-1, 0, 1))
            .map(([s, d]) => Math.max(0, s + d));
          return fc.tuple(fc.constant(notFounds), fc.oneof(fc.integer({ min: 0, max: 25_000 }), edge));
        }),
        async ([notFounds, timeoutMs]) => {
          const { wait, slept, logs } = virtualWait(timeoutMs);
          // The oracle: every pause of every call in order, and the first at which the total passes the budget.
          const all = notFounds.flatMap(pauses);
          let total = 0;
          let failsAt = -1;
          for (let i = 0; i < all.length; i++) {
            if (total + all[i]! > timeoutMs) {
              failsAt = i;
              break;
            }
            total += all[i]!;
          }
          let outcome: unknown;
          const perCall: number[] = [];
          try {
            for (const k of notFounds) {
              let left = k;
              const r = await wait.run(() => (left-- > 0 ? Promise.reject(notFound(GROUP)) : Promise.resolve('ok')));
              expect(r.value).toBe('ok');
              perCall.push(r.notFound);
            }
            outcome = 'ok';
          } catch (e) {
            outcome = e;
          }
          if (failsAt < 0) {
            expect(outcome).toBe('ok');
            expect(perCall).toEqual(notFounds);
            expect(slept).toEqual(all);
            const sum = notFounds.reduce((a, b) => a + b, 0);
            expect(wait.visibility).toEqual(sum === 0 ? undefined : { notFound: sum, waitedMs: total });
          } else {
            const error = outcome as TranslateError;
            expect(error).toBeInstanceOf(TranslateError);
            expect(error.location.providerCode).toBe('InvalidGroup.NotFound');
            expect(slept).toEqual(all.slice(0, failsAt));
            const answers = failsAt + 1;
            expect(error.message).toContain(
              `CreateSecurityGroup succeeded (${GROUP}) but the group is still not visible after ${answers} NotFound answer${answers === 1 ? '' : 's'} in ${Math.round(total / 100) / 10} s`,
            );
          }
          // Logged once, at the first NotFound (if any).
          expect(logs).toHaveLength(notFounds.some((k) => k > 0) ? 1 : 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("should throw any other error at once and unchanged: another group's NotFound, other codes, non-live errors", async () => {
    const others = fc.constantFrom<() => Error>(
      () => notFound('sg-0f000000000000002'),
      () =>
        new TranslateError('live_failed', `${WHERE}: AuthorizeSecurityGroupIngress: denied`, {
          providerCode: 'UnauthorizedOperation',
        }),
      () =>
        new TranslateError('live_failed', `${WHERE}: x: The security group '${GROUP}' does not exist`, {
          providerCode: 'InvalidPermission.NotFound',
        }),
      () => new Error(`InvalidGroup.NotFound: The security group '${GROUP}' does not exist`),
    );
    await fc.assert(
      fc.asyncProperty(others, fc.integer({ min: 0, max: 3 }), async (make, before) => {
        const { wait, slept } = virtualWait(60_000);
        const error = make();
        let calls = 0;
        let left = before;
        const caught = await wait
          .run(() => {
            calls++;
            return Promise.reject(left-- > 0 ? notFound(GROUP) : error);
          })
          .catch((e: unknown) => e);
        expect(caught).toBe(error);
        expect(calls).toBe(before + 1);
        expect(slept).toEqual(pauses(before));
      }),
      { numRuns: 100 },
    );
  });
});
