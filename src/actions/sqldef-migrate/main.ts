import { appendSummary, coreLogger, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { ActionFailed } from '../../lib/errors.js';
import { runProcess } from '../../lib/exec.js';
import { Inputs } from '../../lib/inputs.js';
import { readMigrateInputs, readSecrets } from '../../sqldef/inputs.js';

export async function main(inputs = new Inputs()): Promise<void> {
  // Secrets first: nothing below may print them.
  const { secrets, token } = readSecrets(inputs);
  maskSecrets(...secrets, token);
  const input = readMigrateInputs(inputs, process.env);

  // Validation done: load the rest.
  const { runSqldefMigrate } = await import('../../sqldef/run.js');
  const { lazyGitHub } = await import('../../lib/identity.js');
  const lazy = lazyGitHub({ token: token ?? '', appSlug: inputs.optional('app-slug'), logger: coreLogger });
  const { result, outputs } = await runSqldefMigrate(input, {
    exec: runProcess,
    logger: coreLogger,
    appendSummary,
    loadToolCache: () => import('@actions/tool-cache'),
    github: () => lazy.getOctokit(),
    identity: () => lazy.getIdentity(),
  });
  setOutputs(outputs);
  if (result.failure) throw new ActionFailed(result.failure);
}
