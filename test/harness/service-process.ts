import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool, TOOLS_PATH } from './tool-path.js';

/** A free TCP port on 127.0.0.1 (the OS picks it; the listener is closed before returning). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

const liveDirs = new Set<string>();

/** A new temp dir, removed by removeDir() or, at the latest, when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  liveDirs.add(dir);
  installExitHook();
  return dir;
}

export function requireTool(name: string): string {
  const path = findTool(name);
  if (!path) throw new Error(`${name} is not installed: run \`npm run provision\` (scripts/provision).`);
  return path;
}

const live = new Set<ServiceProcess>();

/** False once the process is gone or a zombie. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort when a test run ends without stop(): kill every server's process group.
  process.on('exit', () => {
    const pids = [...live].map((service) => service.child.pid);
    for (const service of live) service.killNow();
    // Wait (synchronously: the event loop has stopped) until they are gone before removing their data.
    const deadline = Date.now() + 3000;
    for (const pid of pids) while (pid !== undefined && isAlive(pid) && Date.now() < deadline);
    for (const dir of liveDirs) {
      try {
        rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // best effort at exit
      }
    }
  });
}

export interface SpawnServiceOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Run as this unprivileged user (only when this process is root). */
  user?: string;
}

/**
 * A server process in its own process group that dies with the test process (PR_SET_PDEATHSIG through
 * setpriv), whose output is kept for error messages, and which stop() ends: SIGTERM, then SIGKILL.
 */
export class ServiceProcess {
  readonly child: ChildProcess;
  private output = '';
  exitCode: number | null | undefined = undefined;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    command: string,
    args: string[],
    options: SpawnServiceOptions = {},
  ) {
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...process.env, PATH: TOOLS_PATH, ...options.env })) {
      if (value !== undefined) env[key] = value;
    }
    const setpriv = findTool('setpriv');
    let file = command;
    let argv = args;
    if (setpriv) {
      const privileges =
        options.user && process.getuid?.() === 0
          ? ['--reuid', options.user, '--regid', options.user, '--init-groups']
          : [];
      file = setpriv;
      argv = [...privileges, '--pdeathsig', 'KILL', '--', command, ...args];
      if (privileges.length > 0) env.HOME = '/';
    }
    this.child = spawn(file, argv, {
      env,
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-8000);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        live.delete(this);
        resolve();
      });
      this.child.once('error', (error) => {
        this.output += `\n${error.message}`;
        this.exitCode = -1;
        live.delete(this);
        resolve();
      });
    });
    live.add(this);
    installExitHook();
  }

  get log(): string {
    return this.output;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** Polls `ready` until it returns true; fails early with the server's output when the server exits. */
  async waitUntil(ready: () => Promise<boolean>, timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, 200)) {
      if (!this.running) {
        throw new Error(`${this.name} exited (code ${this.exitCode}) before it was ready:\n${this.log}`);
      }
      if (await ready().catch(() => false)) return;
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`${this.name} was not ready after ${timeoutMs} ms:\n${this.log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  killNow(): void {
    if (!this.running || this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves once the process has exited. */
  async stop(graceMs = 5000): Promise<void> {
    if (this.running && this.child.pid !== undefined) {
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => this.killNow(), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  liveDirs.delete(dir);
}

/** Resolves when an HTTP GET of `url` gets any response (any status). */
export async function httpAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}
