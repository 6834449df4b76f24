export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  /** Whether an error is worth another attempt. Return a number to wait that many ms instead of backing off. */
  isRetryable: (error: unknown, attempt: number) => boolean | number;
  maxAttempts?: number;
  baseMs?: number;
  maxMs?: number;
  sleep?: Sleep;
  random?: () => number;
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

/** Calls fn until it succeeds, an error is not retryable, or attempts run out. Backoff is full jitter. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseMs = options.baseMs ?? 500;
  const maxMs = options.maxMs ?? 20_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const verdict = attempt < maxAttempts ? options.isRetryable(error, attempt) : false;
      if (verdict === false) throw error;
      const waitMs =
        typeof verdict === 'number'
          ? verdict
          : Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (attempt - 1)));
      options.onRetry?.(error, attempt, waitMs);
      await sleep(waitMs);
    }
  }
}
