// The deploy-status bundle as a runner runs it, with a kubeconfig secret, reporting to the GitHub API emulator.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';
import { runAction } from '../../harness/run-action.js';
import { freePort } from '../../harness/services.js';

const TOKEN = 'kube-token-0123456789';
const kubeconfig = (server: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    'current-context: ci',
    'contexts: [{ name: ci, context: { cluster: c, user: u } }]',
    `clusters: [{ name: c, cluster: { server: '${server}' } }]`,
    `users: [{ name: u, user: { token: ${TOKEN} } }]`,
    '',
  ].join('\n');

describe('deploy-status bundle with a kubeconfig', () => {
  let github: GitHubEmulator;
  let server: Server | undefined;
  let sha: string;
  beforeEach(async () => {
    github = await startGitHubEmulator();
    github.state.createRepo('acme/web');
    sha = github.state.getBranchSha('acme/web', 'main')!;
  });
  afterEach(async () => {
    await github.stop();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  const run = (apiServer: string) =>
    runAction('deploy-status', {
      inputs: {
        kubeconfig: kubeconfig(apiServer),
        application: 'web',
        revision: 'a'.repeat(40),
        image: '127.0.0.1:5000/team/web:v2',
        digest: 'sha256:' + 'b'.repeat(64),
        environment: 'dev',
        token: github.token,
        timeout: '30s',
      },
      env: { ...github.env(), GITHUB_REPOSITORY: 'acme/web', GITHUB_SHA: sha, GITHUB_RUN_ID: '9' },
    });

  it('a Forbidden answer fails the step, ends the Deployment in error and names the missing rule', async () => {
    const seen: string[] = [];
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.authorization}`);
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          reason: 'Forbidden',
          code: 403,
          message:
            'applications.argoproj.io is forbidden: User "ci" cannot list resource "applications" in API group "argoproj.io" in the namespace "argocd"',
        }),
      );
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    const result = await run(`http://127.0.0.1:${port}`);
    expect(result.exitCode).toBe(1);
    expect(result.outputs.status).toBe('error');
    expect(result.stdout).toMatch(
      /^::error::Kubernetes refused to list applications .*argoproj\.io.* in namespace 'argocd'/m,
    );
    expect(result.stdout).toContain('verbs: ["list"]');
    expect(result.masked).toContain(TOKEN);
    expect(seen[0]).toBe(
      `GET /apis/argoproj.io/v1alpha1/namespaces/argocd/applications?fieldSelector=metadata.name%3Dweb Bearer ${TOKEN}`,
    );
    const deployment = github.state
      .repo('acme/web')
      .deployments.get(Number(result.outputs['deployment-id']))!;
    expect(deployment.statuses.map((s) => s.state)).toEqual(['in_progress', 'error']);
    expect(deployment.statuses[1]!.description.length).toBeLessThanOrEqual(140);
    expect(deployment.statuses[1]!.logUrl).toBe('https://github.com/acme/web/actions/runs/9');
    expect(result.summary).toContain('error');
  });

  it('an API server that never answers fails at once with the private-network advice', async () => {
    const port = await freePort();
    const started = Date.now();
    const result = await run(`http://127.0.0.1:${port}`);
    expect(result.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.stdout).toMatch(/^::error::.*ECONNREFUSED.*reachable from this runner/m);
    expect(result.outputs.status).toBe('error');
  });
});
