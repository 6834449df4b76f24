// The committed update-image-tag and open-pull-request bundles, run as a runner runs them, against the
// GitHub API emulator.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../../harness/run-action.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';

const REPO = 'acme/manifests';
const FILE = 'charts/api/values/prod-image-tag.yaml';
const HEADER = '# This file is automatically updated by the bot. DO NOT EDIT.\n';
let github: GitHubEmulator;

beforeEach(async () => {
  github = await startGitHubEmulator({ tokens: { ghs_appInstallationToken: { login: 'deploy-app[bot]' } } });
  github.state.createRepo(REPO, {
    files: {
      [FILE]: `${HEADER}image:\n  tag: "0f4e5d6"\n`,
      'charts/api/values/staging-image-tag.yaml': `${HEADER}image:\n  tag: "0f4e5d6"\n`,
      'charts/api/values.yaml': 'image:\n  repository: api\n',
    },
  });
  github.state.setPermission(REPO, 'deploy-app[bot]', 'write');
});
afterEach(async () => {
  await github.stop();
});

const runEnv = () => ({
  ...github.env('ghs_workflowToken_unused'),
  GITHUB_REPOSITORY: 'acme/api',
  GITHUB_RUN_ID: '42',
});

describe('update-image-tag bundle against the GitHub API emulator', () => {
  it('bumps the tag through a PR with auto-merge, then reports unchanged', async () => {
    const inputs = {
      files: FILE,
      tag: '1a2b3c4',
      repository: REPO,
      token: 'ghs_appInstallationToken',
      environment: 'prod',
      labels: 'image-tag',
    };
    const run = await runAction('update-image-tag', { inputs, env: runEnv() });
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    expect(run.masked).toContain('ghs_appInstallationToken');
    expect(run.outputs).toMatchObject({
      changed: 'true',
      operation: 'created',
      'pull-request-number': '1',
      'pull-request-url': 'https://github.com/acme/manifests/pull/1',
      merged: 'auto',
    });
    expect(JSON.parse(run.outputs['changed-files'] ?? '')).toEqual([FILE]);
    expect(JSON.parse(run.outputs['old-tags'] ?? '')).toEqual({ [FILE]: '0f4e5d6' });
    expect(github.state.readFile(REPO, 'platform-actions/prod/api', FILE)).toBe(
      `${HEADER}image:\n  tag: "1a2b3c4"\n`,
    );
    const pull = github.state.pull(REPO, 1);
    expect(pull).toMatchObject({
      title: 'Deploy api to prod: 1a2b3c4',
      user: 'deploy-app[bot]',
      labels: ['image-tag'],
    });
    expect(pull.body).toContain('https://github.com/acme/api/actions/runs/42');
    expect(run.summary).toContain('Pull request: https://github.com/acme/manifests/pull/1');
    expect(github.calls.count()).toBe(6);

    github.calls.reset();
    const again = await runAction('update-image-tag', { inputs, env: runEnv() });
    expect(again.outputs).toMatchObject({
      changed: 'false',
      operation: 'unchanged',
      'pull-request-number': '1',
    });
    expect(github.calls.log.map((call) => call.operation)).toEqual(['graphql']);
  });

  it('expands globs through the repository tree', async () => {
    const run = await runAction('update-image-tag', {
      inputs: {
        files: 'charts/api/values/*-image-tag.yaml',
        tag: 'v2',
        repository: REPO,
        token: github.token,
        'auto-merge': 'false',
      },
      env: runEnv(),
    });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs['changed-files'] ?? '')).toEqual([
      'charts/api/values/prod-image-tag.yaml',
      'charts/api/values/staging-image-tag.yaml',
    ]);
    expect(run.outputs.merged).toBe('false');
  });

  it('fails before any write when a key is missing in one of the files', async () => {
    const run = await runAction('update-image-tag', {
      inputs: { files: `${FILE}\ncharts/api/values.yaml`, tag: 'v2', repository: REPO, token: github.token },
      env: runEnv(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      "::error::charts/api/values.yaml: key 'image.tag' not found: 'image' has keys 'repository'.",
    );
    expect(github.calls.log.map((call) => call.operation)).toEqual(['graphql']);
  });
});

describe('open-pull-request bundle against the GitHub API emulator', () => {
  let workspace: string;
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it('commits the changed files of a checkout and opens a PR', async () => {
    workspace = mkdtempSync(join(tmpdir(), 'workspace-'));
    mkdirSync(join(workspace, 'manifests/charts/api'), { recursive: true });
    writeFileSync(
      join(workspace, 'manifests/charts/api/values.yaml'),
      'image:\n  repository: api\n  pullPolicy: Always\n',
    );
    writeFileSync(join(workspace, 'manifests/charts/api/new.yaml'), 'a: 1\n');
    const run = await runAction('open-pull-request', {
      cwd: workspace,
      inputs: {
        path: 'manifests',
        files: 'charts/api/*.yaml',
        'deleted-files': 'charts/api/values/staging-image-tag.yaml',
        repository: REPO,
        token: github.token,
        branch: 'chore/pull-policy',
        title: 'Always pull',
        'auto-merge': 'true',
      },
      env: runEnv(),
    });
    expect(run.stdout).not.toContain('::error::');
    expect(run.outputs).toMatchObject({ operation: 'created', merged: 'auto', changed: 'true' });
    expect(github.state.readFile(REPO, 'chore/pull-policy', 'charts/api/values.yaml')).toContain(
      'pullPolicy: Always',
    );
    expect(github.state.readFile(REPO, 'chore/pull-policy', 'charts/api/new.yaml')).toBe('a: 1\n');
    expect(
      github.state.readFile(REPO, 'chore/pull-policy', 'charts/api/values/staging-image-tag.yaml'),
    ).toBeUndefined();
  });
});
