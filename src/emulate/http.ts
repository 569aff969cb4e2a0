/**
 * The HTTP side shared by both emulators: a node:http server on 127.0.0.1 that reads each request, draws its
 * fault, calls the cloud's handler and writes the answer (or drops the connection).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drawFault, type FaultSpec } from './faults.js';

export interface EmulatorRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface CloudHandler {
  /** The answer to a request; state changes happen here. */
  handle(request: EmulatorRequest): EmulatorResponse;
  /** The cloud's throttling and server-error answers. */
  throttled(request: EmulatorRequest): EmulatorResponse;
  serverError(request: EmulatorRequest): EmulatorResponse;
}

export interface FaultCounts {
  throttle: number;
  serverError: number;
  drop: number;
}

export interface HttpEmulator {
  readonly server: Server;
  readonly port: number;
  readonly faults: FaultCounts;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ListenOptions {
  readonly port: number;
  /** Read per request, so faults can change while the server runs. */
  readonly faults: FaultSpec;
  readonly random: () => number;
  readonly host?: string;
  /** Called for every request before its fault is drawn (counting). */
  readonly onRequest?: (request: EmulatorRequest) => void;
}

export async function listen(handler: CloudHandler, options: ListenOptions): Promise<HttpEmulator> {
  const counts: FaultCounts = { throttle: 0, serverError: 0, drop: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const request: EmulatorRequest = {
          method: req.method ?? 'GET',
          url: new URL(req.url ?? '/', 'http://127.0.0.1'),
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        options.onRequest?.(request);
        const fault = drawFault(options.faults, options.random);
        if (fault.delay > 0) await sleep(fault.delay);
        let answer: EmulatorResponse;
        switch (fault.kind) {
          case 'throttle':
            counts.throttle++;
            answer = handler.throttled(request);
            break;
          case 'server-error':
            counts.serverError++;
            answer = handler.serverError(request);
            break;
          case 'drop-before':
            counts.drop++;
            req.socket.destroy();
            return;
          case 'drop-after':
            counts.drop++;
            handler.handle(request);
            req.socket.destroy();
            return;
          default:
            answer = handler.handle(request);
        }
        res.writeHead(answer.status, { 'content-length': String(Buffer.byteLength(answer.body)), ...answer.headers });
        res.end(answer.body);
      })().catch((e: unknown) => {
        // A bug in the emulator: answer 500 with the message rather than hang the client.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`emulator error: ${(e as Error).message}`);
      });
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    faults: counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
