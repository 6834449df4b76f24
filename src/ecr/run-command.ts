import { spawn } from 'node:child_process';

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the process after this long (a probe that must not hang). */
  timeoutMs?: number;
  /** Called with each line of output (stdout and stderr), e.g. to show the build log. */
  onLine?: (line: string) => void;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export type Exec = (command: string, args: string[], options?: ExecOptions) => Promise<ExecResult>;

const KEEP = 64 * 1024;

/** Runs a command without a shell; a missing program is exit code 127, never a throw. */
export const runCommand: Exec = (command, args, options = {}) =>
  new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    const pending = { out: '', err: '' };
    const child = spawn(command, args, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    const take = (stream: 'out' | 'err') => (chunk: Buffer) => {
      const text = chunk.toString();
      if (stream === 'out') stdout = (stdout + text).slice(-KEEP);
      else stderr = (stderr + text).slice(-KEEP);
      if (!options.onLine) return;
      const lines = (pending[stream] + text).split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', take('out'));
    child.stderr.on('data', take('err'));
    child.on('error', (error: NodeJS.ErrnoException) => {
      resolve({ exitCode: error.code === 'ENOENT' ? 127 : 1, stdout, stderr: stderr + error.message });
    });
    child.on('close', (code, signal) => {
      for (const rest of [pending.out, pending.err]) if (rest && options.onLine) options.onLine(rest);
      resolve({ exitCode: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
