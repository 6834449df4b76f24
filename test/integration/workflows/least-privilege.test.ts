// Least privilege and output injection in the reusable workflows and examples.
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workflowFiles } from './workflow-files.js';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  uses?: string;
  environment?: string;
  steps?: Step[];
}
const jobsOf = (path: string) =>
  (workflowFiles().find((file) => file.path === path)?.doc.jobs ?? {}) as Record<string, Job>;

/** A JSON value as expression data. */
function toData(value: unknown): data.ExpressionData {
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (value === null || value === undefined) return new data.Null();
  const dictionary = new data.Dictionary();
  for (const [key, inner] of Object.entries(value)) dictionary.add(key, toData(inner));
  return dictionary;
}

/** Whether a job's `if:` lets it run, evaluated as the runner does, for these contexts. */
function jobRuns(condition: string | undefined, contexts: Record<string, unknown>): boolean {
  if (condition === undefined) return true;
  const text = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1');
  const parser = new Parser(new Lexer(text).lex().tokens, Object.keys(contexts), []);
  const result = new Evaluator(parser.parse(), toData(contexts) as data.Dictionary).evaluate();
  // Falsy as in GitHub's expressions: false, 0, '', null.
  if (result instanceof data.BooleanData || result instanceof data.StringData) return Boolean(result.value);
  if (result instanceof data.NumberData) return result.value !== 0 && !Number.isNaN(result.value);
  return !(result instanceof data.Null);
}

/** Parses a GITHUB_OUTPUT file as the runner does: `name=value` lines and `name<<delimiter` blocks. */
function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2] ?? '', i + 1);
      if (end < 0) throw new Error(`no closing delimiter for ${heredoc[1]}`);
      outputs[heredoc[1] ?? ''] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else {
      const at = line.indexOf('=');
      outputs[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return outputs;
}

/** Runs a `run:` step with bash as the runner does and returns the outputs it wrote. */
function runStep(step: Step, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'step-'));
  try {
    writeFileSync(join(dir, 'step.sh'), step.run ?? '');
    writeFileSync(join(dir, 'output'), '');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'step.sh')], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GITHUB_OUTPUT: join(dir, 'output'), ...env },
    });
    return { ...result, outputs: parseOutputFile(readFileSync(join(dir, 'output'), 'utf8')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('deploy.yml', () => {
  const jobs = jobsOf('.github/workflows/deploy.yml');
  const step = (job: string, id: string) => jobs[job]?.steps?.find((s) => s.id === id) ?? {};

  it('writes step outputs so that a newline in an input cannot add outputs', () => {
    const injected = 'charts/{app}/values.yaml\nmerged=true\nFILES_END\nchanged<<X';
    const files = runStep(step('update-manifests', 'files'), {
      PATTERN: injected,
      APP: 'api',
      ENVIRONMENT: 'prd',
    });
    expect(files.status).toBe(0);
    expect(files.outputs).toEqual({ files: 'charts/api/values.yaml\nmerged=true\nFILES_END\nchanged<<X' });

    const names = runStep(step('build', 'names'), {
      REPOSITORY: '{app}-{environment}\nimage=evil',
      APP: 'api',
      ENVIRONMENT: 'prd',
    });
    expect(names.status).toBe(0);
    expect(names.outputs).toEqual({ repository: 'api-prd\nimage=evil' });
  });

  it('mints the App token for the manifests repository only, and refuses a name that is not owner/name', () => {
    expect(step('update-manifests', 'app-token').with).toMatchObject({
      owner: '${{ steps.manifests.outputs.owner }}',
      repositories: '${{ steps.manifests.outputs.name }}',
    });
    expect(runStep(step('update-manifests', 'manifests'), { REPOSITORY: 'acme/manifests' }).outputs).toEqual({
      owner: 'acme',
      name: 'manifests',
    });
    const bad = runStep(step('update-manifests', 'manifests'), { REPOSITORY: 'acme/manifests\nname=other' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe(
      "::error::Input 'manifests-repository' must be owner/name, e.g. acme/manifests.\n",
    );
    expect(bad.outputs).toEqual({});
  });
});

describe('sqldef.yml', () => {
  const reviewed =
    jobsOf('.github/workflows/sqldef.yml').migrate?.steps?.find((s) => s.id === 'reviewed') ?? {};
  const HASH = 'a'.repeat(64);
  const OTHER = 'b'.repeat(64);
  const marker = '<!-- sqldef-migrate: postgres production db/schema.sql -->';

  /**
   * Runs the step with a `gh` on PATH that answers `gh api [--paginate] <path> --jq <filter>` from canned
   * REST answers, the filter applied by the real jq as gh applies it.
   */
  function runReviewed(pulls: unknown[], comments: { login: string; body: string }[]) {
    const bin = mkdtempSync(join(tmpdir(), 'gh-'));
    try {
      writeFileSync(join(bin, 'pulls.json'), JSON.stringify(pulls));
      writeFileSync(
        join(bin, 'comments.json'),
        JSON.stringify(comments.map((c) => ({ user: { login: c.login }, body: c.body }))),
      );
      writeFileSync(
        join(bin, 'gh'),
        [
          '#!/bin/bash',
          'path=""; filter="."',
          'while [ $# -gt 0 ]; do',
          '  case "$1" in api|--paginate) ;; --jq) shift; filter="$1" ;; *) path="$1" ;; esac',
          '  shift',
          'done',
          `case "$path" in */pulls) file=${bin}/pulls.json ;; */comments) file=${bin}/comments.json ;; *) exit 1 ;; esac`,
          'jq -r "$filter" "$file"',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      return runStep(reviewed, {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        REPOSITORY: 'acme/shop',
        SHA: 'c'.repeat(40),
        MARKER_PREFIX: '<!-- sqldef-migrate: postgres production ',
      });
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  }

  it("takes the reviewed plan's hash from the merged pull request's sqldef comment, ours only", () => {
    const result = runReviewed(
      [{ number: 7, merged_at: '2026-12-01T10:00:00Z' }],
      [
        { login: 'github-actions[bot]', body: `${marker}\nplan\n<!-- sqldef statements-hash: ${HASH} -->\n` },
        {
          login: 'github-actions[bot]',
          body: `<!-- sqldef-migrate: postgres staging db/schema.sql -->\n<!-- sqldef statements-hash: ${OTHER} -->`,
        },
        // Written after ours, with our marker, by someone else: not trusted.
        { login: 'mallory', body: `${marker}\n<!-- sqldef statements-hash: ${OTHER} -->` },
      ],
    );
    expect(result.status).toBe(0);
    expect(result.outputs).toEqual({ hash: HASH });
  });

  it('writes no hash without a merged pull request or without our comment', () => {
    expect(runReviewed([{ number: 6, merged_at: null }], []).outputs).toEqual({});
    const foreign = runReviewed(
      [{ number: 7, merged_at: '2026-12-01T10:00:00Z' }],
      [{ login: 'mallory', body: `${marker}\n<!-- sqldef statements-hash: ${OTHER} -->` }],
    );
    expect(foreign.status).toBe(0);
    expect(foreign.outputs).toEqual({});
    expect(foreign.stdout).toContain('Pull request #7 has no sqldef comment for this database');
  });
});

describe('least privilege', () => {
  it('runs the terragrunt apply job in the GitHub environment of its role', () => {
    expect(jobsOf('.github/workflows/terragrunt-apply.yml').apply?.environment).toBe(
      '${{ inputs.environment }}',
    );
  });

  it('never runs a fork pull request on the self-hosted VPC runner of the migrations example', () => {
    const migrate = jobsOf('examples/db/migrations.yml').migrate;
    expect(migrate?.if).toBe(
      "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository",
    );
  });

  describe("a fork's pull request never reaches a runner, role or database of the reusable workflows", () => {
    const pullRequest = (head: string) => ({
      event_name: 'pull_request',
      repository: 'acme/app',
      event: { pull_request: { head: { repo: { full_name: head } } } },
    });
    const cases: { path: string; job: string; inputs: Record<string, unknown> }[] = [
      { path: '.github/workflows/terragrunt-plan.yml', job: 'plan', inputs: { 'fan-out': false } },
      { path: '.github/workflows/terragrunt-plan.yml', job: 'detect', inputs: { 'fan-out': true } },
      { path: '.github/workflows/sqldef.yml', job: 'migrate', inputs: { mode: 'dry-run' } },
      { path: '.github/workflows/build-push.yml', job: 'build', inputs: {} },
    ];
    for (const { path, job, inputs } of cases) {
      it(`${path} ${job}: runs for the repository's own pull request and a push, not for a fork`, () => {
        const condition = jobsOf(path)[job]?.if;
        expect(jobRuns(condition, { github: pullRequest('acme/app'), inputs })).toBe(true);
        expect(jobRuns(condition, { github: { event_name: 'push', repository: 'acme/app' }, inputs })).toBe(
          true,
        );
        expect(jobRuns(condition, { github: pullRequest('someone/app'), inputs })).toBe(false);
      });
    }

    it("sqldef.yml still gives a fork's pull request the offline diff (no database, no credentials)", () => {
      const condition = jobsOf('.github/workflows/sqldef.yml').migrate?.if;
      expect(jobRuns(condition, { github: pullRequest('someone/app'), inputs: { mode: 'offline' } })).toBe(
        true,
      );
    });
  });

  it('scopes every create-github-app-token step to named repositories', () => {
    const steps = workflowFiles().flatMap((file) =>
      Object.values((file.doc.jobs ?? {}) as Record<string, Job>).flatMap((job) =>
        (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/create-github-app-token@')),
      ),
    );
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) expect(s.with?.repositories).toBeTruthy();
  });
});
