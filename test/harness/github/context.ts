import {
  GitHubError,
  nodeId,
  permissionAtLeast,
  type GitHubState,
  type Permission,
  type Repository,
} from './state.js';

/** What a REST handler receives. */
export interface RestContext {
  state: GitHubState;
  /** The authenticated user's login. */
  login: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  /** Base URLs, for the *_url fields of responses. */
  urls: Urls;
  /** Records a misuse GitHub would not reject but that is almost certainly a bug; it fails the test. */
  violation: (message: string) => void;
}

export interface Urls {
  api: string;
  web: string;
  /** Base URL of the blob store that serves artifact downloads (another origin, as on GitHub). */
  blob?: string;
}

export interface RestResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type RestHandler = (context: RestContext) => RestResult | Promise<RestResult>;

export { GitHubError };

/** The repository named by {owner}/{repo}, checking that the caller may read (and, if asked, write) it. */
export function repoFor(context: RestContext, needed: Permission = 'read'): Repository {
  const repo = context.state.repo(`${context.params.owner}/${context.params.repo}`);
  const permission = context.state.permission(repo, context.login);
  const effective: Permission = permission === 'none' && repo.visibility === 'public' ? 'read' : permission;
  if (effective === 'none') throw new GitHubError(404, 'Not Found');
  if (!permissionAtLeast(effective, needed))
    throw new GitHubError(403, 'Resource not accessible by integration');
  return repo;
}

export function userJson(
  context: { state: GitHubState; urls: Urls },
  login: string,
): Record<string, unknown> {
  const user = context.state.user(login);
  const path = encodeURIComponent(user.login);
  const api = `${context.urls.api}/users/${path}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Bot' ? 'BOT' : 'U', user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url:
      user.type === 'Bot'
        ? `${context.urls.web}/apps/${path.replace(/%5Bbot%5D$/, '')}`
        : `${context.urls.web}/${path}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    site_admin: false,
    user_view_type: 'public',
  };
}

export function repoUrls(context: { urls: Urls }, repo: Repository): { api: string; web: string } {
  return { api: `${context.urls.api}/repos/${repo.fullName}`, web: `${context.urls.web}/${repo.fullName}` };
}

/** Page slicing with GitHub's per_page (default 30, max 100) and page, plus the Link header Octokit follows. */
export function paginate<T>(
  context: RestContext,
  items: T[],
  path: string,
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Number(context.query.per_page ?? 30), 100);
  const page = Math.max(Number(context.query.page ?? 1), 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(context.query)) {
    if (key !== 'page' && value !== undefined) params.set(key, String(value));
  }
  const link = (n: number, rel: string): string => {
    params.set('page', String(n));
    params.set('per_page', String(perPage));
    return `<${context.urls.api}${path}?${params.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  return { items: slice, headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string')
    throw new GitHubError(422, `Invalid request.\n\n"${field}" wasn't supplied.`);
  return value;
}
