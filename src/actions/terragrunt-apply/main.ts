import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { assumeConfiguredRole, credentialsEnv } from '../../lib/aws-credentials.js';
import { ActionFailed } from '../../lib/errors.js';
import { lazyGitHub } from '../../lib/identity.js';
import { Inputs } from '../../lib/inputs.js';
import { secretsFromEnv } from '../../lib/redact.js';
import { readRunContext } from '../../lib/run-context.js';
import { childEnv } from '../../terragrunt/context.js';
import { readApplyInputs } from '../../terragrunt/inputs.js';
import { execWithTools, setUpTools } from '../../terragrunt/install.js';

export async function main(): Promise<void> {
  const inputs = new Inputs();
  const token = inputs.required('github-token', 'pass `${{ github.token }}`');
  maskSecrets(token);
  const context = readRunContext(process.env, { workflow: 'terragrunt' });
  const { config, role, appSlug } = readApplyInputs(inputs, process.env, context.temp);

  let env: Record<string, string> | undefined;
  const extraSecrets: string[] = [token];
  const { runApply } = await import('../../terragrunt/apply-action.js');
  const { spawnExec } = await import('../../lib/exec.js');
  const tools = { checkout: context.workspace, env: process.env, logger: coreLogger };
  const outcome = await runApply(config, {
    context,
    ...lazyGitHub({ token, appSlug, logger: coreLogger }),
    exec: execWithTools(spawnExec, config.terragrunt, () => setUpTools(config.tools, tools)),
    logger: coreLogger,
    childEnv: async () => {
      if (env) return env;
      let extra: Record<string, string> = {};
      if (role.region) {
        const deps = { getIdToken, mask: (secret: string) => maskSecrets(secret), logger: coreLogger };
        const credentials = await assumeConfiguredRole({ ...role, region: role.region }, deps);
        if (credentials) {
          extra = credentialsEnv(credentials, role.region);
          extraSecrets.push(credentials.secretAccessKey, credentials.sessionToken);
        }
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
    const failed = outcome.units.filter((u) => u.status === 'failed').map((u) => u.unit);
    throw new ActionFailed(`Apply failed for ${failed.join(', ')}.`);
  }
}
