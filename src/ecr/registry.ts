// A small client for the OCI distribution API: resolves a tag to its digest on ECR or any OCI registry.
import { createHash } from 'node:crypto';
import { ConfigurationError, getErrorMessage } from '../lib/errors.js';
import type { Logger } from '../lib/logger.js';
import { retry, type Sleep } from '../lib/retry.js';

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

export interface RegistryEndpoint {
  /** host[:port] */
  host: string;
  /** Plain HTTP (a local registry). */
  insecure: boolean;
  username?: string;
  password?: string;
}

export interface RegistryDeps {
  fetch: typeof fetch;
  sleep: Sleep;
  logger: Logger;
  /** Attempts for transient failures (5xx, connection errors). */
  attempts?: number;
}

class TransientRegistryError extends Error {}

/** A registry reference string for messages. */
export const imageRef = (endpoint: RegistryEndpoint, repository: string, reference: string) =>
  `${endpoint.host}/${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? getErrorMessage(error);
}

/** The registry's credentials were refused: say what to check rather than retrying. */
export function explainRegistryDenied(host: string, status: number, repository: string): string {
  return (
    `The registry ${host} refused the credentials (HTTP ${status}) for ${repository}. ` +
    (host.includes('.dkr.ecr.')
      ? 'Check that the role may call ecr:BatchGetImage, ecr:BatchCheckLayerAvailability, ecr:InitiateLayerUpload, ' +
        'ecr:UploadLayerPart, ecr:CompleteLayerUpload and ecr:PutImage on the repository, that the repository policy ' +
        "does not deny it, and that 'registry' (when set) is the registry of the same account and region."
      : "Check 'registry-username' / 'registry-password', or that the token is for this registry.")
  );
}

export class RegistryClient {
  private bearer: string | undefined;
  constructor(
    private readonly endpoint: RegistryEndpoint,
    private readonly deps: RegistryDeps,
  ) {}

  private get baseUrl(): string {
    return `${this.endpoint.insecure ? 'http' : 'https'}://${this.endpoint.host}`;
  }

  private basic(): string | undefined {
    const { username, password } = this.endpoint;
    if (username === undefined || password === undefined) return undefined;
    return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  }

  /** One request with auth: Basic first; a Bearer challenge is answered with a token from its realm. */
  private async request(
    method: 'HEAD' | 'GET' | 'PUT',
    path: string,
    repository: string,
    body?: { data: Buffer; contentType: string },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: MANIFEST_TYPES.join(', ') };
    if (body) headers['content-type'] = body.contentType;
    const auth = this.bearer ? `Bearer ${this.bearer}` : this.basic();
    if (auth) headers.authorization = auth;
    const send = () => this.deps.fetch(`${this.baseUrl}${path}`, { method, headers, body: body?.data });
    let response = await send();
    const challenge = response.headers.get('www-authenticate') ?? '';
    // A new challenge (e.g. push scope after a pull token) gets one fresh token.
    if (response.status === 401 && /^bearer /i.test(challenge)) {
      this.bearer = await this.fetchToken(challenge, repository);
      headers.authorization = `Bearer ${this.bearer}`;
      response = await send();
    }
    return response;
  }

  /** Runs one registry exchange, retrying transient failures, and words the final failure. */
  private async withRetries<T>(ref: string, fn: () => Promise<T>): Promise<T> {
    const attempts = this.deps.attempts ?? 4;
    try {
      return await retry(
        async () => {
          try {
            return await fn();
          } catch (error) {
            if (
              error instanceof ConfigurationError ||
              error instanceof TransientRegistryError ||
              error instanceof RegistryRefusal
            ) {
              throw error;
            }
            // fetch() itself failed: connection refused or reset, DNS, TLS.
            throw new TransientRegistryError(describeCause(error));
          }
        },
        {
          maxAttempts: attempts,
          baseMs: 500,
          sleep: this.deps.sleep,
          isRetryable: (error) => error instanceof TransientRegistryError,
          onRetry: (error, attempt, waitMs) =>
            this.deps.logger.warning(
              `Registry request for ${ref} failed (${getErrorMessage(error)}); attempt ${attempt + 1} of ${attempts} in ${(waitMs / 1000).toFixed(1)} s.`,
            ),
        },
      );
    } catch (error) {
      if (error instanceof TransientRegistryError) {
        throw new Error(
          `Cannot reach the registry ${this.endpoint.host} (${getErrorMessage(error)}) after ${attempts} attempts. ` +
            "Check that the runner can reach it (proxy, VPC endpoint, firewall) and that 'registry', when set, is right.",
        );
      }
      throw error;
    }
  }

  private check(response: Response, repository: string): void {
    if (response.status === 401 || response.status === 403) {
      throw new ConfigurationError(explainRegistryDenied(this.endpoint.host, response.status, repository));
    }
    if (response.status >= 500 || response.status === 429) {
      throw new TransientRegistryError(`HTTP ${response.status}`);
    }
  }

  private async fetchToken(challenge: string, repository: string): Promise<string> {
    const params = Object.fromEntries(
      [...challenge.slice(7).matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]),
    );
    if (!params.realm) throw new Error(`The registry sent a Bearer challenge without a realm: ${challenge}`);
    const url = new URL(params.realm);
    if (params.service) url.searchParams.set('service', params.service);
    url.searchParams.set('scope', params.scope ?? `repository:${repository}:pull`);
    const basic = this.basic();
    const response = await this.deps.fetch(url, { headers: basic ? { authorization: basic } : {} });
    if (response.status === 401 || response.status === 403) {
      throw new ConfigurationError(explainRegistryDenied(this.endpoint.host, response.status, repository));
    }
    if (!response.ok) throw new TransientRegistryError(`token request: HTTP ${response.status}`);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new Error('The registry token endpoint returned no token.');
    return token;
  }

  /** The digest the tag resolves to, or undefined when the repository or tag does not exist. */
  async resolve(repository: string, reference: string): Promise<string | undefined> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const ref = imageRef(this.endpoint, repository, reference);
    return this.withRetries(ref, async () => {
      const response = await this.request('HEAD', path, repository);
      if (response.status === 404) return undefined;
      this.check(response, repository);
      if (!response.ok) throw new Error(`The registry answered HTTP ${response.status} for ${ref}.`);
      const digest = response.headers.get('docker-content-digest');
      if (digest) return digest;
      // Some registries leave the header out of HEAD: hash the manifest itself.
      const body = Buffer.from(await (await this.request('GET', path, repository)).arrayBuffer());
      return `sha256:${createHash('sha256').update(body).digest('hex')}`;
    });
  }

  /** Points `tag` at the manifest `digest` already in the repository (no blobs move). */
  async tag(repository: string, digest: string, tag: string): Promise<void> {
    const source = await this.withRetries(imageRef(this.endpoint, repository, digest), async () => {
      const response = await this.request('GET', `/v2/${repository}/manifests/${digest}`, repository);
      this.check(response, repository);
      if (!response.ok) {
        throw new Error(
          `The registry answered HTTP ${response.status} for ${imageRef(this.endpoint, repository, digest)}.`,
        );
      }
      return {
        data: Buffer.from(await response.arrayBuffer()),
        contentType: (response.headers.get('content-type') ?? '').split(';')[0] ?? '',
      };
    });
    await this.withRetries(imageRef(this.endpoint, repository, tag), async () => {
      const response = await this.request('PUT', `/v2/${repository}/manifests/${tag}`, repository, source);
      this.check(response, repository);
      if (!response.ok) {
        throw new RegistryRefusal(response.status, await response.text());
      }
    });
  }
}

/** The registry refused a write (e.g. ECR's TAG_INVALID for an existing tag in an immutable repository). */
export class RegistryRefusal extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`The registry answered HTTP ${status}: ${body.slice(0, 500)}`);
  }
}
