/** A mistake the user can fix (an input, a permission, a file). Reported without a stack trace. */
export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

/** The tool or service did its job and reported failure (a plan, an apply, a build). No stack trace. */
export class ActionFailed extends Error {
  override name = 'ActionFailed';
}

export function getErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

interface ErrorShape {
  name?: string;
  message?: string;
  status?: number;
  code?: string;
  syscall?: string;
  path?: string;
  hostname?: string;
  address?: string;
  port?: number;
  cause?: unknown;
  request?: { method?: string; url?: string };
  $metadata?: { httpStatusCode?: number };
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

const GITHUB_HINTS: Record<number, string> = {
  401: 'the token is invalid or expired: check the token input (a secret that is empty or revoked).',
  403: 'the token lacks a permission, or a rate limit was hit: check the `permissions:` of the job (or the App installation).',
  404: 'it does not exist, or the token cannot see it: check the repository, branch and number, and that the token has access.',
  422: 'GitHub refused the request as invalid.',
};

/** The network failure inside an error (fetch wraps it in `cause`), if any. */
function networkCause(error: unknown): ErrorShape | undefined {
  for (
    let e = error as ErrorShape | undefined, depth = 0;
    e && depth < 5;
    e = e.cause as ErrorShape, depth++
  ) {
    if (e.code && NETWORK_CODES.has(e.code)) return e;
    const inner = (e as { errors?: ErrorShape[] }).errors?.find((x) => x.code && NETWORK_CODES.has(x.code));
    if (inner) return inner;
  }
  return undefined;
}

/**
 * What to print for an error that ended an action: the message, and whether it is a bug (which alone gets a
 * stack trace). User mistakes, failed tools, GitHub answers, network and file-system failures are not bugs.
 */
export function describeError(error: unknown): { message: string; bug: boolean } {
  if (error instanceof ConfigurationError || error instanceof ActionFailed)
    return { message: error.message, bug: false };
  const e = (error ?? {}) as ErrorShape;
  const network = networkCause(error);
  if (network) {
    const host =
      network.hostname ??
      (network.address ? `${network.address}${network.port ? `:${network.port}` : ''}` : undefined);
    return {
      message: `Could not reach ${host ?? 'the server'} (${network.code}${e.message && !e.message.includes(network.code!) ? `: ${e.message}` : ''}). Check the URL or region, that the runner can reach that host (firewall, VPC, HTTPS_PROXY/NO_PROXY) and that the service is up.`,
      bug: false,
    };
  }
  if (typeof e.status === 'number' && e.request?.url) {
    const path = e.request.url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '');
    const hint =
      GITHUB_HINTS[e.status] ?? (e.status >= 500 ? 'GitHub failed after retries: re-run the job later.' : '');
    return {
      message:
        `GitHub API ${e.request.method ?? ''} ${path} failed (HTTP ${e.status}: ${e.message ?? ''}): ${hint}`.replace(
          /\s+:/,
          ':',
        ),
      bug: false,
    };
  }
  if (e.$metadata && e.name) return { message: `AWS ${e.name}: ${e.message ?? ''}`, bug: false };
  if (e.syscall && e.path && e.code) {
    const what: Record<string, string> = {
      ENOENT: 'does not exist',
      EISDIR: 'is a directory, not a file',
      ENOTDIR: 'is not a directory',
      EACCES: 'is not readable or writable by this job',
      EPERM: 'is not readable or writable by this job',
    };
    return { message: `${e.path} ${what[e.code] ?? `failed (${e.code})`}.`, bug: false };
  }
  return { message: getErrorMessage(error), bug: true };
}
