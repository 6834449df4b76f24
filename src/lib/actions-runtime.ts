// The runner side of every action: workflow commands, outputs, summary and the OIDC token.
// Written against the runner's documented protocol instead of importing @actions/core at start-up, which
// alone costs ~0.5 MB and most of the start-up budget; an action needing more of it imports it lazily.
import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';
import { ActionFailed, ConfigurationError, describeError, getErrorMessage } from './errors.js';
import type { Logger } from './logger.js';
import { redact, registerSecrets } from './redact.js';
import { retry } from './retry.js';

const escapeData = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (value: string) => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(name: string, message: string, properties: Record<string, string> = {}): void {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  const text = name === 'add-mask' ? message : redact(message);
  process.stdout.write(`::${name}${props ? ' ' + props : ''}::${escapeData(text)}${EOL}`);
}

export const coreLogger: Logger = {
  info: (message) => process.stdout.write(redact(message) + EOL),
  warning: (message) => command('warning', message),
  error: (message) => command('error', message),
  debug: (message) => command('debug', message),
  async group(name, fn) {
    command('group', name);
    try {
      return await fn();
    } finally {
      command('endgroup', '');
    }
  },
};

/** Masks every non-empty value so nothing printed later can reveal it. */
export function maskSecrets(...values: (string | undefined)[]): void {
  // What the runner masks in the log is also redacted from every text sent to GitHub.
  registerSecrets(...values);
  for (const value of values) {
    if (!value) continue;
    command('add-mask', value);
    // The runner masks line by line: mask each line of a multi-line secret too.
    for (const line of value.split(/\r?\n/)) if (line.trim() && line !== value) command('add-mask', line);
  }
}

/** Sets outputs; objects and arrays are written as JSON, booleans and numbers as text. */
export function setOutputs(outputs: Record<string, unknown>): void {
  const file = process.env.GITHUB_OUTPUT;
  for (const [name, raw] of Object.entries(outputs)) {
    if (raw === undefined) continue;
    const value = typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (file) {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`);
    } else {
      process.stdout.write(`${name}=${value}${EOL}`);
    }
  }
}

/** Appends Markdown, redacted, to the job summary (GITHUB_STEP_SUMMARY); a no-op outside a runner. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  const text = redact(markdown);
  if (file) appendFileSync(file, text.endsWith('\n') ? text : text + EOL);
}

/** Fetches GitHub's OIDC token for an audience; retried, as many jobs starting at once make it flaky. */
export async function getIdToken(audience: string): Promise<string> {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer)
    throw new ConfigurationError('No OIDC token: add `permissions: id-token: write` to the job.');
  const requestUrl = new URL(url);
  requestUrl.searchParams.set('audience', audience);
  const token = await retry(
    async () => {
      const response = await fetch(requestUrl, {
        headers: { authorization: `Bearer ${bearer}`, accept: 'application/json' },
      });
      if (!response.ok) {
        throw Object.assign(new Error(`OIDC token request failed: HTTP ${response.status}`), {
          status: response.status,
        });
      }
      const body = (await response.json()) as { value?: string };
      if (!body.value) throw new Error('OIDC token response has no value.');
      return body.value;
    },
    {
      maxAttempts: 4,
      baseMs: 1000,
      isRetryable: (error) => ((error as { status?: number }).status ?? 500) >= 500,
      onRetry: (error) => coreLogger.warning(getErrorMessage(error)),
    },
  ).catch((error: unknown) => {
    const status = (error as { status?: number }).status;
    if (status === undefined) throw error;
    throw new ActionFailed(
      `GitHub's OIDC token endpoint answered HTTP ${status}${status >= 500 ? ' after 4 attempts: re-run the job later' : ': check `permissions: id-token: write` and the audience'}.`,
    );
  });
  maskSecrets(token);
  return token;
}

/** Runs an action's main function: user mistakes and failed tools fail without a stack trace, bugs with one. */
export async function runAction(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    const { message, bug } = describeError(error);
    if (bug && error instanceof Error && error.stack) coreLogger.info(error.stack);
    command('error', message);
    process.exitCode = 1;
  }
}
