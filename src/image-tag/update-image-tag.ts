// The update-image-tag core: check the image exists, edit the files (in the checkout, or through a pull
// request), and with verify-render refuse an edit whose render does not run the new image.
import { resolve } from 'node:path';
import { expandPatterns, isGlob } from '../lib/files.js';
import type { Logger } from '../lib/logger.js';
import { confinePath } from '../lib/paths.js';
import { pullRequestOptions, pullRequestOutputs } from '../pull-request/inputs.js';
import type { PullRequestApi } from '../pull-request/pull-request-api.js';
import { openPullRequest } from '../pull-request/open-pull-request.js';
import { imageTagChangeSet, type PlanCheck } from './change-set.js';
import type { UpdateImageTagInputs } from './inputs.js';
import {
  checkRenders,
  renderBeforeAfter,
  renderComparisonMarkdown,
  ToolMissing,
  type Exec,
} from './render.js';
import type { ValueChange } from './rewrite.js';
import { updateLocalFiles, type ImageTagPlan } from './update.js';
import { checkImageExists } from './verify-image.js';

export interface UpdateImageTagDeps {
  logger: Logger;
  mask: (secret: string) => void;
  getIdToken: (audience: string) => Promise<string>;
  exec: Exec;
  env: NodeJS.ProcessEnv;
  /** The runner's workspace; 'path' is relative to it. */
  workspace: string;
  /** Link to this workflow run. */
  runUrl?: string;
  /** The API of the repository the pull request goes to. */
  pullRequestApi: () => Promise<PullRequestApi>;
}

export interface UpdateImageTagOutcome {
  outputs: Record<string, unknown>;
  summary: string;
}

export async function updateImageTag(
  input: UpdateImageTagInputs,
  deps: UpdateImageTagDeps,
): Promise<UpdateImageTagOutcome> {
  const { logger } = deps;
  const values = input.request.values;
  const found = input.verifyImage ? await checkImageExists(input.verifyImage, deps) : undefined;
  const root = confinePath(deps.workspace, resolve(deps.workspace, input.path), 'path');
  const repository = values.name ?? input.verifyImage?.image;
  let rendered: string | undefined;
  const check: PlanCheck | undefined =
    input.verifyRender.length === 0
      ? undefined
      : async (plan, before) => {
          const files = plan.results.map((result) => ({
            path: result.file,
            format: result.format,
            before: before.get(result.file) ?? '',
            after: result.text,
          }));
          try {
            const comparisons = await renderBeforeAfter(root, input.verifyRender, files, deps);
            checkRenders(comparisons, values, plan.changedFiles.length > 0, repository);
            rendered = renderComparisonMarkdown(comparisons);
          } catch (error) {
            if (!(error instanceof ToolMissing)) throw error;
            logger.warning(
              `verify-render: ${error.tool} is not on PATH, so the render was not checked; install ${error.tool} in an earlier step.`,
            );
            rendered = undefined;
          }
          return rendered;
        };

  const pr = input.pullRequest;
  if (!pr) {
    const plan = await updateLocalFiles(root, input.files, input.request, check);
    for (const warning of plan.warnings) logger.warning(warning);
    logger.info(
      plan.changedFiles.length > 0
        ? `Updated ${plan.changedFiles.join(', ')}.`
        : 'Every file already has the tag.',
    );
    return { outputs: outputs(plan), summary: summary(plan.changes, rendered, undefined) };
  }

  const api = await deps.pullRequestApi();
  const { app, environment } = input;
  const reference = values.digest ?? values.tag ?? '';
  const branch = pr.branch ?? `platform-actions/${environment ? `${environment}/` : ''}${app}`;
  let paths: string[];
  if (input.files.some(isGlob)) {
    const state = await api.readState({ base: pr.base, branch, paths: [] });
    paths = await expandPatterns(input.files, await api.listFiles(state.base.oid));
  } else {
    const listed = input.files.map((file) => file.replace(/^\.\//, ''));
    paths = await expandPatterns(input.files, listed);
  }
  const change = imageTagChangeSet(paths, input.request, check);
  const result = await openPullRequest(api, change, {
    ...pullRequestOptions(
      pr,
      {
        branch,
        title: pr.title ?? `Deploy ${app}${environment ? ` to ${environment}` : ''}: ${reference}`,
        commitMessage:
          pr.commitMessage ??
          `Set the image tag of ${app}${environment ? ` in ${environment}` : ''} to ${reference}`,
      },
      deps.env,
      logger,
    ),
    body: [pr.body, deployFacts(input, values.digest ?? found, deps.env)].filter(Boolean).join('\n\n'),
    runUrl: deps.runUrl,
  });
  const plan = change.lastPlan;
  for (const warning of plan?.warnings ?? []) logger.warning(warning);
  return {
    outputs: {
      ...outputs(plan),
      changed: String(result.changedFiles.length > 0),
      'changed-files': result.changedFiles,
      ...pullRequestOutputs(result),
    },
    summary: summary(plan?.changes ?? [], rendered, result.pullRequestUrl),
  };
}

function outputs(plan: ImageTagPlan | undefined): Record<string, unknown> {
  return {
    changed: String((plan?.changedFiles.length ?? 0) > 0),
    'changed-files': plan?.changedFiles ?? [],
    'old-tags': plan?.oldTags ?? {},
    changes: plan?.changes ?? [],
    ...pullRequestOutputs(),
  };
}

/** What a reviewer checks first: the image, its digest, and the commit it was built from. */
function deployFacts(
  input: UpdateImageTagInputs,
  digest: string | undefined,
  env: NodeJS.ProcessEnv,
): string {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const image = input.verifyImage?.image;
  const tag = input.request.values.tag ?? '';
  const lines = [`- Image: \`${image ? `${image}:${tag}` : tag}\``];
  if (digest) lines.push(`- Digest: \`${digest}\``);
  const source = input.sourceCommit;
  if (source)
    lines.push(
      `- Source commit: [${source.repository}@${source.sha.slice(0, 7)}](${server}/${source.repository}/commit/${source.sha})`,
    );
  return lines.join('\n');
}

function summary(changes: ValueChange[], rendered: string | undefined, url: string | undefined): string {
  const lines = ['### Image tag', ''];
  if (changes.some((change) => change.changed)) {
    lines.push('| File | Key | Old | New |', '|---|---|---|---|');
    for (const change of changes.filter((c) => c.changed))
      lines.push(
        `| \`${change.file}\` | \`${change.key}\` | \`${change.oldValue}\` | \`${change.newValue}\` |`,
      );
  } else lines.push('Every file already has the tag; nothing changed.');
  if (rendered) lines.push('', rendered);
  if (url) lines.push('', `Pull request: ${url}`);
  return lines.join('\n');
}
