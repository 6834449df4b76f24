import { ConfigurationError, getErrorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import type { Sleep } from '../lib/retry.js';
import type { ClusterApi, KubeObject, ResourceType, Selectors, WatchEvent } from './cluster.js';

export interface WatchHandlers<T extends KubeObject> {
  /** The full set after a (re-)list. */
  onList(items: T[]): void;
  onEvent(event: WatchEvent<T>): void;
  /** An error that retrying cannot fix (Forbidden, 401, a 4xx): the follower stops. */
  onFatal(error: unknown): void;
}

export interface WatchOptions {
  cluster: ClusterApi;
  resource: ResourceType;
  namespace: string;
  selectors?: Selectors;
  signal: AbortSignal;
  logger: Logger;
  sleep?: Sleep;
  /** Whether the API server has answered this follower before: a network error then is an outage, not a wrong address. */
  reached?: () => boolean;
  /** Seconds the server keeps one watch open before the client reconnects from the last version. */
  timeoutSeconds?: number;
}

/** A network failure (connection refused or reset, DNS, timeout): the API server may be restarting. */
export function isNetworkError(error: unknown): boolean {
  const chain: unknown[] = [error, (error as { cause?: unknown })?.cause];
  return chain.some((e) => {
    const { code, message = '' } = (e ?? {}) as { code?: string; message?: string };
    return (
      [
        'ECONNREFUSED',
        'ECONNRESET',
        'ETIMEDOUT',
        'EHOSTUNREACH',
        'ENETUNREACH',
        'EAI_AGAIN',
        'EPIPE',
        'ENOTFOUND',
      ].includes(code ?? '') ||
      /timed out|socket hang up|ECONNREFUSED|ECONNRESET|other side closed/i.test(message)
    );
  });
}

/** Whether another attempt may succeed: a network failure, a 5xx, 429 or an expired watch. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ConfigurationError) return false;
  if ((error as { name?: string }).name === 'WatchExpiredError') return true;
  const status = (error as { status?: number }).status;
  if (status !== undefined) return status >= 500 || status === 429 || status === 410;
  return true;
}

/**
 * Lists, then watches from the list's resourceVersion, for as long as `signal` is not aborted. When the
 * stream ends or the API server goes away it resumes from the last version seen (backing off while the
 * server is down); when that version expired (410) it lists again.
 */
export async function listAndWatch<T extends KubeObject>(
  options: WatchOptions,
  handlers: WatchHandlers<T>,
): Promise<void> {
  const { cluster, resource, namespace, selectors = {}, signal, logger } = options;
  const sleep = options.sleep ?? ((ms: number) => abortableSleep(ms, signal));
  let resourceVersion: string | undefined;
  let failures = 0;
  let answered = false;
  while (!signal.aborted) {
    try {
      if (resourceVersion === undefined) {
        const list = await cluster.list<T>(resource, namespace, selectors);
        resourceVersion = list.metadata.resourceVersion;
        answered = true;
        handlers.onList(list.items);
      }
      for await (const event of cluster.watch<T>(resource, namespace, {
        ...selectors,
        resourceVersion,
        signal,
        timeoutSeconds: options.timeoutSeconds ?? 300,
      })) {
        failures = 0;
        resourceVersion = event.object.metadata.resourceVersion ?? resourceVersion;
        handlers.onEvent(event);
      }
    } catch (error) {
      if (signal.aborted) return;
      // Never reached at all: not a restart but a network path that does not exist (private endpoint).
      if (!isRetryable(error) || (!answered && !options.reached?.() && isNetworkError(error))) {
        handlers.onFatal(error);
        return;
      }
      const status = (error as { status?: number }).status;
      if ((error as { name?: string }).name === 'WatchExpiredError' || status === 410) {
        resourceVersion = undefined;
        continue;
      }
      failures++;
      const waitMs = Math.min(10_000, 500 * 2 ** Math.min(failures, 5));
      if (failures === 1 || failures % 5 === 0) {
        logger.warning(
          `Watch of ${resource.resource} in ${namespace} interrupted (${getErrorMessage(error)}); resuming.`,
        );
      }
      await sleep(waitMs);
    }
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
