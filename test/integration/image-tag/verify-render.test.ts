// verify-render through the committed bundle: real helm and kustomize render a checkout of the fixture
// corpus before and after the edit, locally and for a pull request on the GitHub API emulator.
import { afterEach, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { REPO_ROOT, runAction } from '../../harness/run-action.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';

const CORPUS = join(REPO_ROOT, 'test/fixtures/render');
const DIGEST = `sha256:${'5e'.repeat(32)}`;
const SHA = '0f4e5d6c7b8a99887766554433221100ffeeddcc';
let workspace: string;
let github: GitHubEmulator | undefined;
afterEach(async () => {
  rmSync(workspace, { recursive: true, force: true });
  await github?.stop();
  github = undefined;
});

function checkout(): string {
  workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
  cpSync(CORPUS, join(workspace, 'manifests'), { recursive: true });
  return workspace;
}

function filesOf(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const env = { PATH: TOOLS_PATH, GITHUB_REPOSITORY: 'acme/webapp', GITHUB_SHA: SHA, GITHUB_RUN_ID: '7' };

describeWithTools(['helm', 'kustomize'], 'update-image-tag verify-render', () => {
  it('renders the chart before and after and shows the image lines in the summary', async () => {
    const cwd = checkout();
    const run = await runAction('update-image-tag', {
      cwd,
      inputs: {
        files: 'envs/prod/values.yaml',
        tag: '1.5.0',
        path: 'manifests',
        'pull-request': 'false',
        'verify-render': 'helm charts/webapp',
      },
      env,
    });
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(cwd, 'manifests/envs/prod/values.yaml'), 'utf8')).toContain('tag: "1.5.0"');
    expect(run.summary).toContain('#### Rendered images');
    expect(run.summary).toContain('`helm charts/webapp -f envs/prod/values.yaml`:');
    expect(run.summary).toContain(
      [
        '- Deployment/webapp-webapp migrate: ghcr.io/acme/webapp:1.4.2',
        '+ Deployment/webapp-webapp migrate: ghcr.io/acme/webapp:1.5.0',
        '- Deployment/webapp-webapp web: ghcr.io/acme/webapp:1.4.2',
        '+ Deployment/webapp-webapp web: ghcr.io/acme/webapp:1.5.0',
        '- CronJob/webapp-webapp-report report: ghcr.io/acme/webapp:1.4.2',
        '+ CronJob/webapp-webapp-report report: ghcr.io/acme/webapp:1.5.0',
      ].join('\n'),
    );
    expect(run.summary).toContain('1 other container unchanged.');
  });

  it('refuses an edit the render does not pick up, and leaves every file as it was', async () => {
    const cwd = checkout();
    const before = filesOf(join(cwd, 'manifests'));
    const run = await runAction('update-image-tag', {
      cwd,
      inputs: {
        files: 'envs/prod/values.yaml',
        tag: '1.5.0',
        path: 'manifests',
        'pull-request': 'false',
        'verify-render': 'kustomize kustomize/overlays/prod',
      },
      env,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /::error::verify-render: with the edit, kustomize kustomize\/overlays\/prod renders 123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/api:2\.3\.0, busybox:1\.36, none of them with 1\.5\.0: the edit does not change the render/,
    );
    expect(filesOf(join(cwd, 'manifests'))).toEqual(before);
  });

  it('refuses a render that runs the new tag under another repository than image-name', async () => {
    const cwd = checkout();
    const before = filesOf(join(cwd, 'manifests'));
    const run = await runAction('update-image-tag', {
      cwd,
      inputs: {
        files: 'envs/prod/values.yaml',
        tag: '1.5.0',
        'image-name': 'ghcr.io/acme/billing',
        path: 'manifests',
        'pull-request': 'false',
        'verify-render': 'helm charts/webapp',
      },
      env,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      '::error::verify-render: with the edit, helm charts/webapp -f envs/prod/values.yaml renders Deployment/webapp-webapp migrate: ghcr.io/acme/webapp:1.5.0',
    );
    expect(run.stdout).toContain('not the new image ghcr.io/acme/billing:1.5.0');
    expect(filesOf(join(cwd, 'manifests'))).toEqual(before);
  });

  it('warns and skips the check when the tool is not on PATH', async () => {
    const cwd = checkout();
    const run = await runAction('update-image-tag', {
      cwd,
      inputs: {
        files: 'envs/prod/values.yaml',
        tag: '1.5.0',
        path: 'manifests',
        'pull-request': 'false',
        'verify-render': 'helm charts/webapp',
      },
      env: { ...env, PATH: '/nonexistent' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(
      '::warning::verify-render: helm is not on PATH, so the render was not checked',
    );
  });

  it('puts the digest, the source commit, the run and the rendered images in the PR body', async () => {
    github = await startGitHubEmulator({ tokens: { ghs_app: { login: 'deploy-app[bot]' } } });
    const cwd = checkout();
    github.state.createRepo('acme/manifests', { files: filesOf(join(cwd, 'manifests')) });
    github.state.setPermission('acme/manifests', 'deploy-app[bot]', 'write');
    const run = await runAction('update-image-tag', {
      cwd,
      inputs: {
        files: 'envs/staging/values.crlf.yaml',
        tag: 'v1.5.0',
        digest: DIGEST,
        path: 'manifests',
        repository: 'acme/manifests',
        token: 'ghs_app',
        environment: 'staging',
        'verify-render': 'helm charts/webapp',
      },
      env: { ...github.env('ghs_unused'), ...env },
    });
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    const body = github.state.pull('acme/manifests', 1).body ?? '';
    expect(body).toContain(`- Digest: \`${DIGEST}\``);
    expect(body).toContain(
      `- Source commit: [acme/webapp@0f4e5d6](https://github.com/acme/webapp/commit/${SHA})`,
    );
    expect(body).toContain('https://github.com/acme/webapp/actions/runs/7');
    expect(body).toContain('#### Rendered images');
    expect(body).toContain(
      `- Deployment/webapp-webapp web: ghcr.io/acme/webapp:v1.5.0-rc.1@sha256:${'ab'.repeat(32)}\n` +
        `+ Deployment/webapp-webapp web: ghcr.io/acme/webapp:v1.5.0@${DIGEST}`,
    );
    expect(
      github.state.readFile(
        'acme/manifests',
        'platform-actions/staging/webapp',
        'envs/staging/values.crlf.yaml',
      ),
    ).toContain(`  tag: v1.5.0@${DIGEST}\r\n`);
  });
});
