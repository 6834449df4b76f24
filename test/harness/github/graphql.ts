import { schema as publishedSchema } from '@octokit/graphql-schema';
import {
  buildClientSchema,
  execute,
  getOperationAST,
  getNamedType,
  GraphQLError,
  Kind,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  validate,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values.js';
import { userJson } from './context.js';
import {
  decodeNodeId,
  GitHubError,
  nodeId,
  permissionAtLeast,
  type GitHubState,
  type PullRequest,
  type Repository,
} from './state.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Obj = Record<string, any>;

let schema: GraphQLSchema | undefined;
/** GitHub's published GraphQL schema (@octokit/graphql-schema), built once per process. */
export function githubSchema(): GraphQLSchema {
  if (!schema) {
    const introspection = publishedSchema.json as unknown as { data?: unknown };
    schema = buildClientSchema(
      (introspection.data ?? introspection) as Parameters<typeof buildClientSchema>[0],
    );
  }
  return schema;
}

export interface PreparedGraphQL {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** Top-level fields, e.g. ['createCommitOnBranch'] — the names used by the call log and faults. */
  fields: string[];
  variables: Obj;
  operationName?: string;
}

/** Parses and validates a GraphQL request against GitHub's schema; returns GitHub-style errors when invalid. */
export function prepareGraphQL(body: unknown): { prepared?: PreparedGraphQL; errors?: Obj[] } {
  const { query, variables, operationName } = (body ?? {}) as {
    query?: unknown;
    variables?: unknown;
    operationName?: string;
  };
  if (typeof query !== 'string')
    return { errors: [{ message: 'A query attribute must be specified and must be a string.' }] };
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const e = error as GraphQLError;
    return { errors: [{ message: `Parse error: ${e.message}`, locations: e.locations }] };
  }
  const validationErrors = validate(githubSchema(), document);
  if (validationErrors.length > 0) {
    return {
      errors: validationErrors.map((e) => ({
        message: e.message,
        locations: e.locations,
        extensions: { code: 'undefinedField' },
      })),
    };
  }
  const operation = getOperationAST(document, operationName);
  if (!operation)
    return {
      errors: [{ message: 'An operation name is required when the document has several operations.' }],
    };
  const coerced = getVariableValues(
    githubSchema(),
    operation.variableDefinitions ?? [],
    (variables ?? {}) as Obj,
  );
  if (coerced.errors)
    return { errors: coerced.errors.map((e) => ({ message: e.message, locations: e.locations })) };
  const paginationErrors = checkPagination(document, coerced.coerced);
  if (paginationErrors.length > 0) return { errors: paginationErrors };
  const fields = operation.selectionSet.selections.flatMap((selection) =>
    selection.kind === 'Field' ? [selection.name.value] : [],
  );
  return { prepared: { document, operation, fields, variables: (variables ?? {}) as Obj, operationName } };
}

/**
 * GitHub's node limits, which the schema cannot express: every connection needs `first` or `last`, at most 100.
 */
function checkPagination(document: DocumentNode, variables: Obj): Obj[] {
  const errors: Obj[] = [];
  const typeInfo = new TypeInfo(githubSchema());
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const field = typeInfo.getFieldDef();
        if (!field) return;
        const type = getNamedType(field.type);
        const argNames = new Set(field.args.map((arg) => arg.name));
        if (!type.name.endsWith('Connection') || !argNames.has('first') || !argNames.has('last')) return;
        const value = (name: string): unknown => {
          const argument = node.arguments?.find((candidate) => candidate.name.value === name);
          if (!argument) return undefined;
          if (argument.value.kind === Kind.VARIABLE) return variables[argument.value.name.value];
          return argument.value.kind === Kind.INT ? Number(argument.value.value) : null;
        };
        const first = value('first');
        const last = value('last');
        const name = node.name.value;
        if ((first === undefined || first === null) && (last === undefined || last === null)) {
          errors.push({
            type: 'MISSING_PAGINATION_BOUNDARIES',
            locations: node.loc
              ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }]
              : undefined,
            message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
          });
        }
        for (const [argument, count] of [
          ['first', first],
          ['last', last],
        ] as const) {
          if (typeof count === 'number' && (count > 100 || count < 0)) {
            errors.push({
              type: 'EXCESSIVE_PAGINATION',
              message: `Requesting ${count} records on the \`${name}\` connection exceeds the \`${argument}\` limit of 100 records.`,
            });
          }
        }
      },
    }),
  );
  return errors;
}

/** A GraphQL error as GitHub reports it: `type` (NOT_FOUND, UNPROCESSABLE, FORBIDDEN, STALE_DATA…) and message. */
export class GraphQLDomainError extends GraphQLError {
  constructor(type: string, message: string) {
    super(message, { extensions: { type } });
  }
}

export interface GraphQLContext {
  state: GitHubState;
  login: string;
  urls: { api: string; web: string };
  violation: (message: string) => void;
  /** Faulted top-level fields answer with this error (built from the field's input) instead of running. */
  fieldFaults: Map<string, (args: Obj) => GraphQLDomainError>;
}

function actor(context: GraphQLContext, login: string): Obj {
  const user = context.state.user(login);
  const rest = userJson(context, login);
  return {
    __typename: user.type === 'Bot' ? 'Bot' : 'User',
    id: rest.node_id,
    login: user.login,
    url: rest.html_url,
    avatarUrl: rest.avatar_url,
    resourcePath: `/${user.login}`,
    databaseId: user.id,
  };
}

function commitObject(context: GraphQLContext, repo: Repository, sha: string): Obj {
  const commit = repo.store.commit(sha)!;
  const [headline, ...rest] = commit.message.split('\n');
  return {
    __typename: 'Commit',
    id: nodeId('C', repo.id, sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').trim(),
    committedDate: commit.committer.date,
    authoredDate: commit.author.date,
    pushedDate: commit.committer.date,
    url: `${context.urls.web}/${repo.fullName}/commit/${sha}`,
    commitUrl: `${context.urls.web}/${repo.fullName}/commit/${sha}`,
    tree: { __typename: 'Tree', id: nodeId('T', repo.id, commit.tree), oid: commit.tree },
    parents: () => ({
      totalCount: commit.parents.length,
      nodes: commit.parents.map((parent) => commitObject(context, repo, parent)),
    }),
    repository: () => repositoryObject(context, repo),
  };
}

function refObject(context: GraphQLContext, repo: Repository, qualifiedName: string): Obj | null {
  const sha = repo.refs.get(qualifiedName);
  if (!sha) return null;
  const match = /^(refs\/(?:heads|tags)\/)(.+)$/.exec(qualifiedName);
  return {
    __typename: 'Ref',
    id: nodeId('REF', repo.id, qualifiedName),
    name: match ? match[2] : qualifiedName,
    prefix: match ? match[1] : 'refs/',
    target: commitObject(context, repo, sha),
    repository: () => repositoryObject(context, repo),
  };
}

function pullRequestObject(context: GraphQLContext, repo: Repository, pull: PullRequest): Obj {
  const { state } = context;
  const fullName = repo.fullName;
  return {
    __typename: 'PullRequest',
    id: nodeId('PR', repo.id, pull.number),
    databaseId: pull.id,
    number: pull.number,
    title: pull.title,
    body: pull.body ?? '',
    url: `${context.urls.web}/${fullName}/pull/${pull.number}`,
    permalink: `${context.urls.web}/${fullName}/pull/${pull.number}`,
    state: pull.merged ? 'MERGED' : pull.state === 'open' ? 'OPEN' : 'CLOSED',
    closed: pull.state === 'closed',
    isDraft: pull.draft,
    merged: pull.merged,
    mergedAt: pull.mergedAt,
    createdAt: pull.createdAt,
    updatedAt: pull.updatedAt,
    mergeable: () => {
      const mergeable = pull.state === 'open' ? state.mergeable(fullName, pull.number) : null;
      return mergeable === null ? 'UNKNOWN' : mergeable ? 'MERGEABLE' : 'CONFLICTING';
    },
    mergeStateStatus: () => state.mergeStateStatus(fullName, pull.number),
    headRefName: pull.head,
    headRefOid: pull.headSha,
    baseRefName: pull.base,
    baseRefOid: pull.baseSha,
    headRef: () => refObject(context, repo, `refs/heads/${pull.head}`),
    baseRef: () => refObject(context, repo, `refs/heads/${pull.base}`),
    mergeCommit: () => (pull.mergeCommitSha ? commitObject(context, repo, pull.mergeCommitSha) : null),
    author: () => actor(context, pull.user),
    autoMergeRequest: () =>
      pull.autoMerge
        ? {
            __typename: 'AutoMergeRequest',
            enabledAt: pull.autoMerge.enabledAt,
            enabledBy: actor(context, pull.autoMerge.enabledBy),
            mergeMethod: pull.autoMerge.mergeMethod.toUpperCase(),
            commitHeadline: pull.autoMerge.commitHeadline ?? null,
            commitBody: null,
            authorEmail: null,
          }
        : null,
    labels: () => ({
      totalCount: pull.labels.length,
      nodes: pull.labels.map((name) => ({
        __typename: 'Label',
        id: nodeId('LA', repo.id, name),
        name,
        color: 'ededed',
      })),
    }),
    repository: () => repositoryObject(context, repo),
  };
}

function issueCommentObject(context: GraphQLContext, repo: Repository, commentId: number): Obj | null {
  const comment = repo.comments.get(commentId);
  if (!comment) return null;
  return {
    __typename: 'IssueComment',
    id: nodeId('IC', repo.id, comment.id),
    databaseId: comment.id,
    body: comment.body,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    isMinimized: comment.minimized !== null,
    minimizedReason: comment.minimized?.reason ?? null,
    viewerCanMinimize: permissionAtLeast(context.state.permission(repo, context.login), 'triage'),
    url: `${context.urls.web}/${repo.fullName}/pull/${comment.issueNumber}#issuecomment-${comment.id}`,
    author: () => actor(context, comment.user),
  };
}

function repositoryObject(context: GraphQLContext, repo: Repository): Obj {
  return {
    __typename: 'Repository',
    id: nodeId('R', repo.id),
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: repo.fullName,
    url: `${context.urls.web}/${repo.fullName}`,
    isPrivate: repo.visibility !== 'public',
    visibility: repo.visibility.toUpperCase(),
    autoMergeAllowed: repo.allowAutoMerge,
    mergeCommitAllowed: repo.allowMergeCommit,
    squashMergeAllowed: repo.allowSquashMerge,
    rebaseMergeAllowed: repo.allowRebaseMerge,
    deleteBranchOnMerge: repo.deleteBranchOnMerge,
    viewerPermission: () => {
      const permission = context.state.permission(repo, context.login);
      return permission === 'none' ? null : permission.toUpperCase();
    },
    owner: () => ({ ...actor(context, repo.owner), __typename: 'User' }),
    defaultBranchRef: () => refObject(context, repo, `refs/heads/${repo.defaultBranch}`),
    ref: ({ qualifiedName }: { qualifiedName: string }) =>
      refObject(
        context,
        repo,
        qualifiedName.startsWith('refs/') ? qualifiedName : `refs/heads/${qualifiedName}`,
      ),
    pullRequest: ({ number }: { number: number }) => {
      const pull = repo.pulls.get(number);
      if (!pull)
        throw new GraphQLDomainError(
          'NOT_FOUND',
          `Could not resolve to a PullRequest with the number of ${number}.`,
        );
      return pullRequestObject(context, repo, pull);
    },
    pullRequests: (args: {
      states?: string[];
      headRefName?: string;
      baseRefName?: string;
      first?: number;
      last?: number;
    }) => {
      const states = args.states?.map((s) => s.toLowerCase());
      const pulls = [...repo.pulls.values()].filter((pull) => {
        const pullState = pull.merged ? 'merged' : pull.state;
        return (
          (!states || states.includes(pullState)) &&
          (args.headRefName === undefined || pull.head === args.headRefName) &&
          (args.baseRefName === undefined || pull.base === args.baseRefName)
        );
      });
      const limited =
        args.last !== undefined ? pulls.slice(-args.last) : pulls.slice(0, args.first ?? pulls.length);
      return {
        totalCount: pulls.length,
        nodes: limited.map((pull) => pullRequestObject(context, repo, pull)),
        pageInfo: {
          hasNextPage: limited.length < pulls.length,
          hasPreviousPage: false,
          endCursor: null,
          startCursor: null,
        },
      };
    },
    object: ({ oid: objectOid, expression }: { oid?: string; expression?: string }) => {
      if (objectOid) return repo.store.commit(objectOid) ? commitObject(context, repo, objectOid) : null;
      if (!expression) return null;
      const colon = expression.indexOf(':');
      const rev = colon === -1 ? expression : expression.slice(0, colon);
      const sha = context.state.resolveRef(repo, rev);
      if (!sha) return null;
      if (colon === -1) return commitObject(context, repo, sha);
      const entry = repo.store.lookup(repo.store.commit(sha)!.tree, expression.slice(colon + 1));
      if (!entry) return null;
      if (entry.type === 'blob') {
        const content = repo.store.blob(entry.sha)!.content;
        const isBinary = content.includes(0);
        return {
          __typename: 'Blob',
          id: nodeId('B', repo.id, entry.sha),
          oid: entry.sha,
          byteSize: content.length,
          isBinary,
          isTruncated: false,
          text: isBinary ? null : content.toString('utf8'),
        };
      }
      if (entry.type === 'tree') {
        return {
          __typename: 'Tree',
          id: nodeId('T', repo.id, entry.sha),
          oid: entry.sha,
          entries: repo.store.tree(entry.sha)!.entries.map((child) => ({
            __typename: 'TreeEntry',
            name: child.name,
            oid: child.sha,
            mode: parseInt(child.mode, 8),
            type: child.type,
            path: `${expression.slice(colon + 1).replace(/\/$/, '')}/${child.name}`.replace(/^\//, ''),
          })),
        };
      }
      return null;
    },
  };
}

function repoOrThrow(context: GraphQLContext, fullName: string): Repository {
  try {
    return context.state.repo(fullName);
  } catch {
    throw new GraphQLDomainError(
      'NOT_FOUND',
      `Could not resolve to a Repository with the name '${fullName}'.`,
    );
  }
}

function requireWrite(context: GraphQLContext, repo: Repository, mutation: string): void {
  if (!permissionAtLeast(context.state.permission(repo, context.login), 'write')) {
    throw new GraphQLDomainError(
      'FORBIDDEN',
      `${context.login} does not have the correct permissions to execute \`${mutation}\``,
    );
  }
}

function pullByNodeId(context: GraphQLContext, id: string): { repo: Repository; pull: PullRequest } {
  const decoded = decodeNodeId(id);
  if (decoded?.prefix === 'PR') {
    const repo = [...context.state.repos.values()].find(
      (candidate) => String(candidate.id) === decoded.parts[0],
    );
    const pull = repo?.pulls.get(Number(decoded.parts[1]));
    if (repo && pull) return { repo, pull };
  }
  throw new GraphQLDomainError('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
}

function nodeById(context: GraphQLContext, id: string): Obj | null {
  const decoded = decodeNodeId(id);
  if (!decoded) return null;
  const repo = [...context.state.repos.values()].find(
    (candidate) => String(candidate.id) === decoded.parts[0],
  );
  if (!repo) return null;
  switch (decoded.prefix) {
    case 'R':
      return repositoryObject(context, repo);
    case 'PR': {
      const pull = repo.pulls.get(Number(decoded.parts[1]));
      return pull ? pullRequestObject(context, repo, pull) : null;
    }
    case 'IC':
      return issueCommentObject(context, repo, Number(decoded.parts[1]));
    case 'C':
      return repo.store.commit(decoded.parts[1]!) ? commitObject(context, repo, decoded.parts[1]!) : null;
    default:
      return null;
  }
}

function mergeMethod(method: string | undefined): 'merge' | 'squash' | 'rebase' {
  return (method ?? 'MERGE').toLowerCase() as 'merge' | 'squash' | 'rebase';
}

function fault(context: GraphQLContext, field: string, args: Obj): void {
  const error = context.fieldFaults.get(field);
  if (error) throw error(args);
}

function rootValue(context: GraphQLContext): Obj {
  const { state } = context;
  return {
    viewer: () => {
      // Installation tokens (GITHUB_TOKEN, a GitHub App's) act as a bot that cannot read `viewer`.
      if (context.login.endsWith('[bot]'))
        throw new GraphQLDomainError('FORBIDDEN', 'Resource not accessible by integration');
      return actor(context, context.login);
    },
    repository: ({ owner, name }: { owner: string; name: string }) => {
      fault(context, 'repository', { owner, name });
      return repositoryObject(context, repoOrThrow(context, `${owner}/${name}`));
    },
    node: ({ id }: { id: string }) => {
      fault(context, 'node', { id });
      return nodeById(context, id);
    },
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => nodeById(context, id)),

    createCommitOnBranch: ({ input }: { input: Obj }) => {
      fault(context, 'createCommitOnBranch', input);
      const branch = input.branch as {
        repositoryNameWithOwner?: string;
        repositoryId?: string;
        branchName: string;
      };
      let repo: Repository;
      if (branch.repositoryNameWithOwner) repo = repoOrThrow(context, branch.repositoryNameWithOwner);
      else {
        const node = branch.repositoryId ? decodeNodeId(branch.repositoryId) : undefined;
        const found = [...state.repos.values()].find(
          (candidate) => node?.prefix === 'R' && String(candidate.id) === node.parts[0],
        );
        if (!found)
          throw new GraphQLDomainError(
            'NOT_FOUND',
            `Could not resolve to a node with the global id of '${branch.repositoryId}'`,
          );
        repo = found;
      }
      requireWrite(context, repo, 'CreateCommitOnBranch');
      const refName = `refs/heads/${branch.branchName.replace(/^refs\/heads\//, '')}`;
      const head = repo.refs.get(refName);
      // GitHub answers a missing branch like a moved one.
      if (!head || input.expectedHeadOid !== head) {
        throw new GraphQLDomainError(
          'STALE_DATA',
          `Expected branch to point to "${input.expectedHeadOid}" but it did not.  Pull and try again.`,
        );
      }
      const files = state.files(repo, head);
      const changes = (input.fileChanges ?? {}) as {
        additions?: { path: string; contents: string }[];
        deletions?: { path: string }[];
      };
      for (const deletion of changes.deletions ?? []) {
        if (!files.delete(deletion.path)) {
          throw new GraphQLDomainError(
            'UNPROCESSABLE',
            `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
          );
        }
      }
      for (const addition of changes.additions ?? []) {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(addition.contents.replace(/\s/g, ''))) {
          throw new GraphQLDomainError(
            'UNPROCESSABLE',
            `The contents of ${addition.path} are not valid Base64.`,
          );
        }
        const existing = files.get(addition.path);
        files.set(addition.path, {
          mode: existing?.mode ?? '100644',
          sha: repo.store.putBlob(Buffer.from(addition.contents, 'base64')),
        });
      }
      const message = input.message as { headline: string; body?: string };
      const text = message.body ? `${message.headline}\n\n${message.body}` : message.headline;
      const sha = state.commitFiles(repo, files, [head], text, context.login);
      repo.verified.add(sha);
      state.setRef(repo, refName, sha);
      return {
        clientMutationId: input.clientMutationId ?? null,
        commit: commitObject(context, repo, sha),
        ref: refObject(context, repo, refName),
      };
    },

    enablePullRequestAutoMerge: ({ input }: { input: Obj }) => {
      fault(context, 'enablePullRequestAutoMerge', input);
      const { repo, pull } = pullByNodeId(context, input.pullRequestId);
      requireWrite(context, repo, 'EnablePullRequestAutoMerge');
      if (!repo.allowAutoMerge)
        throw new GraphQLDomainError('UNPROCESSABLE', 'Auto merge is not allowed for this repository');
      if (pull.state !== 'open') throw new GraphQLDomainError('UNPROCESSABLE', 'Pull request is closed');
      if (input.expectedHeadOid && input.expectedHeadOid !== pull.headSha) {
        throw new GraphQLDomainError('UNPROCESSABLE', 'Head sha did not match the expected head oid');
      }
      const method = mergeMethod(input.mergeMethod);
      const allowed = {
        merge: repo.allowMergeCommit,
        squash: repo.allowSquashMerge,
        rebase: repo.allowRebaseMerge,
      };
      if (!allowed[method])
        throw new GraphQLDomainError(
          'UNPROCESSABLE',
          `Merge method ${method} merging is not allowed on this repository`,
        );
      pull.autoMerge = {
        mergeMethod: method,
        enabledBy: context.login,
        enabledAt: state.timestamp(),
        commitHeadline: input.commitHeadline ?? undefined,
      };
      // Nothing left to wait for: GitHub merges right away (see the index for the fault that emulates the refusal).
      if (state.mergeStateStatus(repo.fullName, pull.number) === 'CLEAN')
        state.setChecks(repo.fullName, pull.number, 'success');
      return {
        clientMutationId: input.clientMutationId ?? null,
        actor: actor(context, context.login),
        pullRequest: pullRequestObject(context, repo, pull),
      };
    },

    disablePullRequestAutoMerge: ({ input }: { input: Obj }) => {
      fault(context, 'disablePullRequestAutoMerge', input);
      const { repo, pull } = pullByNodeId(context, input.pullRequestId);
      requireWrite(context, repo, 'DisablePullRequestAutoMerge');
      pull.autoMerge = null;
      return {
        clientMutationId: input.clientMutationId ?? null,
        actor: actor(context, context.login),
        pullRequest: pullRequestObject(context, repo, pull),
      };
    },

    mergePullRequest: ({ input }: { input: Obj }) => {
      fault(context, 'mergePullRequest', input);
      const { repo, pull } = pullByNodeId(context, input.pullRequestId);
      requireWrite(context, repo, 'MergePullRequest');
      try {
        state.mergePullRequest(repo.fullName, pull.number, {
          method: mergeMethod(input.mergeMethod),
          login: context.login,
          commitTitle: input.commitHeadline ?? undefined,
          commitMessage: input.commitBody ?? undefined,
          sha: input.expectedHeadOid ?? undefined,
        });
      } catch (error) {
        if (error instanceof GitHubError) throw new GraphQLDomainError('UNPROCESSABLE', error.message);
        throw error;
      }
      return {
        clientMutationId: input.clientMutationId ?? null,
        actor: actor(context, context.login),
        pullRequest: pullRequestObject(context, repo, pull),
      };
    },

    minimizeComment: ({ input }: { input: Obj }) => {
      fault(context, 'minimizeComment', input);
      const decoded = decodeNodeId(input.subjectId);
      const repo = [...state.repos.values()].find((candidate) => String(candidate.id) === decoded?.parts[0]);
      const comment = decoded?.prefix === 'IC' ? repo?.comments.get(Number(decoded.parts[1])) : undefined;
      if (!repo || !comment)
        throw new GraphQLDomainError(
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.subjectId}'`,
        );
      if (
        comment.user.toLowerCase() !== context.login.toLowerCase() &&
        !permissionAtLeast(state.permission(repo, context.login), 'triage')
      ) {
        throw new GraphQLDomainError(
          'FORBIDDEN',
          `${context.login} does not have the correct permissions to execute \`MinimizeComment\``,
        );
      }
      comment.minimized = { reason: String(input.classifier).toLowerCase() };
      return {
        clientMutationId: input.clientMutationId ?? null,
        minimizedComment: issueCommentObject(context, repo, comment.id),
      };
    },
  };
}

/** Reads a property, or reports a field the emulator does not model (it would silently be null otherwise). */
function fieldResolver(context: GraphQLContext): GraphQLFieldResolver<Obj, unknown> {
  return (source, args, _context, info) => {
    if (source === null || typeof source !== 'object' || !(info.fieldName in source)) {
      if (info.fieldName !== '__typename') {
        context.violation(`GraphQL field ${info.parentType.name}.${info.fieldName} is not emulated`);
      }
      return null;
    }
    const value = source[info.fieldName];
    return typeof value === 'function' ? value(args) : value;
  };
}

/** Runs a validated request; errors carry GitHub's `type` and `path`. */
export async function runGraphQL(prepared: PreparedGraphQL, context: GraphQLContext): Promise<Obj> {
  const result = await execute({
    schema: githubSchema(),
    document: prepared.document,
    rootValue: rootValue(context),
    variableValues: prepared.variables,
    operationName: prepared.operationName,
    fieldResolver: fieldResolver(context),
  });
  const response: Obj = { data: result.data ?? null };
  if (result.errors?.length) {
    response.errors = result.errors.map((error) => {
      const type = (error.extensions as { type?: string } | undefined)?.type;
      if (!type)
        context.violation(
          `GraphQL execution error (emulator bug or unmodelled field): ${error.message} at ${error.path?.join('.')}`,
        );
      return {
        type: type ?? 'INTERNAL',
        path: error.path,
        locations: error.locations,
        message: error.message,
      };
    });
  }
  return response;
}
