// Hostile and faulty cases for the committed open-pull-request and update-image-tag bundles, against the
// GitHub API emulator: nothing half-done, names GitHub would refuse, superseded PRs by whole segments,
// symbolic links out of the checkout, and one clear error without a stack trace.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionRun } from '../../harness/run-action.js';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';

const REPO = 'acme/manifests';
const FILE = 'charts/api/values/prod-image-tag.yaml';
const TOKEN = 'ghs_appInstallationToken';
let github: GitHubEmulator;
let work: string;
let outside: string;

beforeEach(async () => {
  github = await startGitHubEmulator({ tokens: { [TOKEN]: { login: 'deploy-app[bot]' } } });
  github.state.createRepo(REPO, { files: { [FILE]: 'image:\n  tag: "v1"\n', 'README.md': 'x\n' } });
  github.state.setPermission(REPO, 'deploy-app[bot]', 'write');
  work = mkdtempSync(join(tmpdir(), 'hardening-'));
  outside = mkdtempSync(join(tmpdir(), 'outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'top secret\n');
  writeFileSync(join(outside, 'values.yaml'), 'image:\n  tag: "v1"\n');
});
afterEach(async () => {
  rmSync(work, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
  await github.stop();
});

const env = () => ({ ...github.env('ghs_unused'), GITHUB_REPOSITORY: 'acme/api', GITHUB_RUN_ID: '7' });
const errors = (run: ActionRun) => run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
/** One `::error::` line, no stack trace. */
function expectOneCleanError(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expect(errors(run)).toHaveLength(1);
  expect(run.stdout).not.toMatch(/^\s+at /m);
  return errors(run)[0]!;
}

const openInputs = (extra: Record<string, string> = {}) => ({
  files: 'a.txt',
  branch: 'platform-actions/prod/api',
  title: 'Deploy api',
  repository: REPO,
  token: TOKEN,
  ...extra,
});
const tagInputs = (extra: Record<string, string> = {}) => ({
  files: FILE,
  tag: 'v2',
  repository: REPO,
  token: TOKEN,
  environment: 'prod',
  app: 'api',
  ...extra,
});

describe('nothing half-done', () => {
  it('deletes the branch it created when pulls/create fails after its retries, naming the step', async () => {
    writeFileSync(join(work, 'a.txt'), 'a\n');
    github.faults.inject({ operation: 'pulls/create', kind: '5xx', times: 4 });
    const run = await runAction('open-pull-request', { inputs: openInputs(), env: env(), cwd: work });
    const error = expectOneCleanError(run);
    expect(error).toContain('Creating the pull request failed');
    expect(error).toContain("The branch 'platform-actions/prod/api' this run created was deleted");
    expect(github.state.getBranchSha(REPO, 'platform-actions/prod/api')).toBeUndefined();
    expect(github.calls.count('git/delete-ref')).toBe(1);
  });

  it('refuses a title over 256 characters before any API call', async () => {
    writeFileSync(join(work, 'a.txt'), 'a\n');
    const run = await runAction('open-pull-request', {
      inputs: openInputs({ title: 't'.repeat(257) }),
      env: env(),
      cwd: work,
    });
    expect(expectOneCleanError(run)).toContain('GitHub allows 256');
    expect(github.calls.count()).toBe(0);
  });

  it('writes the pull request outputs before failing when labels cannot be added', async () => {
    writeFileSync(join(work, 'a.txt'), 'a\n');
    github.faults.inject({ operation: 'issues/add-labels', kind: { status: 403, message: 'Forbidden' } });
    const run = await runAction('open-pull-request', {
      inputs: openInputs({ labels: 'deploy' }),
      env: env(),
      cwd: work,
    });
    const error = expectOneCleanError(run);
    expect(error).toContain('Adding labels to #1 failed');
    expect(error).toContain('Pull request #1 exists');
    expect(run.outputs).toMatchObject({
      'pull-request-number': '1',
      'pull-request-url': 'https://github.com/acme/manifests/pull/1',
    });
  });
});

describe('branch names GitHub would refuse', () => {
  it.each([
    ['a newline', 'prod\nx'],
    ['a space', 'prod x'],
    ['..', 'prod..x'],
    ['a trailing .lock', 'prod.lock'],
  ])('refuses an environment with %s before any API call', async (_what, environment) => {
    const run = await runAction('update-image-tag', { inputs: tagInputs({ environment }), env: env() });
    expect(expectOneCleanError(run)).toContain("Inputs 'environment' and 'app' (the branch name)");
    expect(github.calls.count()).toBe(0);
  });

  it('the emulator refuses invalid ref names with 422, as GitHub does, without crashing', async () => {
    const sha = github.state.getBranchSha(REPO, 'main')!;
    for (const ref of ['refs/heads/a\nb', 'refs/heads/a b', 'refs/heads/a..b', 'refs/heads/a.lock']) {
      const response = await fetch(`${github.apiUrl}/repos/${REPO}/git/refs`, {
        method: 'POST',
        headers: { authorization: `token ${github.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ref, sha }),
      });
      expect(response.status).toBe(422);
    }
    const long = await fetch(`${github.apiUrl}/repos/${REPO}/pulls`, {
      method: 'POST',
      headers: { authorization: `token ${github.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ head: 'main', base: 'main', title: 'x'.repeat(257) }),
    });
    expect(long.status).toBe(422);
  });
});

describe('close-superseded', () => {
  it("closes only this app's older PRs, not another app's whose branch starts with the same name", async () => {
    for (const branch of ['platform-actions/prod/api-gateway', 'platform-actions/prod/api/old']) {
      github.state.commit(REPO, branch, { 'other.txt': branch }, 'other');
      github.state.createPullRequest(REPO, { head: branch, title: branch });
    }
    const run = await runAction('update-image-tag', {
      inputs: tagInputs({ 'close-superseded': 'true', 'auto-merge': 'false' }),
      env: env(),
    });
    expect(run.exitCode).toBe(0);
    expect(github.state.pull(REPO, 1).state).toBe('open');
    expect(github.state.pull(REPO, 2).state).toBe('closed');
  });
});

describe('symbolic links out of the checkout', () => {
  it.each([['link/secret.txt'], ['link/*.txt']])(
    'open-pull-request refuses %s through a link to a directory outside',
    async (files) => {
      symlinkSync(outside, join(work, 'link'));
      const run = await runAction('open-pull-request', {
        inputs: openInputs({ files }),
        env: env(),
        cwd: work,
      });
      expect(expectOneCleanError(run)).toContain(
        "Input 'files': 'link/secret.txt' leads outside the checkout",
      );
      expect(github.calls.count()).toBe(0);
    },
  );

  it('update-image-tag in local mode does not rewrite a file outside the checkout', async () => {
    mkdirSync(join(work, 'charts'));
    symlinkSync(join(outside, 'values.yaml'), join(work, 'charts', 'values.yaml'));
    const run = await runAction('update-image-tag', {
      inputs: { files: 'charts/values.yaml', tag: 'v2', 'pull-request': 'false' },
      env: env(),
      cwd: work,
    });
    expect(expectOneCleanError(run)).toContain(
      "Input 'files': 'charts/values.yaml' leads outside the checkout",
    );
    expect(readFileSync(join(outside, 'values.yaml'), 'utf8')).toBe('image:\n  tag: "v1"\n');
  });
});

describe('clear errors', () => {
  it('a bad token fails with one error naming the operation and what to check', async () => {
    writeFileSync(join(work, 'a.txt'), 'a\n');
    const run = await runAction('open-pull-request', {
      inputs: openInputs({ token: 'ghp_notAValidToken' }),
      env: env(),
      cwd: work,
    });
    const error = expectOneCleanError(run);
    expect(error).toContain('Bad credentials');
    expect(error).toContain('check the token input');
  });

  it('a directory in files is named, without EISDIR and a stack', async () => {
    mkdirSync(join(work, 'dir'));
    const run = await runAction('open-pull-request', {
      inputs: openInputs({ files: 'dir' }),
      env: env(),
      cwd: work,
    });
    expect(expectOneCleanError(run)).toContain("Input 'files': 'dir' is a directory");
  });

  it('a missing base branch is one error naming it', async () => {
    writeFileSync(join(work, 'a.txt'), 'a\n');
    const run = await runAction('open-pull-request', {
      inputs: openInputs({ base: 'nope' }),
      env: env(),
      cwd: work,
    });
    expect(expectOneCleanError(run)).toContain("Branch 'nope' not found");
  });
});
