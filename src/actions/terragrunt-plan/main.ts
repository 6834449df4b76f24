import { join } from 'node:path';
import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { assumeRoleWithOidc, credentialsEnv, selectRole } from '../../lib/aws-credentials.js';
import { ActionFailed, ConfigurationError } from '../../lib/errors.js';
import { lazyGitHub } from '../../lib/identity.js';
import { Inputs } from '../../lib/inputs.js';
import { childEnv, parseUnits, readContext } from '../../terragrunt/context.js';
import { secretsFromEnv } from '../../lib/redact.js';

export async function main(): Promise<void> {
  const inputs = new Inputs();
  const token = inputs.optional('github-token');
  maskSecrets(token);
  const context = readContext();
  const mode = inputs.choice('mode', ['plan', 'detect', 'report'] as const, 'plan');
  const rootDir = inputs.string('working-directory', '.').replace(/\/+$/, '') || '.';
  if (rootDir.startsWith('/') || rootDir.split('/').includes('..')) {
    throw new ConfigurationError(
      `Input 'working-directory' must be a path inside the repository, got '${rootDir}'.`,
    );
  }
  const config = {
    mode,
    rootDir,
    units: parseUnits(inputs.optional('units')),
    removed: parseUnits(inputs.optional('removed')),
    allUnits: inputs.boolean('all-units', false),
    includeDependents: inputs.boolean('include-dependents', false),
    detection: inputs.choice('detection', ['static', 'terragrunt'] as const, 'static'),
    exclude: inputs.list('exclude'),
    changedFiles: inputs.optional('changed-files') === undefined ? undefined : inputs.list('changed-files'),
    baseRef: inputs.optional('base-ref'),
    parallelism: inputs.integer('parallelism', 4, { min: 1, max: 64 }),
    terragrunt: inputs.string('terragrunt', 'terragrunt'),
    tfPath: inputs.optional('tf-path'),
    planArgs: inputs.multiline('plan-args'),
    comment: inputs.boolean('comment', true),
    labels: inputs.boolean('labels', false),
    resultsDir: inputs.string('results-dir', join(context.temp, 'terragrunt-plan')),
    resultFile: inputs.optional('result-file'),
    results: inputs.optional('results'),
    artifactName: inputs.string('artifact-name', 'terragrunt-plans'),
    maxMatrixJobs: inputs.integer('max-matrix-jobs', 64, { min: 1, max: 256 }),
    title: inputs.optional('title'),
  };
  const region = inputs.optional('aws-region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const role = selectRole({
    roleToAssume: inputs.optional('role-to-assume'),
    roleMap: inputs.map('roles'),
    environment: inputs.optional('environment'),
  });
  if (role && !region && mode === 'plan') {
    throw new ConfigurationError("Input 'aws-region' is required with a role (or set AWS_REGION).");
  }
  if ((config.comment || config.labels) && !token && mode !== 'detect') {
    throw new ConfigurationError("Input 'github-token' is required to comment: pass `${{ github.token }}`.");
  }

  let extraEnv: Record<string, string> = {};
  if (role && region && mode === 'plan') {
    const credentials = await assumeRoleWithOidc({
      roleArn: role,
      region,
      audience: inputs.optional('audience'),
      getIdToken,
      mask: (secret) => maskSecrets(secret),
      logger: coreLogger,
    });
    // Credentials go to Terragrunt's environment only, never to this process's.
    extraEnv = credentialsEnv(credentials, region);
  }
  const { runPlan } = await import('../../terragrunt/plan-action.js');
  const { spawnExec } = await import('../../lib/exec.js');
  const env = childEnv(process.env, extraEnv);
  const outcome = await runPlan(config, {
    context,
    ...lazyGitHub({ token: token ?? '', appSlug: inputs.optional('app-slug'), logger: coreLogger }),
    exec: spawnExec,
    logger: coreLogger,
    childEnv: env,
    secrets: [
      ...secretsFromEnv(env),
      ...(token ? [token] : []),
      ...Object.values(extraEnv).filter((v) => v.length > 12),
    ],
  });
  setOutputs(outcome.outputs);
  appendSummary(outcome.summary);
  if (outcome.commentError) throw new ActionFailed(`${outcome.commentError} The plan is in the job summary.`);
  if (outcome.failedUnits.length > 0) {
    throw new ActionFailed(
      `Terragrunt plan failed for ${outcome.failedUnits.join(', ')}; see the report for each unit's error.`,
    );
  }
}
