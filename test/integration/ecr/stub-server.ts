// A tiny HTTP server on loopback that answers every request with `handler`: fault injection (an STS or
// ECR endpoint that refuses, a registry that fails) where the real servers cannot be made to fail.
import { createServer } from 'node:http';

export interface StubServer {
  url: string;
  requests: { method: string; url: string; headers: Record<string, unknown> }[];
  stop(): Promise<void>;
}

export async function startStub(
  handler: (request: { method: string; url: string; body: string }) => {
    status: number;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<StubServer> {
  const requests: StubServer['requests'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      const answer = handler({ method: req.method ?? '', url: req.url ?? '', body });
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
