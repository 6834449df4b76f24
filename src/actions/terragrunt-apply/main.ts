import { join } from 'node:path';
import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { assumeRoleWithOidc, credentialsEnv, selectRole } from '../../lib/aws-credentials.js';
import { ActionFailed, ConfigurationError } from '../../lib/errors.js';
import { lazyGitHub } from '../../lib/identity.js';
import { Inputs } from '../../lib/inputs.js';
import { childEnv, readContext } from '../../terragrunt/context.js';
import { secretsFromEnv } from '../../lib/redact.js';

export async function main(): Promise<void> {
  const inputs = new Inputs();
  const token = inputs.required('github-token', 'pass `${{ github.token }}`');
  maskSecrets(token);
  const context = readContext();
  const rootDir = inputs.string('working-directory', '.').replace(/\/+$/, '') || '.';
  if (rootDir.startsWith('/') || rootDir.split('/').includes('..')) {
    throw new ConfigurationError(
      `Input 'working-directory' must be a path inside the repository, got '${rootDir}'.`,
    );
  }
  const command = inputs.string('command', '/apply');
  if (!command.startsWith('/') || /\s/.test(command)) {
    throw new ConfigurationError(
      `Input 'command' must be one word starting with '/', e.g. '/apply'; got '${command}'.`,
    );
  }
  const config = {
    rootDir,
    command,
    requireApproved: inputs.boolean('require-approval', false),
    requireMergeable: inputs.boolean('require-mergeable', false),
    applyOnMerge: inputs.boolean('apply-on-merge', false),
    includeDependents: inputs.boolean('include-dependents', false),
    exclude: inputs.list('exclude'),
    parallelism: inputs.integer('parallelism', 4, { min: 1, max: 64 }),
    terragrunt: inputs.string('terragrunt', 'terragrunt'),
    tfPath: inputs.optional('tf-path'),
    planArgs: inputs.multiline('plan-args'),
    planDir: join(context.temp, 'terragrunt-apply'),
    planWorkflow: inputs.optional('plan-workflow'),
    planAuthor: inputs.optional('plan-author'),
  };
  const region = inputs.optional('aws-region') ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  const role = selectRole({
    roleToAssume: inputs.optional('role-to-assume'),
    roleMap: inputs.map('roles'),
    environment: inputs.optional('environment'),
  });
  if (role && !region)
    throw new ConfigurationError("Input 'aws-region' is required with a role (or set AWS_REGION).");
  const audience = inputs.optional('audience');

  let env: Record<string, string> | undefined;
  const extraSecrets: string[] = [token];
  const { runApply } = await import('../../terragrunt/apply-action.js');
  const { spawnExec } = await import('../../lib/exec.js');
  const outcome = await runApply(config, {
    context,
    ...lazyGitHub({ token, appSlug: inputs.optional('app-slug'), logger: coreLogger }),
    exec: spawnExec,
    logger: coreLogger,
    childEnv: async () => {
      if (env) return env;
      let extra: Record<string, string> = {};
      if (role && region) {
        const credentials = await assumeRoleWithOidc({
          roleArn: role,
          region,
          audience,
          getIdToken,
          mask: (secret) => maskSecrets(secret),
          logger: coreLogger,
        });
        extra = credentialsEnv(credentials, region);
        extraSecrets.push(credentials.secretAccessKey, credentials.sessionToken);
      }
      env = childEnv(process.env, extra);
      return env;
    },
    secrets: () => [...secretsFromEnv(env ?? process.env), ...extraSecrets],
  });
  setOutputs({
    status: outcome.status,
    units: outcome.units.map((u) => u.unit),
    results: outcome.units.map(({ unit, status }) => ({ unit, status })),
    'comment-url': outcome.commentUrl ?? '',
  });
  if (outcome.summary) appendSummary(outcome.summary);
  if (outcome.status === 'ignored') coreLogger.info(`Nothing to do: ${outcome.reason ?? ''}`);
  if (outcome.status === 'refused') throw new ActionFailed(`Apply refused: ${outcome.reason ?? ''}`);
  if (outcome.status === 'failed') {
    throw new ActionFailed(
      `Apply failed for ${outcome.units
        .filter((u) => u.status === 'failed')
        .map((u) => u.unit)
        .join(', ')}.`,
    );
  }
}
