export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** Logger for running cores outside a runner (scripts, the demo, tests). */
export function createConsoleLogger(
  options: { debug?: boolean; write?: (line: string) => void } = {},
): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  return {
    info: (message) => write(message),
    warning: (message) => write(`warning: ${message}`),
    error: (message) => write(`error: ${message}`),
    debug: (message) => {
      if (options.debug) write(`debug: ${message}`);
    },
    async group(name, fn) {
      write(`▶ ${name}`);
      return fn();
    },
  };
}

/** Logger that records every line; for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createConsoleLogger({ debug: true, write: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}
