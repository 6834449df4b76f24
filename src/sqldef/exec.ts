import { runProcess, type ProcessResult } from '../lib/exec.js';

export type ExecResult = Omit<ProcessResult, 'spawnError'>;

export type ExecFn = (command: string, args: string[], env: NodeJS.ProcessEnv) => Promise<ExecResult>;

/** Runs a program without a shell, stdin closed, and collects its output; rejects when it cannot start. */
export const execFile: ExecFn = async (command, args, env) => {
  const { spawnError, ...result } = await runProcess(command, args, { env });
  if (spawnError) throw spawnError;
  return result;
};
