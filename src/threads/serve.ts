/**
 * The worker side of `runBatches` (pool.ts): each run starts with its data, from which `start` makes the
 * batch handler; each batch is answered with the handler's result, or with the error it threw (posted as
 * data, so a TranslateError keeps its code and location). At the end of a run the handler, and whatever the
 * run's data holds, is dropped.
 */
import { parentPort } from 'node:worker_threads';
import { toThreadError, type BatchReply, type PoolMessage } from './pool.js';

export function serveBatches<D, B, R>(start: (data: D) => (batch: B) => R): void {
  const port = parentPort;
  if (port === null) throw new Error('serveBatches runs in a worker thread');
  let handle: ((batch: B) => R) | undefined;
  let startError: unknown;
  port.on('message', (message: PoolMessage<B>) => {
    if (message.kind === 'end') {
      handle = undefined;
      startError = undefined;
      return;
    }
    if (message.kind === 'start') {
      handle = undefined;
      startError = undefined;
      try {
        handle = start(message.data as D);
      } catch (e) {
        startError = e;
      }
      return;
    }
    let reply: BatchReply<R>;
    if (handle === undefined) {
      // The run's data could not be used: every batch of the run fails with that error.
      reply = { id: message.id, error: toThreadError(startError ?? new Error('a batch before the start of its run')) };
    } else {
      try {
        reply = { id: message.id, result: handle(message.batch) };
      } catch (e) {
        reply = { id: message.id, error: toThreadError(e) };
      }
    }
    port.postMessage(reply);
  });
}
