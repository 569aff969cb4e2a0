/**
 * The pauses of apply's bounded waits (rules not visible yet, a group just created, a taken name's group not
 * listed yet): 200 ms, doubling, at most 3 s apart. Each wait keeps its own budget.
 */
export const FIRST_PAUSE_MS = 200;
const MAX_PAUSE_MS = 3000;

/** The pause after `ms`. */
export function nextPause(ms: number): number {
  return Math.min(ms * 2, MAX_PAUSE_MS);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
