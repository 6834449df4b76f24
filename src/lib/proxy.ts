// HTTP(S) proxies as the runner and @actions/http-client choose them: https_proxy/HTTPS_PROXY for https URLs,
// http_proxy/HTTP_PROXY for http URLs, never for loopback hosts or hosts that no_proxy/NO_PROXY lists.
// Nothing is loaded unless a proxy is set, so start-up stays as it is without one.
import type { FetchHttpHandler } from '@smithy/fetch-http-handler';
import type { Dispatcher } from 'undici';

type Env = NodeJS.ProcessEnv;

const isLoopback = (host: string) =>
  host === 'localhost' || host.startsWith('127.') || host.startsWith('[::1]') || host === '[0:0:0:0:0:0:0:1]';

/** Whether a request to `url` goes direct: a loopback host, or one that no_proxy/NO_PROXY lists. */
export function bypassesProxy(url: URL, env: Env = process.env): boolean {
  const host = url.hostname.toLowerCase();
  if (!host) return false;
  if (isLoopback(host)) return true;
  const noProxy = env.no_proxy || env.NO_PROXY || '';
  if (!noProxy) return false;
  const port = url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
  const hosts = [host.toUpperCase(), ...(port ? [`${host.toUpperCase()}:${port}`] : [])];
  return noProxy
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter(Boolean)
    .some(
      (item) =>
        item === '*' ||
        hosts.some(
          (candidate) =>
            candidate === item ||
            candidate.endsWith(`.${item}`) ||
            (item.startsWith('.') && candidate.endsWith(item)),
        ),
    );
}

/** The proxy URL for a request to `url`, or undefined to connect directly. */
export function proxyFor(url: URL, env: Env = process.env): URL | undefined {
  if (bypassesProxy(url, env)) return undefined;
  const value =
    url.protocol === 'https:' ? env.https_proxy || env.HTTPS_PROXY : env.http_proxy || env.HTTP_PROXY;
  if (!value) return undefined;
  try {
    return new URL(value);
  } catch {
    return new URL(`http://${value}`);
  }
}

export function proxyConfigured(env: Env = process.env): boolean {
  return Boolean(env.https_proxy || env.HTTPS_PROXY || env.http_proxy || env.HTTP_PROXY);
}

let installed: Promise<void> | undefined;

/**
 * When a proxy is set, routes the global fetch (OIDC, registry checks, Octokit) through it, per request and
 * with proxyFor's rules. Loads undici only then. Idempotent.
 */
export function installFetchProxy(env: Env = process.env): Promise<void> {
  if (!proxyConfigured(env)) return Promise.resolve();
  installed ??= (async () => {
    const undici = await import('undici');
    const direct = new undici.Agent();
    const agents = new Map<string, Dispatcher>();
    const viaProxy = (proxy: URL) => {
      const key = proxy.href;
      let agent = agents.get(key);
      if (!agent) {
        const token =
          proxy.username || proxy.password
            ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
            : undefined;
        agent = new undici.ProxyAgent({ uri: `${proxy.protocol}//${proxy.host}`, token });
        agents.set(key, agent);
      }
      return agent;
    };
    class RunnerProxyDispatcher extends undici.Dispatcher {
      override dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandlers): boolean {
        const proxy = proxyFor(new URL(String(options.origin)), env);
        return (proxy ? viaProxy(proxy) : direct).dispatch(options, handler);
      }
      override async close(): Promise<void> {
        await Promise.all([direct.close(), ...[...agents.values()].map((agent) => agent.close())]);
      }
    }
    undici.setGlobalDispatcher(new RunnerProxyDispatcher());
  })();
  return installed;
}

/**
 * The AWS SDK's request handler: undefined (its default node:https handler) without a proxy; with one, its
 * fetch handler, so STS and ECR calls take the same proxied fetch as everything else.
 */
export async function awsRequestHandler(env: Env = process.env): Promise<FetchHttpHandler | undefined> {
  if (!proxyConfigured(env)) return undefined;
  await installFetchProxy(env);
  const { FetchHttpHandler: Handler } = await import('@smithy/fetch-http-handler');
  return new Handler();
}
