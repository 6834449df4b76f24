// The bundles end to end with real terragrunt and tofu, and the GitHub API emulator: terragrunt-plan keeps
// each unit's plan file and plans a removed unit as a destroy from the base commit; the plan run's
// artifact (the results directory, zipped as upload-artifact does) is what terragrunt-apply applies, with
// --allow-destroy for the removed unit; a stale saved plan fails with "re-plan"; an expired artifact falls
// back to a fresh plan. The state lives outside the checkout, as a remote backend's would.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerragruntRunner } from '../../../src/terragrunt/run.js';
import { parsePlanHashes, parseSavedPlans } from '../../../src/terragrunt/plan-render.js';
import { spawnExec } from '../../../src/lib/exec.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { startGitHubEmulator, zipFiles, type GitHubEmulator } from '../../harness/github/index.js';
import { runAction } from '../../harness/run-action.js';
import { TOOLS_PATH, describeWithTools } from '../../harness/tools.js';

const REPO = 'acme/infra';

const ROOT_HCL = `remote_state {
  backend = "local"
  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }
  config = {
    path = "\${get_env("TG_TEST_STATE_DIR")}/\${path_relative_to_include()}/terraform.tfstate"
  }
}
`;
const UNIT_HCL = `include "root" {
  path = find_in_parent_folders("root.hcl")
}
`;
const unitTf = (names: string[], value: string) =>
  names.map((name) => `resource "terraform_data" "${name}" {\n  input = "${value}"\n}\n`).join('\n');

describeWithTools(['terragrunt', 'tofu'], 'reviewed plan files and removed units, real terragrunt', () => {
  let work: string;
  let repoDir: string;
  let stateDir: string;
  let github: GitHubEmulator;
  let pr: number;
  let baseSha: string;
  let headSha: string;
  const env = (): Record<string, string> => ({
    PATH: TOOLS_PATH,
    HOME: work,
    TF_PLUGIN_CACHE_DIR: '',
    GIT_CONFIG_GLOBAL: '/dev/null',
    TG_TEST_STATE_DIR: stateDir,
  });
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: repoDir,
      env: { ...process.env, ...env() },
      encoding: 'utf8',
    }).trim();
  const write = (path: string, text: string) => {
    mkdirSync(join(repoDir, path, '..'), { recursive: true });
    writeFileSync(join(repoDir, path), text);
  };
  const runner = (dir = 'direct') =>
    new TerragruntRunner({
      rootDir: repoDir,
      tfPath: 'tofu',
      parallelism: 2,
      env: env(),
      exec: spawnExec,
      logger: createMemoryLogger(),
      planDir: join(work, dir),
    });
  const resources = (unit: string): string[] => {
    try {
      const state = JSON.parse(readFileSync(join(stateDir, unit, 'terraform.tfstate'), 'utf8')) as {
        resources: { name: string }[];
      };
      return state.resources.map((r) => r.name).sort();
    } catch {
      return [];
    }
  };
  const inputOf = (unit: string, name: string): string => {
    const state = JSON.parse(readFileSync(join(stateDir, unit, 'terraform.tfstate'), 'utf8')) as {
      resources: { name: string; instances: { attributes: { input: { value: string } } }[] }[];
    };
    return state.resources.find((r) => r.name === name)!.instances[0]!.attributes.input.value;
  };
  const common = (runId: number) => ({
    cwd: repoDir,
    env: {
      ...github.env(),
      ...env(),
      GITHUB_REPOSITORY: REPO,
      GITHUB_WORKFLOW: 'infra',
      GITHUB_RUN_ID: String(runId),
    },
    timeoutMs: 400_000,
  });

  /** terragrunt-plan on the pull request as run `runId`; its results directory uploaded as the artifact. */
  async function plan(runId: number) {
    const resultsDir = join(work, `results-${runId}`);
    const run = await runAction('terragrunt-plan', {
      ...common(runId),
      eventName: 'pull_request',
      event: { pull_request: { number: pr, head: { sha: headSha }, base: { sha: baseSha } } },
      inputs: {
        'github-token': github.token,
        'tf-path': 'tofu',
        'results-dir': resultsDir,
        'changed-files': git('diff', '--name-only', `${baseSha}...HEAD`),
      },
    });
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    // What upload-artifact would zip: results-dir/*.json and results-dir/plans/*.tfplan.
    const files: Record<string, Buffer> = {};
    for (const name of readdirSync(resultsDir))
      if (name.endsWith('.json')) files[name] = readFileSync(join(resultsDir, name));
    for (const name of readdirSync(join(resultsDir, 'plans')))
      if (name.endsWith('.tfplan')) files[`plans/${name}`] = readFileSync(join(resultsDir, 'plans', name));
    const artifact = github.state.artifacts.upload(REPO, runId, 'terragrunt-plans', zipFiles(files), {
      headSha,
    });
    const body = github.state
      .comments(REPO, pr)
      .find((c) => c.body.includes('terragrunt-plan workflow='))!.body;
    return { run, artifact, body, files };
  }

  async function apply(command: string, runId: number) {
    const comment = github.state.addComment(REPO, pr, command, 'acme');
    github.calls.reset();
    const run = await runAction('terragrunt-apply', {
      ...common(runId),
      eventName: 'issue_comment',
      event: {
        issue: { number: pr, pull_request: {} },
        comment: { id: comment.id, body: command, user: { login: 'acme' } },
      },
      inputs: { 'github-token': github.token, 'tf-path': 'tofu' },
    });
    return { run, reply: github.state.comments(REPO, pr).at(-1)!.body };
  }

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tg-reviewed-'));
    repoDir = join(work, 'repo');
    stateDir = join(work, 'state');
    mkdirSync(repoDir);
    git('init', '-q', '-b', 'main');
    write('.gitignore', '.terraform/\n.terraform.lock.hcl\nbackend.tf\n.terragrunt-cache/\n');
    write('root.hcl', ROOT_HCL);
    write('live/app/terragrunt.hcl', UNIT_HCL);
    write('live/app/main.tf', unitTf(['app'], 'v1'));
    write('live/old/terragrunt.hcl', UNIT_HCL);
    write('live/old/main.tf', unitTf(['queue', 'topic'], 'kept'));
    git('add', '.');
    git('commit', '-qm', 'infra');
    baseSha = git('rev-parse', 'HEAD');
    for (const unit of ['live/app', 'live/old']) {
      const r = runner();
      expect((await r.planUnit(unit)).error).toBeUndefined();
      expect((await r.applyUnit(unit)).exitCode).toBe(0);
    }
    expect(resources('live/old')).toEqual(['queue', 'topic']);
    // The pull request: app changes, old is deleted.
    git('checkout', '-qb', 'change');
    write('live/app/main.tf', unitTf(['app'], 'v2'));
    rmSync(join(repoDir, 'live/old'), { recursive: true });
    git('add', '-A');
    git('commit', '-qm', 'app v2, remove old');
    headSha = git('rev-parse', 'HEAD');

    github = await startGitHubEmulator();
    github.state.createRepo(REPO, { files: { 'README.md': 'infra\n' } });
    github.state.commit(REPO, 'change', { 'README.md': 'change\n' }, 'change');
    pr = github.state.createPullRequest(REPO, { head: 'change' }).number;
    // The emulator's pull request points at the local repository's head commit, which the emulator's own
    // git store does not hold: its file list and mergeability are given instead of computed.
    github.state.pull(REPO, pr).headSha = headSha;
    github.state.setPullRequestFiles(REPO, pr, []);
    github.state.setMergeable(REPO, pr, true);
  }, 600_000);

  afterAll(async () => {
    await github?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('plans the removed unit as a destroy from the base commit, in its own section, keeping every plan file', async () => {
    const { body, files, run } = await plan(101);
    expect(JSON.parse(run.outputs.units!)).toEqual(['live/app']);
    expect(JSON.parse(run.outputs.removed!)).toEqual(['live/old']);
    expect(run.outputs['has-destroy']).toBe('true');
    expect(body).toContain('> [!CAUTION]');
    expect(body).toContain('**2 resources destroyed** in `live/old`');
    expect(body).toContain(`### Removed units: destroy planned from the base commit ${baseSha.slice(0, 7)}`);
    expect(body).toContain('| `live/old` | 2 | ⚠️ destroys |');
    expect(body).toMatch(/^- {3}resource "terraform_data" "queue"/m);
    const saved = parseSavedPlans(body);
    expect(saved).toMatchObject({ run: 101, artifact: 'terragrunt-plans', base: baseSha });
    expect([...saved.removed.keys()]).toEqual(['live/old']);
    expect([...parsePlanHashes(body).keys()]).toEqual(['live/app']);
    expect(Object.keys(files).filter((f) => f.endsWith('.tfplan'))).toHaveLength(2);
    // The base worktree is gone, and nothing was destroyed by planning.
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
    expect(resources('live/old')).toEqual(['queue', 'topic']);
  }, 600_000);

  it("plans the same destroy as Terragrunt's --filter '[base...HEAD]' --filter-allow-destroy", async () => {
    const terragrunt = (...args: string[]) =>
      spawnExec('terragrunt', ['run', '--all', '--filter', `[${baseSha}...HEAD]`, ...args, '--', 'plan'], {
        cwd: repoDir,
        env: { ...env(), TG_TF_PATH: 'tofu', TG_NON_INTERACTIVE: 'true', TG_NO_COLOR: 'true' },
      });
    const destroyed = (text: string) =>
      [...text.matchAll(/\[live\/old\] tofu: +# (\S+) will be destroyed/g)].map((m) => m[1]).sort();
    // Without the flag Terragrunt leaves the removed unit out, as /apply does without --allow-destroy.
    const without = await terragrunt();
    expect(without.exitCode).toBe(0);
    expect(without.stderr + without.stdout).toContain('`live/old` unit was removed');
    expect(destroyed(without.stderr + without.stdout)).toEqual([]);
    const withFlag = await terragrunt('--filter-allow-destroy');
    expect(withFlag.exitCode).toBe(0);
    const ours = JSON.parse(
      readFileSync(join(work, 'results-101', 'removed.live_old.result.json'), 'utf8'),
    ) as {
      resources: { address: string; action: string }[];
    };
    expect(ours.resources.every((r) => r.action === 'delete')).toBe(true);
    expect(destroyed(withFlag.stderr + withFlag.stdout)).toEqual(ours.resources.map((r) => r.address).sort());
    expect(destroyed(withFlag.stderr + withFlag.stdout)).toEqual([
      'terraform_data.queue',
      'terraform_data.topic',
    ]);
    expect(resources('live/old')).toEqual(['queue', 'topic']);
  }, 600_000);

  it('applies the saved plan of the plan run, and leaves the removed unit alone without --allow-destroy', async () => {
    const { run, reply } = await apply('/apply', 102);
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.results!)).toEqual([{ unit: 'live/app', status: 'applied' }]);
    expect(reply).toContain('from the saved plan files of run 101');
    expect(reply).toContain('Removed units not destroyed: `live/old`');
    expect(github.calls.count('actions/list-workflow-run-artifacts')).toBe(1);
    expect(github.calls.count('actions/download-artifact')).toBe(1);
    expect(inputOf('live/app', 'app')).toBe('v2');
    expect(resources('live/old')).toEqual(['queue', 'topic']);
    const named = await apply('/apply live/old', 103);
    expect(named.run.exitCode).not.toBe(0);
    expect(named.reply).toContain('/apply --allow-destroy live/old');
    expect(resources('live/old')).toEqual(['queue', 'topic']);
  }, 600_000);

  it('destroys the removed unit with /apply --allow-destroy, from its saved plan in a worktree of the base', async () => {
    const { run, reply } = await apply('/apply --allow-destroy live/old', 104);
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.outputs.results!)).toEqual([{ unit: 'live/old', status: 'applied' }]);
    expect(reply).toContain('from the saved plan files of run 101');
    expect(resources('live/old')).toEqual([]);
    expect(git('worktree', 'list').split('\n')).toHaveLength(1);
  }, 600_000);

  it('fails a stale saved plan with "re-plan" and applies nothing else', async () => {
    write('live/app/main.tf', unitTf(['app'], 'v3'));
    git('commit', '-qam', 'app v3');
    headSha = git('rev-parse', 'HEAD');
    github.state.pull(REPO, pr).headSha = headSha;
    await plan(105);
    // Someone applies another value out of band: the state changes after the reviewed plan.
    write('live/app/main.tf', unitTf(['app'], 'hotfix'));
    const r = runner('out-of-band');
    await r.planUnit('live/app');
    expect((await r.applyUnit('live/app')).exitCode).toBe(0);
    git('checkout', '-q', '--', 'live/app/main.tf');
    const { run, reply } = await apply('/apply', 106);
    expect(run.exitCode).not.toBe(0);
    expect(JSON.parse(run.outputs.results!)).toEqual([{ unit: 'live/app', status: 'failed' }]);
    expect(reply).toContain('Saved plan is stale');
    expect(reply).toContain('Re-plan');
    expect(inputOf('live/app', 'app')).toBe('hotfix');
  }, 600_000);

  it('falls back to a fresh plan compared with the reviewed hash when the artifact has expired, and says so', async () => {
    const { artifact } = await plan(107);
    github.state.artifacts.expire(artifact.id);
    const { run, reply } = await apply('/apply', 108);
    expect(run.stdout).not.toContain('::error::');
    expect(run.exitCode).toBe(0);
    expect(reply).toContain('the `terragrunt-plans` artifact of run 107 has expired');
    expect(reply).toContain('fresh plans matching the reviewed ones');
    expect(run.stdout).toContain('planned again and compared with the reviewed plan');
    expect(inputOf('live/app', 'app')).toBe('v3');
  }, 600_000);
});
