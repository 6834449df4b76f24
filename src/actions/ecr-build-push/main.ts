import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { Inputs } from '../../lib/inputs.js';
import { awsRequestHandler } from '../../lib/proxy.js';
import { realSleep } from '../../lib/retry.js';
import { readInputs } from '../../ecr/inputs.js';

export async function main(): Promise<void> {
  const env = process.env;
  const inputs = new Inputs();
  maskSecrets(inputs.optional('registry-password'));
  const { core, roleArn, audience } = readInputs(inputs, env);

  const [{ buildAndPush }, { createEcrApi }, { runCommand }, { assumeConfiguredRole }, { summaryMarkdown }] =
    await Promise.all([
      import('../../ecr/build-and-push.js'),
      import('../../ecr/ecr-api.js'),
      import('../../ecr/run-command.js'),
      import('../../lib/aws-credentials.js'),
      import('../../ecr/summary.js'),
    ]);
  const mask = (secret: string) => maskSecrets(secret);
  const credentials = await assumeConfiguredRole(
    { roleArn, region: core.region, audience },
    { getIdToken, mask, logger: coreLogger },
  );
  const requestHandler = await awsRequestHandler();
  const result = await buildAndPush(core, {
    ecr: createEcrApi({
      region: core.region,
      ...(credentials ? { credentials } : {}),
      ...(requestHandler ? { requestHandler } : {}),
    }),
    fetch,
    exec: runCommand,
    logger: coreLogger,
    clock: () => new Date(),
    sleep: realSleep,
    mask,
    env,
    tempDir: env.RUNNER_TEMP,
  });
  setOutputs({
    image: result.image,
    'image-digest-uri': result.imageDigestUri,
    digest: result.digest,
    tag: result.tag,
    tags: result.tags.join(','),
    registry: result.registry,
    'repository-uri': result.repositoryUri,
    skipped: String(result.skipped),
  });
  appendSummary(summaryMarkdown(result));
}
