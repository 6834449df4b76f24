// The real Exec: spawns a program without a shell and collects its output (capped so a runaway log
// cannot exhaust memory).
import { spawn } from 'node:child_process';
import type { Exec, ExecResult } from './run.js';

const MAX_OUTPUT = 32 * 1024 * 1024;

export const spawnExec: Exec = (command, args, options) =>
  new Promise<ExecResult>((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (stdout.length < MAX_OUTPUT) stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_OUTPUT) stderr += chunk.toString();
    });
    child.on('error', (error) => resolve({ exitCode: 127, stdout, stderr: `${stderr}${error.message}\n` }));
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr }));
  });
