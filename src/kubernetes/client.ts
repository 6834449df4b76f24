import { request as httpsRequest, type RequestOptions } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { ConfigurationError } from '../lib/errors.js';
import { apiVersionOf, RESOURCES, resourcePath, type ResourceType } from './resources.js';

/** How the client proves who it is: a bearer token (fetched before each request) or a client certificate. */
export type KubeAuth =
  | { token: () => Promise<string> | string }
  | { clientCertificate: string; clientKey: string }
  | { none: true };

export interface KubeClientOptions {
  /** `https://host:port` of the API server. */
  server: string;
  /** PEM bundle the server's certificate must chain to. */
  ca?: string;
  auth: KubeAuth;
  /** Who the client is, for error messages (`User "…"`); the server's own wording wins when it has one. */
  identity?: string;
  requestTimeoutMs?: number;
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'patch' | 'update' | 'delete';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    generation?: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface KubeList<T extends KubeObject = KubeObject> {
  metadata: { resourceVersion?: string; continue?: string };
  items: T[];
}

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

export interface Selectors {
  labelSelector?: string;
  fieldSelector?: string;
}

export type PatchType = 'merge' | 'strategic' | 'json' | 'apply';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** A Status answer of the API server (`kind: Status`). */
interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  code?: number;
}

export class KubernetesApiError extends Error {
  override name = 'KubernetesApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly verb: Verb,
    readonly resource: ResourceType,
    readonly namespace: string | undefined,
  ) {
    super(message);
  }
}

/** 403: says which verb on which resource and namespace was refused, and the RBAC rule that grants it. */
export class ForbiddenError extends ConfigurationError {
  override name = 'ForbiddenError';
  readonly status = 403;
  constructor(
    message: string,
    readonly verb: Verb,
    readonly resource: ResourceType,
    readonly namespace: string | undefined,
  ) {
    super(message);
  }
}

/** 410 Gone on a watch: the resourceVersion is too old; list again and watch from the list's version. */
export class WatchExpiredError extends Error {
  override name = 'WatchExpiredError';
}

/** The rule, in Role YAML flow style, that grants `verb` on `resource`. */
export function rbacRule(verb: Verb, resource: ResourceType): string {
  return `{apiGroups: ["${resource.group}"], resources: ["${resource.resource}"], verbs: ["${verb}"]}`;
}

export function explainForbidden(
  verb: Verb,
  resource: ResourceType,
  namespace: string | undefined,
  serverMessage: string | undefined,
  identity: string | undefined,
): string {
  const where = resource.namespaced && namespace ? `in namespace '${namespace}'` : 'cluster-wide';
  const user = identity ?? /User "([^"]+)"/.exec(serverMessage ?? '')?.[1];
  const who = user ? `'${user}'` : 'this identity';
  const binding =
    resource.namespaced && namespace
      ? `a Role in namespace '${namespace}' bound to ${who} with a RoleBinding`
      : `a ClusterRole bound to ${who} with a ClusterRoleBinding`;
  const apiGroup = resource.group === '' ? 'the core API group' : `API group '${resource.group}'`;
  return (
    `Kubernetes refused to ${verb} ${resource.resource} (${apiGroup}) ${where}` +
    (serverMessage ? `: ${serverMessage.replace(/\.?\s*$/, '.')}` : '.') +
    ` Grant it with the rule ${rbacRule(verb, resource)} in ${binding}` +
    ' (on EKS: an access entry for the IAM role with an access policy or Kubernetes group that carries this rule).'
  );
}

/**
 * A small Kubernetes REST client: get, list, watch, create, patch and delete of any resource type,
 * counting each call by verb. Errors carry the verb, resource and namespace; a 403 becomes a
 * ForbiddenError naming the RBAC rule to add.
 */
export class KubeClient {
  /** API calls made, by verb (a watch reconnect counts again). */
  readonly calls: Record<Verb, number> = {
    get: 0,
    list: 0,
    watch: 0,
    create: 0,
    patch: 0,
    update: 0,
    delete: 0,
  };
  private readonly url: URL;

  constructor(private readonly options: KubeClientOptions) {
    this.url = new URL(options.server);
  }

  get totalCalls(): number {
    return Object.values(this.calls).reduce((sum, n) => sum + n, 0);
  }

  async get<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    return this.json<T>('get', resource, namespace, 'GET', resourcePath(resource, namespace, name));
  }

  /** The object, or undefined when it does not exist. */
  async find<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    try {
      return await this.get<T>(resource, namespace, name);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  async list<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace?: string,
    selectors: Selectors = {},
  ): Promise<KubeList<T>> {
    return this.json<KubeList<T>>(
      'list',
      resource,
      namespace,
      'GET',
      resourcePath(resource, namespace) + query({ ...selectors }),
    );
  }

  /** Creates an object; for a subresource (`serviceaccounts/token`) pass the parent's `name`. */
  async create<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    name?: string,
  ): Promise<T> {
    const object = { apiVersion: apiVersionOf(resource), kind: resource.kind, ...body };
    return this.json<T>(
      'create',
      resource,
      namespace,
      'POST',
      resourcePath(resource, namespace, name),
      object,
    );
  }

  async patch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    patch: unknown,
    type: PatchType = 'merge',
    options: { fieldManager?: string; force?: boolean } = {},
  ): Promise<T> {
    const params: Record<string, string | undefined> = { fieldManager: options.fieldManager };
    if (options.force) params.force = 'true';
    return this.json<T>(
      'patch',
      resource,
      namespace,
      'PATCH',
      resourcePath(resource, namespace, name) + query(params),
      patch,
      PATCH_CONTENT_TYPES[type],
    );
  }

  /** Replaces the object (PUT); with `metadata.resourceVersion` set, a concurrent change answers 409. */
  async replace<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
  ): Promise<T> {
    const object = { apiVersion: apiVersionOf(resource), kind: resource.kind, ...body };
    return this.json<T>(
      'update',
      resource,
      namespace,
      'PUT',
      resourcePath(resource, namespace, name),
      object,
    );
  }

  /** Deletes the object; resolves quietly when it is already gone. */
  async delete(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    options: {
      propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
      /** Delete only this version of the object (a changed one answers 409 Conflict). */
      resourceVersion?: string;
    } = {},
  ): Promise<void> {
    const body =
      options.propagationPolicy || options.resourceVersion
        ? {
            kind: 'DeleteOptions',
            apiVersion: 'v1',
            ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
            ...(options.resourceVersion
              ? { preconditions: { resourceVersion: options.resourceVersion } }
              : {}),
          }
        : undefined;
    try {
      await this.json('delete', resource, namespace, 'DELETE', resourcePath(resource, namespace, name), body);
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return;
      throw error;
    }
  }

  /** Plain text of a subresource (pods/log). */
  async text(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    params: Record<string, string | undefined> = {},
  ): Promise<string> {
    const response = await this.send(
      'get',
      resource,
      namespace,
      'GET',
      resourcePath(resource, namespace, name) + query(params),
    );
    return (await readAll(response)).toString('utf8');
  }

  /**
   * A container's log as it is written (`pods/log?follow=true`), line by line, until the container ends,
   * the server closes the stream or `signal` aborts. One API call.
   */
  async *follow(
    namespace: string,
    pod: string,
    options: { container?: string; signal?: AbortSignal } = {},
  ): AsyncGenerator<string> {
    const path =
      resourcePath(RESOURCES.podLog, namespace, pod) +
      query({ follow: 'true', container: options.container });
    let response: IncomingMessage;
    try {
      response = await this.send('get', RESOURCES.podLog, namespace, 'GET', path, undefined, undefined, {
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) return;
      throw error;
    }
    try {
      yield* lines(response);
    } catch (error) {
      if (options.signal?.aborted) return;
      throw error;
    } finally {
      response.destroy();
    }
  }

  /** GET of a path that is not a resource (`/readyz`, `/version`), as text. */
  async raw(path: string): Promise<string> {
    const nonResource: ResourceType = { group: '', version: '', resource: path, kind: '', namespaced: false };
    return (await readAll(await this.send('get', nonResource, undefined, 'GET', path))).toString('utf8');
  }

  /**
   * Watch events from `resourceVersion` on. When the server ends the stream (it does every few minutes)
   * the watch resumes from the last version seen; a 410 Gone throws WatchExpiredError. Stops when `signal`
   * aborts or the consumer breaks out of the loop.
   */
  async *watch<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    options: Selectors & { resourceVersion?: string; signal?: AbortSignal; timeoutSeconds?: number } = {},
  ): AsyncGenerator<WatchEvent<T>> {
    let resourceVersion = options.resourceVersion;
    while (!options.signal?.aborted) {
      const path =
        resourcePath(resource, namespace) +
        query({
          watch: '1',
          allowWatchBookmarks: 'true',
          labelSelector: options.labelSelector,
          fieldSelector: options.fieldSelector,
          resourceVersion,
          timeoutSeconds: String(options.timeoutSeconds ?? 300),
        });
      let response: IncomingMessage;
      try {
        response = await this.send('watch', resource, namespace, 'GET', path, undefined, undefined, {
          signal: options.signal,
        });
      } catch (error) {
        if (options.signal?.aborted) return;
        throw error;
      }
      try {
        for await (const line of lines(response)) {
          if (!line.trim()) continue;
          const event = JSON.parse(line) as { type: string; object: KubeObject & StatusBody };
          if (event.type === 'ERROR') {
            if (event.object.code === 410) throw new WatchExpiredError(event.object.message ?? '410 Gone');
            throw new KubernetesApiError(
              `watch ${resource.resource} failed: ${event.object.message ?? JSON.stringify(event.object)}`,
              event.object.code ?? 500,
              event.object.reason,
              'watch',
              resource,
              namespace,
            );
          }
          resourceVersion = event.object.metadata?.resourceVersion ?? resourceVersion;
          if (event.type === 'BOOKMARK') continue;
          yield event as WatchEvent<T>;
        }
      } catch (error) {
        if (options.signal?.aborted) return;
        if (error instanceof WatchExpiredError || error instanceof KubernetesApiError) throw error;
        if (error instanceof SyntaxError) throw error;
        // The connection dropped: resume from the last version seen.
      } finally {
        response.destroy();
      }
    }
  }

  /**
   * Resolves with the object once `done` returns true for it: one GET, then a watch of that object from
   * the GET's version. Rejects after `timeoutMs` with the last state seen.
   */
  async waitFor<T extends KubeObject = KubeObject>(
    resource: ResourceType,
    namespace: string | undefined,
    name: string,
    done: (object: T) => boolean,
    options: { timeoutMs: number; description?: string; signal?: AbortSignal },
  ): Promise<T> {
    const controller = new AbortController();
    let last: T | undefined;
    const timer = setTimeout(() => controller.abort(), options.timeoutMs);
    const stop = () => controller.abort();
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const list = await this.list<T>(resource, namespace, { fieldSelector: `metadata.name=${name}` });
        last = list.items[0];
        if (last && done(last)) return last;
        try {
          for await (const event of this.watch<T>(resource, namespace, {
            fieldSelector: `metadata.name=${name}`,
            resourceVersion: list.metadata.resourceVersion,
            signal: controller.signal,
          })) {
            last = event.object;
            if (event.type !== 'DELETED' && done(event.object)) return event.object;
          }
        } catch (error) {
          if (error instanceof WatchExpiredError) continue;
          throw error;
        }
        if (controller.signal.aborted) break;
      }
      if (options.signal?.aborted) throw new Error(`Stopped waiting for ${resource.kind} ${name}.`);
      throw new Error(
        `Timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${resource.kind} ${namespace ? `${namespace}/` : ''}${name}` +
          (options.description ? ` to ${options.description}` : '') +
          `; last seen: ${last ? JSON.stringify({ status: last.status }) : 'not found'}`,
      );
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
      controller.abort();
    }
  }

  private async json<T>(
    verb: Verb,
    resource: ResourceType,
    namespace: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ): Promise<T> {
    const response = await this.send(verb, resource, namespace, method, path, body, contentType);
    return JSON.parse((await readAll(response)).toString('utf8')) as T;
  }

  private async send(
    verb: Verb,
    resource: ResourceType,
    namespace: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
    /** A long-lived response (a watch, a log follow): no request timeout, and a connection of its own. */
    stream?: { signal?: AbortSignal },
  ): Promise<IncomingMessage> {
    this.calls[verb]++;
    const headers: Record<string, string> = { accept: 'application/json' };
    const auth = this.options.auth;
    if ('token' in auth) headers.authorization = `Bearer ${await auth.token()}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body);
      headers['content-type'] = contentType ?? 'application/json';
      // Node frames a DELETE body only with an explicit length; without it the server reads an empty
      // body (the DeleteOptions lost) and the body's bytes as the next request on the connection.
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const requestOptions: RequestOptions = {
      method,
      host: this.url.hostname,
      port: this.url.port || (this.url.protocol === 'https:' ? 443 : 80),
      path,
      headers,
      ca: this.options.ca,
      signal: stream?.signal,
      timeout: stream ? undefined : (this.options.requestTimeoutMs ?? 30_000),
      // Node's global agent closes a socket idle for 5 s, which would end a quiet stream every 5 s (one more
      // call each time): a stream gets its own connection, closed when it ends.
      ...(stream ? { agent: false } : {}),
    };
    if ('clientCertificate' in auth) {
      requestOptions.cert = auth.clientCertificate;
      requestOptions.key = auth.clientKey;
    }
    const send = this.url.protocol === 'http:' ? httpRequest : httpsRequest;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(requestOptions, resolve);
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', (error) =>
        reject(
          Object.assign(new Error(`Kubernetes API ${this.options.server}: ${error.message}`), {
            cause: error,
          }),
        ),
      );
      req.end(payload);
    });
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return response;
    const text = (await readAll(response)).toString('utf8');
    let parsed: StatusBody = {};
    try {
      parsed = JSON.parse(text) as StatusBody;
    } catch {
      parsed = { message: text.trim() };
    }
    if (status === 403) {
      throw new ForbiddenError(
        explainForbidden(verb, resource, namespace, parsed.message, this.options.identity),
        verb,
        resource,
        namespace,
      );
    }
    if (status === 401) {
      throw new ConfigurationError(
        `Kubernetes API ${this.options.server} refused the credentials (401 Unauthorized) on ${verb} ${resource.resource}: ` +
          'the token was not accepted. On EKS, check that the role has an access entry (or a mapRoles line) for this cluster.',
      );
    }
    const where = namespace ? ` in namespace '${namespace}'` : '';
    throw new KubernetesApiError(
      `${verb} ${resource.resource}${where} failed: HTTP ${status}${parsed.reason ? ` ${parsed.reason}` : ''}: ${parsed.message ?? text}`,
      status,
      parsed.reason,
      verb,
      resource,
      namespace,
    );
  }
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

async function* lines(stream: IncomingMessage): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of stream) {
    buffer += (chunk as Buffer).toString('utf8');
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      yield buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
    }
  }
  if (buffer !== '') yield buffer;
}
