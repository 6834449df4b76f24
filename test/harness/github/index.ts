// GitHub API emulator: an in-process GitHub REST and GraphQL API with real state, held to GitHub's schemas.
// How to use and extend it: README.md beside this file.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RestContext, RestHandler, Urls } from './context.js';
import { GraphQLDomainError, prepareGraphQL, runGraphQL } from './graphql.js';
import { actionsHandlers } from './handlers/actions.js';
import { gitHandlers } from './handlers/git.js';
import { issuesHandlers } from './handlers/issues.js';
import { pullsHandlers } from './handlers/pulls.js';
import { reposHandlers } from './handlers/repos.js';
import { openApi } from './openapi.js';
import { GitHubError, GitHubState, type Permission } from './state.js';

export { GitHubState, GitHubError } from './state.js';
export type { Permission, PullRequest, Repository, CreateRepoOptions, PullRequestFile } from './state.js';
export { MAX_COMMENT_LENGTH } from './handlers/issues.js';
export { zipFiles, SIGNED_URL_SECONDS, type Artifact } from './artifacts.js';

/** Token that acts as github-actions[bot] with write permission everywhere. */
export const DEFAULT_TOKEN = 'ghs_emulatorDefaultToken000000000000000';
export const DEFAULT_LOGIN = 'github-actions[bot]';

/** REST handlers by operationId (handlers/<family>.ts). */
export const HANDLERS: Record<string, RestHandler> = {
  ...reposHandlers,
  ...gitHandlers,
  ...pullsHandlers,
  ...issuesHandlers,
  ...actionsHandlers,
};

export interface GitHubEmulatorOptions {
  /** Extra tokens: token → login (or { login, permission }). */
  tokens?: Record<string, string | { login: string; permission?: Permission }>;
  /** Web URL used in html_url fields; default https://github.com. */
  webUrl?: string;
  /**
   * Serve GitHub Enterprise Server URLs: REST under /api/v3 and GraphQL at /api/graphql (the layout code
   * deriving the GraphQL URL from GITHUB_API_URL must handle).
   */
  enterprise?: boolean;
  /** Port to listen on (127.0.0.1); default a free one. */
  port?: number;
}

export interface Call {
  method: string;
  path: string;
  operation: string;
  fields?: string[];
  status: number;
  login?: string;
}

export type FaultKind =
  | '5xx'
  | 'secondary-rate-limit'
  | 'ref-exists'
  | 'stale-head'
  | 'auto-merge-not-allowed'
  | 'clean-status'
  | { status: number; message: string };

export interface FaultSpec {
  operation: string;
  kind: FaultKind;
  times?: number;
}

const GRAPHQL_ONLY = new Set(['stale-head', 'auto-merge-not-allowed', 'clean-status']);

export class Calls {
  readonly log: Call[] = [];

  count(operation?: string): number {
    if (operation === undefined) return this.log.length;
    return this.log.filter(
      (call) =>
        call.operation === operation ||
        (operation.startsWith('graphql:') && call.fields?.includes(operation.slice('graphql:'.length))),
    ).length;
  }

  reset(): void {
    this.log.length = 0;
  }
}

export class Faults {
  private readonly queue: (FaultSpec & { remaining: number })[] = [];

  inject(spec: FaultSpec): void {
    const isGraphQL = spec.operation.startsWith('graphql:');
    if (typeof spec.kind === 'string' && GRAPHQL_ONLY.has(spec.kind) && !isGraphQL) {
      throw new Error(
        `Fault ${spec.kind} applies to GraphQL fields ('graphql:<field>'), not ${spec.operation}`,
      );
    }
    if (spec.kind === 'ref-exists' && isGraphQL)
      throw new Error('Fault ref-exists applies to git/create-ref');
    this.queue.push({ ...spec, remaining: spec.times ?? 1 });
  }

  /** Takes the next fault for one of these operations, if any. */
  take(operations: string[]): FaultSpec | undefined {
    const index = this.queue.findIndex((fault) => operations.includes(fault.operation));
    if (index === -1) return undefined;
    const fault = this.queue[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(index, 1);
    return fault;
  }

  pending(): FaultSpec[] {
    return this.queue.map(({ operation, kind, remaining }) => ({ operation, kind, times: remaining }));
  }

  clear(): void {
    this.queue.length = 0;
  }
}

export interface GitHubEmulator {
  apiUrl: string;
  graphqlUrl: string;
  /** DEFAULT_TOKEN: github-actions[bot] with write permission. */
  token: string;
  state: GitHubState;
  calls: Calls;
  faults: Faults;
  /** Requests the real API would reject, and responses that do not match GitHub's schemas. */
  violations: string[];
  /** Throws listing the violations recorded so far. */
  expectNoViolations(): void;
  /** Returns and clears the recorded violations (for tests that provoke them on purpose). */
  takeViolations(): string[];
  /** Environment for a bundle run as a subprocess: GITHUB_API_URL, GITHUB_GRAPHQL_URL, GITHUB_SERVER_URL, GITHUB_TOKEN. */
  env(token?: string): Record<string, string>;
  /** Closes the server; throws when violations are outstanding. */
  stop(): Promise<void>;
}

const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.';

function errorBody(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { message, documentation_url: 'https://docs.github.com/rest', status: String(status), ...extra };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startGitHubEmulator(options: GitHubEmulatorOptions = {}): Promise<GitHubEmulator> {
  const api = openApi();
  const state = new GitHubState();
  const calls = new Calls();
  const faults = new Faults();
  const violations: string[] = [];
  state.addToken(DEFAULT_TOKEN, DEFAULT_LOGIN, 'write');
  for (const [token, value] of Object.entries(options.tokens ?? {})) {
    if (typeof value === 'string') state.addToken(token, value);
    else state.addToken(token, value.login, value.permission);
  }
  const urls: Urls = { api: '', web: (options.webUrl ?? 'https://github.com').replace(/\/+$/, '') };
  const restPrefix = options.enterprise ? '/api/v3' : '';
  const graphqlPath = options.enterprise ? '/api/graphql' : '/graphql';
  let origin = '';

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = (request.method ?? 'GET').toUpperCase();
    const url = new URL(request.url ?? '/', origin);
    const call: Call = { method, path: `${url.pathname}${url.search}`, operation: 'unknown', status: 0 };
    calls.log.push(call);
    const violate = (message: string) => violations.push(`${method} ${call.path}: ${message}`);
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      call.status = status;
      const payload = body === undefined ? '' : JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'x-github-request-id': `EMU:${calls.log.length}`,
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4999',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
        'x-ratelimit-resource': call.operation === 'graphql' ? 'graphql' : 'core',
        // A header value never carries a raw newline (Node refuses it; GitHub percent-encodes URLs).
        ...Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [
            name,
            value.replace(/[\r\n]/g, encodeURIComponent),
          ]),
        ),
      });
      response.end(payload);
    };

    const rawBody = await readBody(request);
    let body: unknown;
    if (rawBody.trim() !== '') {
      try {
        body = JSON.parse(rawBody);
      } catch {
        violate('request body is not valid JSON');
        return send(400, errorBody(400, 'Problems parsing JSON'));
      }
    }

    const isGraphQL = method === 'POST' && url.pathname === graphqlPath;
    const restPath = url.pathname.startsWith(`${restPrefix}/`)
      ? url.pathname.slice(restPrefix.length)
      : undefined;
    const match = isGraphQL || restPath === undefined ? undefined : api.match(method, restPath);
    call.operation = isGraphQL ? 'graphql' : (match?.operation.operationId ?? 'unknown');

    const authorization = request.headers.authorization;
    const token = /^(?:token|bearer)\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    const login = token === undefined ? undefined : state.tokens.get(token);
    if (!login) {
      if (isGraphQL)
        return send(401, {
          message:
            token === undefined ? 'This endpoint requires you to be authenticated.' : 'Bad credentials',
          documentation_url: 'https://docs.github.com/graphql',
        });
      return send(401, errorBody(401, token === undefined ? 'Requires authentication' : 'Bad credentials'));
    }
    call.login = login;

    if (isGraphQL) {
      const { prepared, errors } = prepareGraphQL(body);
      if (!prepared) {
        for (const error of errors ?? []) violate(`GraphQL: ${String(error.message)}`);
        return send(200, { errors });
      }
      call.fields = prepared.fields;
      const fieldFaults = new Map<string, (args: Record<string, unknown>) => GraphQLDomainError>();
      for (const field of prepared.fields) {
        const fault = faults.take([`graphql:${field}`]);
        if (!fault) continue;
        if (fault.kind === '5xx') return send(502, { message: 'Server Error' });
        if (fault.kind === 'secondary-rate-limit') {
          return send(
            403,
            {
              message: SECONDARY_RATE_LIMIT_MESSAGE,
              documentation_url:
                'https://docs.github.com/graphql/overview/rate-limits-and-node-limits-for-the-graphql-api#secondary-rate-limits',
            },
            { 'retry-after': '1' },
          );
        }
        const kind = fault.kind;
        fieldFaults.set(field, (args) => {
          if (kind === 'stale-head') {
            return new GraphQLDomainError(
              'STALE_DATA',
              `Expected branch to point to "${String(args.expectedHeadOid)}" but it did not.  Pull and try again.`,
            );
          }
          if (kind === 'auto-merge-not-allowed')
            return new GraphQLDomainError('UNPROCESSABLE', 'Auto merge is not allowed for this repository');
          if (kind === 'clean-status')
            return new GraphQLDomainError('UNPROCESSABLE', 'Pull request Pull request is in clean status');
          return new GraphQLDomainError(
            'UNPROCESSABLE',
            typeof kind === 'object' ? kind.message : String(kind),
          );
        });
      }
      try {
        const result = await runGraphQL(prepared, { state, login, urls, violation: violate, fieldFaults });
        return send(200, result);
      } catch (error) {
        violate(`emulator error: ${(error as Error).stack ?? String(error)}`);
        return send(500, { message: 'Server Error' });
      }
    }

    if (!match) {
      if (restPath === undefined) violate(`outside the REST API (${restPrefix}/): ${method} ${url.pathname}`);
      else {
        // An empty path parameter leaves a gap (Octokit drops a trailing one): name the operation it was meant for.
        const intended = [`${restPath}/_`, restPath.replace(/\/\//g, '/_/')]
          .map((candidate) => api.match(method, candidate)?.operation.operationId)
          .find(Boolean);
        violate(
          intended
            ? `${intended}: a path parameter is empty or missing: ${method} ${restPath}`
            : `operation not in subset: ${method} ${restPath}`,
        );
      }
      return send(404, errorBody(404, 'Not Found'));
    }
    const { operation, params } = match;
    const checked = api.validateParameters(operation, params, url.searchParams);
    const bodyErrors = api.validateBody(operation, body);
    const requestErrors = [...checked.errors, ...bodyErrors];
    if (requestErrors.length > 0) {
      for (const error of requestErrors) violate(`${operation.operationId}: ${error}`);
      return send(422, errorBody(422, `Invalid request.\n\n${requestErrors.join('\n')}`));
    }
    for (const problem of api.unknownBodyProperties(operation, body))
      violate(`${operation.operationId}: ${problem}`);
    const handler = HANDLERS[operation.operationId];
    if (!handler) {
      violate(`no emulator handler for ${operation.operationId}`);
      return send(501, errorBody(501, 'Not Implemented'));
    }
    const fault = faults.take([operation.operationId]);
    if (fault) {
      if (fault.kind === '5xx') return send(502, { message: 'Server Error' });
      if (fault.kind === 'secondary-rate-limit') {
        return send(
          403,
          errorBody(403, SECONDARY_RATE_LIMIT_MESSAGE, {
            documentation_url:
              'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          }),
          { 'retry-after': '1' },
        );
      }
      if (fault.kind === 'ref-exists') return send(422, errorBody(422, 'Reference already exists'));
      if (typeof fault.kind === 'object')
        return send(fault.kind.status, errorBody(fault.kind.status, fault.kind.message));
    }
    const context: RestContext = {
      state,
      login,
      params,
      query: checked.query,
      body: (body ?? {}) as Record<string, unknown>,
      urls,
      violation: violate,
    };
    let result;
    try {
      result = await handler(context);
    } catch (error) {
      if (error instanceof GitHubError) {
        const payload = errorBody(error.status, error.message, error.extra);
        if (String(error.status) in operation.responses) {
          for (const problem of api.validateResponse(operation, error.status, payload))
            violate(`emulator response: ${problem}`);
        }
        return send(error.status, payload);
      }
      violate(`emulator error: ${(error as Error).stack ?? String(error)}`);
      return send(500, errorBody(500, 'Server Error'));
    }
    const schema = api.responseSchema(operation, result.status);
    const responseBody =
      schema && result.body !== undefined ? api.complete(schema, result.body) : result.body;
    for (const problem of api.validateResponse(operation, result.status, responseBody))
      violate(`emulator response: ${problem}`);
    return send(result.status, responseBody, result.headers);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      violations.push(`emulator crashed: ${(error as Error).stack ?? String(error)}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  urls.api = `${origin}${restPrefix}`;
  const blobs = await startBlobStore(state, calls, violations);
  urls.blob = blobs.url;

  const report = () =>
    `GitHub emulator recorded ${violations.length} violation(s):\n- ${violations.join('\n- ')}`;
  return {
    apiUrl: urls.api,
    graphqlUrl: `${origin}${graphqlPath}`,
    token: DEFAULT_TOKEN,
    state,
    calls,
    faults,
    violations,
    expectNoViolations() {
      if (violations.length > 0) throw new Error(report());
    },
    takeViolations() {
      return violations.splice(0, violations.length);
    },
    env(token = DEFAULT_TOKEN) {
      return {
        GITHUB_API_URL: urls.api,
        GITHUB_GRAPHQL_URL: `${origin}${graphqlPath}`,
        GITHUB_SERVER_URL: urls.web,
        GITHUB_TOKEN: token,
      };
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await blobs.stop();
      if (violations.length > 0) throw new Error(report());
    },
  };
}

/**
 * The blob store artifact downloads redirect to: another origin (so clients drop the token, as they must),
 * answering only a valid, unexpired signature, and refusing a request that carries an Authorization header as
 * GitHub's storage does. Its requests are counted as operation 'blob'.
 */
async function startBlobStore(
  state: GitHubState,
  calls: Calls,
  violations: string[],
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://blob');
    const call: Call = { method: request.method ?? 'GET', path: url.pathname, operation: 'blob', status: 0 };
    calls.log.push(call);
    const send = (status: number, body: string | Buffer, type = 'application/xml') => {
      call.status = status;
      response.writeHead(status, { 'content-type': type, 'content-length': String(body.length) });
      response.end(body);
    };
    const match = /^\/artifacts\/(\d+)\/[^/]+\.zip$/.exec(url.pathname);
    if (request.headers.authorization) {
      violations.push(`GET ${url.pathname}: the blob store was sent an Authorization header`);
      return send(400, '<Error><Code>InvalidAuthenticationInfo</Code></Error>');
    }
    const artifact = match
      ? state.artifacts.redeem(Number(match[1]), url.searchParams.get('sig') ?? '')
      : undefined;
    if (!artifact) return send(403, '<Error><Code>AuthenticationFailed</Code></Error>');
    send(200, artifact.zip, 'application/zip');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
