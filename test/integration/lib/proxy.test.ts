// Every outbound call through a real forward proxy (squid on 127.0.0.1): the OIDC token, STS, ECR, Octokit,
// a registry check and the tool download; a NO_PROXY host and loopback go direct.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';
import { REPO_ROOT } from '../../harness/run-action.js';
import {
  fakeOidcServer,
  SERVICE_TOOLS,
  startForwardProxy,
  startMoto,
  startRegistry,
  type FakeOidc,
  type ForwardProxy,
  type Moto,
  type Registry,
} from '../../harness/services.js';
import { tempDir } from '../../harness/service-process.js';
import { describeWithTools } from '../../harness/tools.js';

const via = (url: string, host: string) => url.replace('127.0.0.1', host);

describeWithTools(
  [...SERVICE_TOOLS.squid, ...SERVICE_TOOLS.moto, ...SERVICE_TOOLS.registry],
  'outbound calls behind an HTTP proxy',
  () => {
    let proxy: ForwardProxy;
    let moto: Moto;
    let oidc: FakeOidc;
    let registry: Registry;
    let github: GitHubEmulator;
    let files: Server;
    let filesUrl: string;
    const fileRequests: string[] = [];

    beforeAll(async () => {
      proxy = await startForwardProxy({
        hosts: [
          'oidc.proxy.test',
          'moto.proxy.test',
          'github.proxy.test',
          'registry.proxy.test',
          'files.proxy.test',
        ],
      });
      [moto, oidc, registry, github] = await Promise.all([
        startMoto(),
        fakeOidcServer(),
        startRegistry(),
        startGitHubEmulator(),
      ]);
      github.state.createRepo('acme/app', { files: { 'README.md': 'app\n' } });
      files = createServer((req, res) => {
        fileRequests.push(`${req.headers.host} ${req.url}`);
        res.writeHead(200).end('sqldef release bytes');
      });
      await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
      const address = files.address();
      filesUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });
    afterAll(async () => {
      await Promise.all([proxy?.stop(), moto?.stop(), oidc?.stop(), registry?.stop(), github?.stop()]);
      await new Promise<void>((resolve) => (files ? files.close(() => resolve()) : resolve()));
    });

    it('sends every request through HTTP_PROXY/HTTPS_PROXY, and none for NO_PROXY or loopback hosts', async () => {
      const runnerTemp = tempDir('proxy-runner');
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        RUNNER_TEMP: runnerTemp,
        RUNNER_TOOL_CACHE: join(runnerTemp, 'cache'),
        HTTP_PROXY: proxy.url,
        HTTPS_PROXY: proxy.url,
        NO_PROXY: 'example.invalid, .direct.proxy.test',
        ACTIONS_ID_TOKEN_REQUEST_URL: via(oidc.url, 'oidc.proxy.test'),
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.token,
        AWS_ENDPOINT_URL: via(moto.endpoint, 'moto.proxy.test'),
        AWS_REGION: 'us-east-1',
        GITHUB_API_URL: via(github.apiUrl, 'github.proxy.test'),
        GITHUB_TOKEN: github.token,
        REGISTRY_IMAGE: `${via(registry.host, 'registry.proxy.test')}/app`,
        DOWNLOAD_URL: `${via(filesUrl, 'files.proxy.test')}/psqldef_linux_amd64.tar.gz`,
        NO_PROXY_URL: `${via(filesUrl, 'api.direct.proxy.test')}/`,
        LOOPBACK_URL: `${filesUrl}/loopback`,
      };
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join('test', 'fixtures', 'proxy', 'outbound-calls.ts')],
        {
          cwd: REPO_ROOT,
          env,
        },
      );
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const line = stdout.split('\n').find((l) => l.startsWith('RESULTS '));
      expect({ status, results: line !== undefined, output: status === 0 ? '' : stdout + stderr }).toEqual({
        status: 0,
        results: true,
        output: '',
      });
      const results = JSON.parse(line!.slice('RESULTS '.length)) as Record<string, string>;

      expect(results).toEqual({
        oidc: 'jwt',
        'sts+ecr': expect.stringMatching(
          /^credentials yes, ECR https:\/\/\d{12}\.dkr\.ecr\.us-east-1\.amazonaws\.com/,
        ),
        octokit: 'acme/app',
        registry: expect.stringContaining('error: '),
        download: 'sqldef release bytes',
        'no-proxy-host': 'error: ENOTFOUND',
        loopback: 'sqldef release bytes',
      });
      // The registry answered (the tag does not exist there), through the proxy.
      expect(results.registry).toMatch(/v1|not found|does not exist/i);

      // `CONNECT host:port 200` for a tunnel, `GET http://host:port/path 200` for a plain proxied request.
      const requests = (await proxy.requests()).filter((request) => /^[A-Z]+ /.test(request));
      const hostOf = (target = '') =>
        target.includes('://') ? new URL(target).hostname : target.split(':')[0];
      const hostsSeen = new Set(requests.map((request) => hostOf(request.split(' ')[1])));
      expect([...hostsSeen].sort()).toEqual([
        'files.proxy.test',
        'github.proxy.test',
        'moto.proxy.test',
        'oidc.proxy.test',
        'registry.proxy.test',
      ]);
      expect(requests.filter((request) => /moto\.proxy\.test/.test(request)).length).toBeGreaterThanOrEqual(
        2,
      );
      expect(requests.some((request) => request.includes('direct.proxy.test'))).toBe(false);
      expect(requests.some((request) => request.includes('127.0.0.1'))).toBe(false);
      expect(fileRequests).toEqual([
        `files.proxy.test:${new URL(filesUrl).port} /psqldef_linux_amd64.tar.gz`,
        `127.0.0.1:${new URL(filesUrl).port} /loopback`,
      ]);
    });
  },
);
