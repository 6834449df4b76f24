import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { ActionFailed } from '../../lib/errors.js';
import { runProcess } from '../../lib/exec.js';
import { Inputs } from '../../lib/inputs.js';
import { readMigrateInputs, readSecrets } from '../../sqldef/inputs.js';

export async function main(inputs = new Inputs()): Promise<void> {
  // Secrets first: nothing below may print them.
  const { secrets, token } = readSecrets(inputs);
  maskSecrets(...secrets, token, inputs.optional('kubeconfig'));
  const input = readMigrateInputs(inputs, process.env);

  // Validation done: load the rest.
  const { runSqldefMigrate } = await import('../../sqldef/run.js');
  const { lazyGitHub } = await import('../../lib/identity.js');
  const lazy = lazyGitHub({ token: token ?? '', appSlug: inputs.optional('app-slug'), logger: coreLogger });
  // Cancelling the run sends SIGINT, then SIGTERM: the in-cluster Jobs are deleted before the exit.
  const cancel = new AbortController();
  const access = input.kubernetes?.access;
  if (access) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => cancel.abort());
  const kubernetes = access
    ? async () => {
        const { connect } = await import('../../kubernetes/connect.js');
        const options = { getIdToken, mask: maskSecrets, logger: coreLogger, env: process.env };
        return (await connect(access, { ...options, environment: input.environment })).client;
      }
    : undefined;
  const { result, outputs } = await runSqldefMigrate(input, {
    exec: runProcess,
    logger: coreLogger,
    appendSummary,
    loadToolCache: () => import('@actions/tool-cache'),
    github: () => lazy.getOctokit(),
    identity: () => lazy.getIdentity(),
    ...(kubernetes ? { kubernetes, signal: cancel.signal } : {}),
  });
  setOutputs(outputs);
  if (result.failure) throw new ActionFailed(result.failure);
}
