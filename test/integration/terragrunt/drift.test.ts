// Mode drift and merge queues, as the bundle runs them, with real terragrunt and tofu on the fixture infra
// repository (local state) and the GitHub API emulator.
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubEmulator, type GitHubEmulator } from '../../harness/github/index.js';
import { REPO_ROOT, runAction } from '../../harness/run-action.js';
import { TOOLS_PATH, describeWithTools } from '../../harness/tools.js';

const FIXTURE = join(REPO_ROOT, 'test/fixtures/terragrunt/infra');
const REPO = 'acme/infra';
const SECRET = 'drift-s3cr3t-value-9f2c';
const NETWORK_STATE = 'infra/.state/live/dev/network/terraform.tfstate';

describeWithTools(
  ['terragrunt', 'tofu', 'git'],
  'mode drift and merge queues with real terragrunt and tofu',
  () => {
    let work: string;
    let github: GitHubEmulator;
    /** The repository (the fixture's modules are found with get_repo_root()). */
    const infra = () => join(work, 'infra');
    const toolEnv = () => ({
      PATH: TOOLS_PATH,
      HOME: work,
      TF_PLUGIN_CACHE_DIR: '',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    });
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: infra(),
        env: { ...process.env, ...toolEnv() },
        encoding: 'utf8',
      }).trim();
    const terragrunt = (unit: string, ...args: string[]) =>
      execFileSync('terragrunt', ['run', '--', ...args], {
        cwd: join(work, 'infra', unit),
        env: { ...process.env, ...toolEnv(), TG_TF_PATH: 'tofu', TG_NON_INTERACTIVE: 'true', NO_COLOR: '1' },
        encoding: 'utf8',
      });
    const env = () => ({
      ...github.env(),
      ...toolEnv(),
      GITHUB_REPOSITORY: REPO,
      GITHUB_WORKFLOW: 'drift',
      GITHUB_RUN_ID: '41',
      GITHUB_SHA: git('rev-parse', 'HEAD'),
      // A secret-looking variable: its value is redacted from every issue.
      DRIFT_API_TOKEN: SECRET,
    });
    const driftInputs = {
      'working-directory': '.',
      'tf-path': 'tofu',
      exclude: 'live/prd/**',
      'github-token': '',
    };
    /** Someone changes the network outside tofu: its recorded cidr is no longer the configured one. */
    const driftNetwork = (cidr: string) => {
      const path = join(work, NETWORK_STATE);
      const state = JSON.parse(readFileSync(path, 'utf8')) as {
        resources: { instances: { attributes: Record<string, { value: { cidr: string } }> }[] }[];
      };
      for (const resource of state.resources)
        for (const instance of resource.instances)
          for (const key of ['input', 'output']) instance.attributes[key]!.value.cidr = cidr;
      writeFileSync(path, JSON.stringify(state));
    };
    const issues = () => [...github.state.repo(REPO).issues.values()];

    beforeAll(async () => {
      work = mkdtempSync(join(tmpdir(), 'tg-drift-'));
      cpSync(FIXTURE, join(work, 'infra'), { recursive: true });
      writeFileSync(join(infra(), '.gitignore'), '.state/\n.terragrunt-cache/\n');
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-qm', 'infra');
      // The dev units exist: applied once, so a plan shows no changes until something drifts.
      for (const unit of ['live/dev/network', 'live/dev/params', 'live/dev/app'])
        terragrunt(unit, 'apply', '-auto-approve', '-input=false');
    }, 600_000);

    afterAll(() => {
      rmSync(work, { recursive: true, force: true });
    });

    const withEmulator = async (fn: () => Promise<void>) => {
      github = await startGitHubEmulator();
      github.state.createRepo(REPO);
      try {
        await fn();
      } finally {
        await github.stop();
      }
    };
    const drift = (inputs: Record<string, string> = {}) =>
      runAction('terragrunt-plan', {
        cwd: infra(),
        eventName: 'schedule',
        event: { schedule: '17 5 * * 1-5' },
        inputs: { mode: 'drift', ...driftInputs, 'github-token': github.token, ...inputs },
        env: env(),
        timeoutMs: 300_000,
      });

    it('opens one issue for a drifted unit, leaves it while unchanged, and closes it once the drift is gone', async () => {
      await withEmulator(async () => {
        const clean = await drift();
        expect(clean.stdout).not.toContain('::error::');
        expect(clean.exitCode).toBe(0);
        expect(JSON.parse(clean.outputs.units!)).toEqual([
          'live/dev/network',
          'live/dev/params',
          'live/dev/app',
        ]);
        expect(JSON.parse(clean.outputs.drifted!)).toEqual([]);
        expect(issues()).toEqual([]);
        expect(github.calls.count()).toBe(1);

        driftNetwork(SECRET);
        github.calls.reset();
        const drifted = await drift();
        expect(drifted.stdout).not.toContain('::error::');
        expect(drifted.exitCode).toBe(0);
        expect(JSON.parse(drifted.outputs.drifted!)).toEqual(['live/dev/network']);
        const [issue] = issues();
        expect(issue).toMatchObject({
          title: 'Terragrunt drift: live/dev/network',
          user: 'github-actions[bot]',
          labels: ['terragrunt:drift'],
          state: 'open',
        });
        expect(issue!.body).toContain('its plan shows 1 to change');
        expect(issue!.body).toContain('- `terraform_data.network` (update)');
        expect(issue!.body).toMatch(/~\s+cidr = "\*\*\*" -> "10\.0\.0\.0\/16"/);
        expect(issue!.body).toContain('[workflow run](https://github.com/acme/infra/actions/runs/41)');
        expect(issue!.body).not.toContain(SECRET);
        expect(JSON.parse(drifted.outputs['drift-issues']!)).toEqual([
          { unit: 'live/dev/network', action: 'created', number: issue!.number, url: expect.any(String) },
        ]);
        expect(drifted.summary).toContain('1 of 3 units drifted.');
        expect(drifted.summary).not.toContain(SECRET);
        expect([github.calls.count('issues/list-for-repo'), github.calls.count('issues/create')]).toEqual([
          1, 1,
        ]);

        github.calls.reset();
        const again = await drift();
        expect(again.exitCode).toBe(0);
        expect(JSON.parse(again.outputs['drift-issues']!)[0]).toMatchObject({ action: 'unchanged' });
        expect(github.calls.count()).toBe(1);

        // Applying the configuration again puts the network back: the issue closes as completed.
        terragrunt('live/dev/network', 'apply', '-auto-approve', '-input=false');
        github.calls.reset();
        const fixed = await drift();
        expect(fixed.exitCode).toBe(0);
        expect(JSON.parse(fixed.outputs.drifted!)).toEqual([]);
        expect(github.state.issue(REPO, issue!.number)).toMatchObject({
          state: 'closed',
          stateReason: 'completed',
        });
        expect(github.state.issue(REPO, issue!.number).body).toContain('Resolved: the plan shows no changes');
        expect([github.calls.count('issues/list-for-repo'), github.calls.count('issues/update')]).toEqual([
          1, 1,
        ]);
      });
    }, 900_000);

    it('fans out: detect every unit, plan a matrix job, then keep the issues from the result files', async () => {
      await withEmulator(async () => {
        driftNetwork('10.7.0.0/16');
        const detect = await runAction('terragrunt-plan', {
          cwd: infra(),
          eventName: 'schedule',
          inputs: {
            mode: 'detect',
            'all-units': 'true',
            'working-directory': '.',
            exclude: 'live/prd/**',
          },
          env: env(),
        });
        expect(detect.exitCode).toBe(0);
        const units = JSON.parse(detect.outputs.units!) as string[];
        expect(units).toEqual(['live/dev/network', 'live/dev/params', 'live/dev/app']);
        const matrix = JSON.parse(detect.outputs.matrix!) as { include: { units: string }[] };
        for (const [index, entry] of matrix.include.entries()) {
          const plan = await runAction('terragrunt-plan', {
            cwd: infra(),
            eventName: 'schedule',
            inputs: {
              mode: 'plan',
              units: JSON.stringify(entry.units),
              comment: 'false',
              'working-directory': '.',
              'tf-path': 'tofu',
              'result-file': join(work, 'results', `terragrunt-result-${index}`, 'terragrunt-result.json'),
            },
            env: env(),
            timeoutMs: 300_000,
          });
          expect(plan.exitCode).toBe(0);
        }
        expect(github.calls.count()).toBe(0);
        // The issues job: no checkout, no Terragrunt.
        const report = await runAction('terragrunt-plan', {
          cwd: mkdtempSync(join(work, 'issues-job-')),
          eventName: 'schedule',
          inputs: {
            mode: 'drift',
            results: join(work, 'results'),
            units: detect.outputs.units!,
            'working-directory': '.',
            'github-token': github.token,
          },
          env: { ...env(), PATH: '/usr/bin:/bin' },
        });
        expect(report.stdout).not.toContain('::error::');
        expect(report.exitCode).toBe(0);
        expect(JSON.parse(report.outputs.drifted!)).toEqual(['live/dev/network']);
        expect(issues()).toHaveLength(1);
        expect(issues()[0]!.body).toContain('"10.7.0.0/16" -> "10.0.0.0/16"');
        terragrunt('live/dev/network', 'apply', '-auto-approve', '-input=false');
      });
    }, 900_000);

    it('plans the queued merge result of a merge_group event, without any comment call', async () => {
      await withEmulator(async () => {
        const base = git('rev-parse', 'HEAD');
        git('checkout', '-q', '-b', 'feature');
        const app = join(work, 'infra/live/dev/app/terragrunt.hcl');
        writeFileSync(app, readFileSync(app, 'utf8').replace('replicas   = 2', 'replicas   = 3'));
        git('commit', '-qam', 'more replicas');
        git('checkout', '-q', '-B', 'gh-readonly-queue/main/pr-5-' + base, base);
        git('merge', '-q', '--no-ff', '-m', 'Merge pull request #5', 'feature');
        const head = git('rev-parse', 'HEAD');
        const event = {
          action: 'checks_requested',
          merge_group: {
            head_sha: head,
            head_ref: `refs/heads/gh-readonly-queue/main/pr-5-${base}`,
            base_sha: base,
            base_ref: 'refs/heads/main',
          },
        };
        const plan = await runAction('terragrunt-plan', {
          cwd: infra(),
          eventName: 'merge_group',
          event,
          inputs: { 'working-directory': '.', 'tf-path': 'tofu', 'github-token': github.token },
          env: { ...env(), GITHUB_SHA: head },
          timeoutMs: 300_000,
        });
        expect(plan.stdout).not.toContain('::error::');
        expect(plan.exitCode).toBe(0);
        expect(JSON.parse(plan.outputs.units!)).toEqual(['live/dev/app']);
        expect(plan.outputs['has-changes']).toBe('true');
        expect(plan.outputs['comment-url']).toBe('');
        expect(plan.summary).toContain('| `live/dev/app` | 0 | 1 | 0 | 0 | 📝 changes |');
        expect(plan.summary).toContain(`Plan of ${head.slice(0, 7)}`);
        // No pull request to comment on, no files listed through the API: not a single GitHub call.
        expect(github.calls.count()).toBe(0);

        // Terragrunt's own detection compares the same two commits.
        const detect = await runAction('terragrunt-plan', {
          cwd: infra(),
          eventName: 'merge_group',
          event,
          inputs: { mode: 'detect', detection: 'terragrunt', 'working-directory': '.' },
          env: { ...env(), GITHUB_SHA: head },
          timeoutMs: 300_000,
        });
        expect(detect.stdout).not.toContain('::error::');
        expect(JSON.parse(detect.outputs.units!)).toEqual(['live/dev/app']);
        expect(detect.summary).toContain(`terragrunt find --filter '[${base}...${head}]'`);
        git('checkout', '-q', 'main');
      });
    }, 900_000);
  },
);
