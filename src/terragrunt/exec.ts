// The real Exec: spawns a program without a shell and collects its output (capped so a runaway log
// cannot exhaust memory).
import { runProcess } from '../lib/exec.js';
import type { Exec } from './run.js';

export const spawnExec: Exec = (command, args, options) =>
  runProcess(command, args, { cwd: options.cwd, env: options.env });
