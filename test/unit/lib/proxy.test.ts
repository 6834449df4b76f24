// proxyFor chooses the proxy exactly as @actions/http-client (the runner's toolkit) does.
import { afterEach, describe, expect, it } from '@jest/globals';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { proxyConfigured, proxyFor } from '../../../src/lib/proxy.js';

const PROXY_VARS = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];
const saved = Object.fromEntries(PROXY_VARS.map((name) => [name, process.env[name]]));
afterEach(() => {
  for (const name of PROXY_VARS) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

const URLS = [
  'https://api.github.com/repos/acme/app',
  'http://api.github.com/',
  'https://sts.us-east-1.amazonaws.com/',
  'https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/',
  'https://internal.corp.example:8443/x',
  'http://registry.corp.example/v2/',
  'https://corp.example/',
  'https://notcorp.example/',
  'http://localhost:5000/v2/',
  'http://127.0.0.1:8080/',
  'http://[::1]:8080/',
  'https://LOCALHOST/',
];
const ENVS: Record<string, string>[] = [
  {},
  { HTTPS_PROXY: 'http://proxy.corp.example:3128' },
  { HTTP_PROXY: 'http://proxy.corp.example:3128' },
  { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2', http_proxy: 'http://plain:3' },
  { HTTPS_PROXY: 'proxy.corp.example:3128', HTTP_PROXY: 'proxy.corp.example:3128', NO_PROXY: 'corp.example' },
  { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', NO_PROXY: '.corp.example, api.github.com' },
  { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'internal.corp.example:8443,sts.us-east-1.amazonaws.com:443' },
  { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1', no_proxy: '*' },
  { HTTPS_PROXY: 'http://user:p%40ss@p:1', NO_PROXY: ' , AMAZONAWS.COM ' },
];

describe('proxyFor', () => {
  it.each(ENVS.map((env) => [JSON.stringify(env), env]))(
    'agrees with @actions/http-client for %s',
    (_, env) => {
      for (const name of PROXY_VARS) delete process.env[name];
      Object.assign(process.env, env);
      for (const url of URLS) {
        const ours = proxyFor(new URL(url), process.env)?.href;
        const theirs = getProxyUrl(new URL(url))?.href;
        expect([url, ours]).toEqual([url, theirs]);
      }
      expect(proxyConfigured(process.env)).toBe(
        Object.keys(env).some((name) => /proxy$/i.test(name) && !/no_proxy/i.test(name)),
      );
    },
  );
});
