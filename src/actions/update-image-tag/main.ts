import { resolve } from 'node:path';
import { appendSummary, coreLogger, getIdToken, maskSecrets, setOutputs } from '../../lib/actions-runtime.js';
import { DEFAULT_AUDIENCE, selectRole } from '../../lib/aws-credentials.js';
import { ConfigurationError } from '../../lib/errors.js';
import { Inputs } from '../../lib/inputs.js';
import { confinePath } from '../../lib/paths.js';
import {
  checkPullRequestNames,
  pullRequestOptions,
  pullRequestOutputs,
  readPullRequestInputs,
} from '../../pull-request/inputs.js';

const FORMATS = ['auto', 'helm', 'kustomize', 'flux-marker'] as const;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const inputs = new Inputs();
  maskSecrets(inputs.optional('token'), inputs.optional('registry-password'));
  const files = inputs.multiline('files');
  if (files.length === 0)
    throw new ConfigurationError(
      "Input 'files' is required: the values files to update, one path or glob per line.",
    );
  const keys = inputs.multiline('key');
  const tag = inputs.required('tag', 'the image tag to write');
  if (!TAG.test(tag) && !DIGEST.test(tag)) {
    throw new ConfigurationError(
      `Input 'tag': '${tag}' is not a valid image tag (up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-') nor a digest 'sha256:<64 hex>'.`,
    );
  }
  const digest = inputs.optional('digest');
  if (digest !== undefined && !DIGEST.test(digest))
    throw new ConfigurationError(
      `Input 'digest': '${digest}' is not 'sha256:' followed by 64 lowercase hex digits.`,
    );
  const imageName = inputs.optional('image-name');
  const format = inputs.choice('format', FORMATS, 'auto');
  const pullRequest = inputs.boolean('pull-request', true);
  const verifyImage = inputs.optional('verify-image');
  const registryUsername = inputs.optional('registry-username');
  const registryPassword = inputs.optional('registry-password');
  const app = inputs.optional('app') ?? (env.GITHUB_REPOSITORY ?? '').split('/')[1] ?? 'app';
  const environment = inputs.optional('environment');
  const roleArn = verifyImage
    ? selectRole({
        roleToAssume: inputs.optional('role-to-assume'),
        roleMap: inputs.map('roles'),
        environment,
      })
    : undefined;
  const pr = pullRequest ? readPullRequestInputs(inputs, env, { autoMerge: true }) : undefined;
  const branch = pr?.branch ?? `platform-actions/${environment ? `${environment}/` : ''}${app}`;
  const title = pr?.title ?? `Deploy ${app}${environment ? ` to ${environment}` : ''}: ${digest ?? tag}`;
  if (pr) {
    // Derived names are checked like inputs, before any API call.
    checkPullRequestNames(branch, title, {
      branch: pr.branch ? "Input 'branch'" : "Inputs 'environment' and 'app' (the branch name)",
      title: pr.title ? "Input 'title'" : "Inputs 'app' and 'environment' (the title)",
    });
  }
  const request = {
    format,
    keys,
    values: { tag, ...(digest ? { digest } : {}), ...(imageName ? { name: imageName } : {}) },
  };

  if (verifyImage) {
    const {
      verifyImage: verify,
      parseImage,
      isEcrRegistry,
      ecrCredentials,
      ecrRegion,
    } = await import('../../image-tag/verify-image.js');
    const { registry } = parseImage(verifyImage);
    let credentials =
      registryUsername && registryPassword
        ? { username: registryUsername, password: registryPassword }
        : undefined;
    if (!credentials && isEcrRegistry(registry)) {
      let aws;
      if (roleArn) {
        const { assumeRoleWithOidc } = await import('../../lib/aws-credentials.js');
        aws = await assumeRoleWithOidc({
          roleArn,
          region: inputs.optional('aws-region') ?? ecrRegion(registry) ?? env.AWS_REGION ?? 'us-east-1',
          audience: inputs.string('audience', DEFAULT_AUDIENCE),
          getIdToken,
          mask: (secret) => maskSecrets(secret),
          logger: coreLogger,
          env,
        });
      }
      credentials = await ecrCredentials(registry, aws);
      maskSecrets(credentials.password);
    }
    const found = await verify({ image: verifyImage, reference: digest ?? tag, ...(credentials ?? {}) });
    coreLogger.info(`${verifyImage}:${digest ?? tag} exists in the registry${found ? ` (${found})` : ''}.`);
  }

  if (!pr) {
    const { updateLocalFiles } = await import('../../image-tag/update.js');
    const workspace = env.GITHUB_WORKSPACE ?? process.cwd();
    const root = confinePath(workspace, resolve(workspace, inputs.string('path', '.')), 'path');
    const plan = await updateLocalFiles(root, files, request);
    for (const warning of plan.warnings) coreLogger.warning(warning);
    setOutputs({
      changed: String(plan.changedFiles.length > 0),
      'changed-files': plan.changedFiles,
      'old-tags': plan.oldTags,
      changes: plan.changes,
      ...pullRequestOutputs(),
    });
    appendSummary(summary(plan.changes, undefined));
    coreLogger.info(
      plan.changedFiles.length > 0
        ? `Updated ${plan.changedFiles.join(', ')}.`
        : 'Every file already has the tag.',
    );
    return;
  }

  const [
    { createGitHubClient },
    { GitHubPullRequestApi },
    { openPullRequest, PullRequestFailed },
    { imageTagChangeSet },
    { expandPatterns, isGlob },
  ] = await Promise.all([
    import('../../lib/github-client.js'),
    import('../../pull-request/github-pull-request-api.js'),
    import('../../pull-request/open-pull-request.js'),
    import('../../image-tag/change-set.js'),
    import('../../image-tag/update.js'),
  ]);
  const client = createGitHubClient({ token: pr.token, logger: coreLogger, env });
  const api = new GitHubPullRequestApi(client, pr.owner, pr.repo);
  let paths = files;
  if (files.some(isGlob)) {
    const state = await api.readState({ base: pr.base, branch, paths: [] });
    paths = await expandPatterns(files, await api.listFiles(state.base.oid));
  } else {
    paths = await expandPatterns(
      files,
      files.map((file) => file.replace(/^\.\//, '')),
    );
  }
  const change = imageTagChangeSet(paths, request);
  const commitMessage =
    pr.commitMessage ??
    `Set the image tag of ${app}${environment ? ` in ${environment}` : ''} to ${digest ?? tag}`;
  const options = pullRequestOptions(pr, { branch, title, commitMessage }, env, coreLogger);
  const result = await openPullRequest(api, change, options).catch((error: unknown) => {
    if (error instanceof PullRequestFailed)
      setOutputs(pullRequestOutputs({ merged: 'false', ...error.partial }));
    throw error;
  });
  const plan = change.lastPlan;
  for (const warning of plan?.warnings ?? []) coreLogger.warning(warning);
  setOutputs({
    changed: String(result.changedFiles.length > 0),
    'changed-files': result.changedFiles,
    'old-tags': plan?.oldTags ?? {},
    changes: plan?.changes ?? [],
    ...pullRequestOutputs(result),
  });
  appendSummary(summary(plan?.changes ?? [], result.pullRequestUrl));
}

function summary(
  changes: { file: string; key: string; oldValue: string; newValue: string; changed: boolean }[],
  url: string | undefined,
): string {
  const lines = ['### Image tag', ''];
  if (changes.some((change) => change.changed)) {
    lines.push('| File | Key | Old | New |', '|---|---|---|---|');
    for (const change of changes.filter((c) => c.changed))
      lines.push(
        `| \`${change.file}\` | \`${change.key}\` | \`${change.oldValue}\` | \`${change.newValue}\` |`,
      );
  } else lines.push('Every file already has the tag; nothing changed.');
  if (url) lines.push('', `Pull request: ${url}`);
  return lines.join('\n');
}
