// Terragrunt: change detection on a generated 2,000-unit repo (static, and with BENCH_TERRAGRUNT=1
// Terragrunt's own `find` with a git filter), rendering a 500-unit plan comment, and the API calls needed to
// post or update the comment.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnExec } from '../src/lib/exec.js';
import { changedFilesFromGit } from '../src/terragrunt/changes.js';
import { detectUnits } from '../src/terragrunt/detect.js';
import { detectWithTerragrunt } from '../src/terragrunt/detect-terragrunt.js';
import { missingTools, TOOLS_PATH } from '../test/harness/tool-path.js';
import { renderPlanComment } from '../src/terragrunt/plan-render.js';
import { emptyResult, type UnitResult } from '../src/terragrunt/types.js';
import { upsertPlanComment } from '../src/terragrunt/comment.js';
import { createGitHubClient } from '../src/lib/github-client.js';
import { createMemoryLogger } from '../src/lib/logger.js';
import { startGitHubEmulator } from '../test/harness/github/index.js';

const ENVS = 20;
const UNITS_PER_ENV = 100;
const MODULES = 50;

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

function generateRepo(): string {
  const root = mkdtempSync(join(tmpdir(), 'tg-bench-'));
  write(root, 'root.hcl', 'locals {\n  env = read_terragrunt_config(find_in_parent_folders("env.hcl"))\n}\n');
  for (let m = 0; m < MODULES; m++) {
    const calls = m > 0 ? `module "base" {\n  source = "../m${m - 1}"\n}\n` : '';
    write(root, `modules/m${m}/main.tf`, `${calls}resource "terraform_data" "x" {\n  input = ${m}\n}\n`);
  }
  for (let e = 0; e < ENVS; e++) {
    write(root, `live/env${e}/env.hcl`, `locals {\n  env = "env${e}"\n}\n`);
    for (let u = 0; u < UNITS_PER_ENV; u++) {
      const deps = u > 0 ? `dependency "prev" {\n  config_path = "../u${u - 1}"\n}\n` : '';
      write(
        root,
        `live/env${e}/u${u}/terragrunt.hcl`,
        `include "root" {\n  path = find_in_parent_folders("root.hcl")\n}\n\nterraform {\n  source = "../../../modules//m${u % MODULES}"\n}\n\n${deps}inputs = {\n  name = "u${u}"\n  tags = { env = "env${e}" }\n}\n`,
      );
    }
  }
  return root;
}

function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  return fn().then((value) => [Number(process.hrtime.bigint() - start) / 1e6, value]);
}

const GIT_ENV = {
  PATH: TOOLS_PATH,
  HOME: tmpdir(),
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
};

const root = generateRepo();
const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env: GIT_ENV, encoding: 'utf8' });
// Terragrunt's git filter builds worktrees and parses every unit: minutes at this size (over 20 with
// dependents on two busy cores), so it runs only with BENCH_TERRAGRUNT=1, on two cases.
const withTerragrunt = missingTools(['terragrunt']).length === 0 && process.env.BENCH_TERRAGRUNT === '1';
// Rows print as they are measured (Terragrunt's cases take minutes).
console.log('| case | units in repo | affected | time | target | |');
console.log('|---|---:|---:|---:|---|---|');
const rows = { push: (row: string) => console.log(row) };
try {
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  const cases: [string, string[], boolean, boolean][] = [
    ['one unit file', ['live/env3/u7/terragrunt.hcl'], false, true],
    ['one env file', ['live/env3/env.hcl'], false, false],
    ['base module (fans out to all)', ['modules/m0/main.tf'], false, false],
    ['one unit + dependents', ['live/env3/u0/terragrunt.hcl'], true, true],
  ];
  for (const [name, changed, includeDependents, compare] of cases) {
    git('checkout', '-q', '-B', 'change', 'main');
    for (const file of changed) appendFileSync(join(root, file), '# changed\n');
    git('commit', '-q', '-am', name);
    // Static: the change set from git, then detection (what the action does past the API's file cap).
    const [ms, result] = await time(async () =>
      detectUnits({
        repoRoot: root,
        rootDir: root,
        changedFiles: await changedFilesFromGit(spawnExec, root, 'main', 'HEAD', GIT_ENV),
        includeDependents,
      }),
    );
    rows.push(
      `| detect (static): ${name} | ${result.total} | ${result.units.length} | ${ms.toFixed(0)} ms | < 2000 ms | ${ms < 2000 ? 'ok' : 'OVER'} |`,
    );
    if (withTerragrunt && compare) {
      const [tgMs, tgResult] = await time(() =>
        detectWithTerragrunt({
          repoRoot: root,
          rootDir: root,
          base: 'main',
          head: 'HEAD',
          includeDependents,
          terragrunt: 'terragrunt',
          exec: spawnExec,
          env: GIT_ENV,
        }),
      );
      rows.push(
        `| detect (terragrunt find --filter): ${name} | ${result.total} | ${tgResult.units.length} | ${tgMs.toFixed(0)} ms | – (opt-in) | ${(tgMs / ms).toFixed(0)}× static |`,
      );
    }
    git('checkout', '-q', 'main');
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

// Rendering 500 units: a mix of no changes, small and large plans (some must be cut to fit).
const results: UnitResult[] = Array.from({ length: 500 }, (_, i) => {
  const lines = i % 50 === 0 ? 2000 : i % 3 === 0 ? 0 : 20;
  return {
    ...emptyResult(`live/env${i % 20}/unit-${i}`),
    status: lines === 0 ? 'no-changes' : 'changes',
    add: lines,
    planHash: 'f'.repeat(64),
    diff:
      'OpenTofu will perform the following actions:\n' +
      Array.from(
        { length: lines },
        (_, n) => `  + resource "terraform_data" "r${n}" {\n      + input = "v${n}"\n    }`,
      ).join('\n'),
  };
});
const renderTimes: number[] = [];
let rendered = renderPlanComment(results, { workflow: 'plan', dir: '.' });
for (let i = 0; i < 5; i++) {
  const start = process.hrtime.bigint();
  rendered = renderPlanComment(results, { workflow: 'plan', dir: '.' });
  renderTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
}
const renderMs = renderTimes.sort((a, b) => a - b)[2]!;
rows.push(
  `| render 500 units (median of 5; body ${rendered.body.length} chars, ${rendered.cut.length} cut) | 500 | – | ${renderMs.toFixed(0)} ms | < 300 ms | ${renderMs < 300 ? 'ok' : 'OVER'} |`,
);

// API calls to post, then update, the comment on a PR that already has 150 other comments (2 pages).
const github = await startGitHubEmulator();
try {
  github.state.createRepo('acme/infra', { files: { 'README.md': 'x\n' } });
  github.state.commit('acme/infra', 'change', { 'README.md': 'y\n' }, 'change');
  const pr = github.state.createPullRequest('acme/infra', { head: 'change' }).number;
  for (let i = 0; i < 150; i++) github.state.addComment('acme/infra', pr, `comment ${i}`, 'octocat');
  const octokit = createGitHubClient({
    token: github.token,
    apiUrl: github.apiUrl,
    graphqlUrl: github.graphqlUrl,
  });
  const post = async () => {
    github.calls.reset();
    await upsertPlanComment({
      octokit,
      repo: { owner: 'acme', repo: 'infra' },
      issueNumber: pr,
      workflow: 'plan',
      dir: '.',
      body: rendered.body,
      author: 'github-actions[bot]',
      logger: createMemoryLogger(),
    });
    return github.calls.count();
  };
  const created = await post();
  const updated = await post();
  rows.push(
    `| API calls: create comment (150 comments on the PR) | – | – | ${created} calls | ≤ 3 | ${created <= 3 ? 'ok' : 'OVER'} |`,
  );
  rows.push(
    `| API calls: update comment in place | – | – | ${updated} calls | ≤ 3 | ${updated <= 3 ? 'ok' : 'OVER'} |`,
  );
} finally {
  await github.stop();
}
