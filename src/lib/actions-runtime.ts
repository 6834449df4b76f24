// The only library module that touches @actions/core: actions' main.ts files use it, domain code never does.
import * as core from '@actions/core';
import { ConfigurationError, getErrorMessage } from './errors.js';
import type { Logger } from './logger.js';

export const coreLogger: Logger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  error: (message) => core.error(message),
  debug: (message) => core.debug(message),
  group: (name, fn) => core.group(name, fn),
};

/** Masks every non-empty value so nothing printed later can reveal it. */
export function maskSecrets(...values: (string | undefined)[]): void {
  for (const value of values) if (value) core.setSecret(value);
}

/** Sets outputs; objects and arrays are written as JSON, booleans as 'true'/'false'. */
export function setOutputs(outputs: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value === undefined) continue;
    core.setOutput(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/** Runs an action's main function: user mistakes fail without a stack trace, bugs with one. */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof ConfigurationError) {
      core.setFailed(error.message);
    } else {
      if (error instanceof Error && error.stack) core.info(error.stack);
      core.setFailed(getErrorMessage(error));
    }
  }
}

export { core };
