import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { assumeConfiguredRole, credentialsEnv } from '../../lib/aws-credentials.js';
import { ActionFailed } from '../../lib/errors.js';
import { lazyGitHub } from '../../lib/identity.js';
import { Inputs } from '../../lib/inputs.js';
import { secretsFromEnv } from '../../lib/redact.js';
import { readRunContext } from '../../lib/run-context.js';
import { childEnv } from '../../terragrunt/context.js';
import { readPlanInputs } from '../../terragrunt/inputs.js';
import { execWithTools, setUpTools } from '../../terragrunt/install.js';

export async function main(): Promise<void> {
  const inputs = new Inputs();
  maskSecrets(inputs.optional('github-token'));
  const context = readRunContext(process.env, { workflow: 'terragrunt' });
  const { token, config, role, plans, appSlug } = readPlanInputs(inputs, process.env, context.temp);

  let extraEnv: Record<string, string> = {};
  if (role.region && plans) {
    const deps = { getIdToken, mask: (secret: string) => maskSecrets(secret), logger: coreLogger };
    const credentials = await assumeConfiguredRole({ ...role, region: role.region }, deps);
    // Credentials go to Terragrunt's environment only, never to this process's.
    if (credentials) extraEnv = credentialsEnv(credentials, role.region);
  }
  const { runPlan } = await import('../../terragrunt/plan-action.js');
  const { spawnExec } = await import('../../lib/exec.js');
  const env = childEnv(process.env, extraEnv);
  const tools = { checkout: context.workspace, env: process.env, logger: coreLogger };
  const outcome = await runPlan(config, {
    context,
    ...lazyGitHub({ token: token ?? '', appSlug, logger: coreLogger }),
    exec: execWithTools(spawnExec, config.terragrunt, () => setUpTools(config.tools, tools)),
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
