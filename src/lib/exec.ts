// Runs a program without a shell and collects its output; every action's child processes go through it.
import { spawn } from 'node:child_process';

export interface ProcessOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the process after this long (a probe that must not hang). */
  timeoutMs?: number;
  /** Called with each line of output (stdout and stderr), e.g. to stream a build log. */
  onLine?: (line: string) => void;
  /** Characters kept of each stream, so a runaway log cannot exhaust memory. */
  maxOutput?: number;
  /** Which end of a longer stream is kept: the head (for output that is parsed) or the tail (for logs). */
  keep?: 'head' | 'tail';
}

export interface ProcessResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** Wall time in milliseconds. */
  ms: number;
  /** Set when the program could not be started (exit code 127 when it does not exist). */
  spawnError?: NodeJS.ErrnoException;
}

/** Never rejects: a non-zero exit or a program that cannot start is reported in the result. */
export function runProcess(
  command: string,
  args: string[],
  options: ProcessOptions = {},
): Promise<ProcessResult> {
  const maxOutput = options.maxOutput ?? 32 * 1024 * 1024;
  const keep = options.keep ?? 'head';
  return new Promise((resolve) => {
    const start = performance.now();
    const output = { out: '', err: '' };
    const pending = { out: '', err: '' };
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs,
    });
    const take = (stream: 'out' | 'err') => (chunk: Buffer) => {
      const text = chunk.toString();
      if (keep === 'tail') output[stream] = (output[stream] + text).slice(-maxOutput);
      else if (output[stream].length < maxOutput) output[stream] += text;
      if (!options.onLine) return;
      const lines = (pending[stream] + text).split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const line of lines) options.onLine(line);
    };
    child.stdout.on('data', take('out'));
    child.stderr.on('data', take('err'));
    child.on('error', (error: NodeJS.ErrnoException) => {
      resolve({
        exitCode: error.code === 'ENOENT' ? 127 : 126,
        stdout: output.out,
        stderr: `${output.err}${error.message}\n`,
        ms: performance.now() - start,
        spawnError: error,
      });
    });
    child.on('close', (code, signal) => {
      for (const rest of [pending.out, pending.err]) if (rest && options.onLine) options.onLine(rest);
      resolve({
        exitCode: code ?? (signal ? 128 : 1),
        stdout: output.out,
        stderr: output.err,
        ms: performance.now() - start,
      });
    });
  });
}

/** What a caller of `Exec` gets back. */
export type ExecResult = Pick<ProcessResult, 'exitCode' | 'stdout' | 'stderr'>;

/** Runs a program without a shell in `cwd` with exactly `env`; never rejects for a non-zero exit. */
export type Exec = (
  command: string,
  args: string[],
  options: { cwd: string; env: Record<string, string> },
) => Promise<ExecResult>;

/** The real `Exec`, handed to domain code that must not spawn processes itself. */
export const spawnExec: Exec = (command, args, options) =>
  runProcess(command, args, { cwd: options.cwd, env: options.env });
