import { runProcess, type ProcessOptions, type ProcessResult } from '../lib/exec.js';

export type ExecOptions = Pick<ProcessOptions, 'env' | 'cwd' | 'timeoutMs' | 'onLine'>;
export type ExecResult = Pick<ProcessResult, 'exitCode' | 'stdout' | 'stderr'>;
export type Exec = (command: string, args: string[], options?: ExecOptions) => Promise<ExecResult>;

/** Runs a command without a shell, keeping the last 64 KiB of each stream; a missing program is exit code 127. */
export const runCommand: Exec = (command, args, options = {}) =>
  runProcess(command, args, { ...options, maxOutput: 64 * 1024, keep: 'tail' });
