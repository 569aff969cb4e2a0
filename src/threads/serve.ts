/**
 * The worker side of `runBatches` (pool.ts): answer each batch with `handle`'s result, or with the error it
 * threw (posted as data, so a TranslateError keeps its code and location).
 */
import { parentPort } from 'node:worker_threads';
import { toThreadError, type BatchMessage, type BatchReply } from './pool.js';

export function serveBatches<B, R>(handle: (batch: B) => R): void {
  const port = parentPort;
  if (port === null) throw new Error('serveBatches runs in a worker thread');
  port.on('message', (message: BatchMessage<B>) => {
    let reply: BatchReply<R>;
    try {
      reply = { id: message.id, result: handle(message.batch) };
    } catch (e) {
      reply = { id: message.id, error: toThreadError(e) };
    }
    port.postMessage(reply);
  });
}
