// Local services for the ecr-build-push tests: moto (STS and the ECR control plane), an OCI registry
// (the data plane), a fake GitHub OIDC token endpoint and throwaway container storage.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delimiter } from 'node:path';
import { REPO_ROOT } from '../../harness/run-action.js';

// Same search path as test/harness/tools.ts, which cannot be loaded outside jest (the bench uses this file).
const TOOLS_PATH = [join(REPO_ROOT, '.tools', 'bin'), '/usr/sbin', process.env.PATH ?? ''].join(delimiter);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitFor(url: string, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited: ${log()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`${url} did not come up: ${log()}`);
}

function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  let log = '';
  const child = spawn(command, args, {
    env: { ...process.env, PATH: TOOLS_PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
  return { child, stop, log: () => log };
}

export interface Registry {
  host: string;
  url: string;
  stop(): Promise<void>;
}

/** An OCI distribution registry (docker-registry) on loopback, storing into a temp dir; no auth. */
export async function startRegistry(): Promise<Registry> {
  const dir = mkdtempSync(join(tmpdir(), 'registry-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  const server = startProcess('docker-registry', ['serve', config]);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/v2/`, server.child, server.log);
  return {
    host: `127.0.0.1:${port}`,
    url,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Moto {
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const server = startProcess('moto_server', ['-H', '127.0.0.1', '-p', String(port)]);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitFor(`${endpoint}/moto-api/`, server.child, server.log);
  return {
    endpoint,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stop: server.stop,
  };
}

export interface HttpStub {
  url: string;
  requests: { method: string; url: string; headers: Record<string, unknown> }[];
  stop(): Promise<void>;
}

/** A tiny HTTP server on loopback answering with `handler` (fault injection, token endpoints). */
export async function startHttp(
  handler: (request: { method: string; url: string; body: string }) => {
    status: number;
    headers?: Record<string, string>;
    body?: string;
  },
): Promise<HttpStub> {
  const requests: HttpStub['requests'] = [];
  const server: Server = createServer((req, res) => {
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

export const DEFAULT_CLAIMS = {
  iss: 'https://token.actions.githubusercontent.com',
  aud: 'sts.amazonaws.com',
  sub: 'repo:acme/app:ref:refs/heads/main',
  repository: 'acme/app',
  ref: 'refs/heads/main',
};

/** GitHub's OIDC token endpoint: env ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN for the action. */
export async function fakeOidcServer(claims: Record<string, unknown> = DEFAULT_CLAIMS) {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const stub = await startHttp((request) => {
    const audience = new URL(request.url, 'http://x').searchParams.get('audience');
    const jwt = [
      encode({ alg: 'RS256', typ: 'JWT' }),
      encode({ ...claims, aud: audience ?? claims.aud, exp: Math.floor(Date.now() / 1000) + 600 }),
      'signature',
    ].join('.');
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ value: jwt }),
    };
  });
  return {
    ...stub,
    env: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${stub.url}/token`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
    },
  };
}

/** Throwaway storage for podman/buildah (vfs driver, chroot isolation): no daemon, no root config. */
export function containerStorage() {
  const dir = mkdtempSync(join(tmpdir(), 'containers-'));
  mkdirSync(join(dir, 'root'));
  const conf = join(dir, 'storage.conf');
  writeFileSync(
    conf,
    `[storage]\ndriver = "vfs"\nrunroot = "${join(dir, 'run')}"\ngraphroot = "${join(dir, 'root')}"\n`,
  );
  return {
    env: { CONTAINERS_STORAGE_CONF: conf, BUILDAH_ISOLATION: 'chroot' },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
