// The runner side of every action: workflow commands, outputs, summary and the OIDC token.
// Written against the runner's protocol instead of importing @actions/core at start-up, which alone costs
// ~0.5 MB and most of the start-up budget. It writes the same bytes as @actions/core 3 (a differential test
// holds it to that: test/unit/lib/actions-runtime.test.ts); where it does more, the comment says so.
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, statSync } from 'node:fs';
import { EOL } from 'node:os';
import { ActionFailed, ConfigurationError, describeError, getErrorMessage } from './errors.js';
import type { Logger } from './logger.js';
import { installFetchProxy, proxyConfigured } from './proxy.js';
import { redact, registerSecrets } from './redact.js';
import { retry } from './retry.js';

const escapeData = (value: string) => value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (value: string) => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `::name key=value::message`, escaped as the runner unescapes it; empty properties are left out. */
function command(name: string, message: string, properties: Record<string, string> = {}): void {
  const props = Object.entries(properties)
    .filter(([, value]) => value)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  // Outputs and masks pass as given (the runner masks outputs itself); log messages are redacted.
  const text = name === 'add-mask' || name === 'set-output' ? message : redact(message);
  process.stdout.write(
    `::${name || 'missing.command'}${props ? ' ' + props : ''}::${escapeData(text)}${EOL}`,
  );
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

/**
 * Masks every non-empty value so nothing printed later can reveal it. Beyond core.setSecret, each line of a
 * multi-line secret is masked too, because the runner masks the log line by line.
 */
export function maskSecrets(...values: (string | undefined)[]): void {
  // What the runner masks in the log is also redacted from every text sent to GitHub.
  registerSecrets(...values);
  for (const value of values) {
    if (!value) continue;
    command('add-mask', value);
    for (const line of value.split(/\r?\n/)) if (line.trim() && line !== value) command('add-mask', line);
  }
}

/** Appends `name<<delimiter` blocks to a file command (GITHUB_OUTPUT, GITHUB_ENV), as core does. */
function appendKeyValue(file: string, name: string, value: string): void {
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) {
    throw new Error(`Unexpected input: the output '${name}' contains the delimiter "${delimiter}"`);
  }
  appendFileSync(file, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

/**
 * Sets outputs; objects and arrays are written as JSON, booleans and numbers as text. Without GITHUB_OUTPUT
 * (an old runner) it falls back to the escaped `::set-output` command, never a bare `name=value` line.
 */
export function setOutputs(outputs: Record<string, unknown>): void {
  const file = process.env.GITHUB_OUTPUT;
  for (const [name, raw] of Object.entries(outputs)) {
    if (raw === undefined) continue;
    const value = raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
    if (file) {
      appendKeyValue(file, name, value);
    } else {
      process.stdout.write(EOL);
      command('set-output', value, { name });
    }
  }
}

/** The runner refuses to show a job summary over 1 MiB. */
export const SUMMARY_MAX_BYTES = 1024 * 1024;
const TRUNCATED_NOTE = `${EOL}${EOL}_The job summary was cut here: the runner shows at most 1 MiB._${EOL}`;

/**
 * Appends Markdown to the job summary (GITHUB_STEP_SUMMARY); a no-op outside a runner. The file is kept
 * within the runner's 1 MiB limit (in bytes), cutting at a character boundary. The summary is a report of a
 * finished step: when its file cannot be written, this warns instead of failing the step.
 */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    const used = existsSync(file) ? statSync(file).size : 0;
    const redacted = redact(markdown);
    let text = redacted.endsWith('\n') ? redacted : redacted + EOL;
    const room = SUMMARY_MAX_BYTES - used;
    if (Buffer.byteLength(text, 'utf8') > room) {
      const noteBytes = Buffer.byteLength(TRUNCATED_NOTE, 'utf8');
      if (room <= noteBytes) return;
      text = truncateUtf8(text, room - noteBytes) + TRUNCATED_NOTE;
    }
    appendFileSync(file, text, { encoding: 'utf8' });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    command(
      'warning',
      `Could not write the job summary to ${file} (${code ?? message ?? getErrorMessage(error)}); the step's result stands.`,
    );
  }
}

/** The longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--; // step back off a continuation byte
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * Fetches GitHub's OIDC token for an audience, as core.getIDToken does: an empty audience is left out (the
 * token then carries the repository owner's URL), the token is masked. Retried on 5xx and network errors, as
 * many jobs starting at once make the endpoint flaky.
 */
export async function getIdToken(audience?: string): Promise<string> {
  const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const bearer = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!url || !bearer)
    throw new ConfigurationError('No OIDC token: add `permissions: id-token: write` to the job.');
  const requestUrl = audience ? `${url}&audience=${encodeURIComponent(audience)}` : url;
  command('debug', `ID token url is ${requestUrl}`);
  const token = await retry(
    async () => {
      const response = await fetch(requestUrl, {
        headers: {
          authorization: `Bearer ${bearer}`,
          accept: 'application/json',
          'user-agent': 'actions/oidc-client',
        },
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
    if (proxyConfigured()) await installFetchProxy();
    await main();
  } catch (error) {
    const { message, bug } = describeError(error);
    if (bug && error instanceof Error && error.stack) coreLogger.info(error.stack);
    command('error', message);
    process.exitCode = 1;
  }
}
