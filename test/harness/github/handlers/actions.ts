import { GitHubError, paginate, repoFor, repoUrls, type RestContext, type RestHandler } from '../context.js';
import { artifactDigest, type Artifact } from '../artifacts.js';
import { nodeId } from '../state.js';

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function artifactJson(context: RestContext, artifact: Artifact): Record<string, unknown> {
  const repo = context.state.repo(artifact.repo);
  const { api } = repoUrls(context, repo);
  return {
    id: artifact.id,
    node_id: nodeId('MDg6QXJ0aWZhY3Q', artifact.id),
    name: artifact.name,
    size_in_bytes: artifact.zip.length,
    url: `${api}/actions/artifacts/${artifact.id}`,
    archive_download_url: `${api}/actions/artifacts/${artifact.id}/zip`,
    expired: artifact.expired,
    created_at: iso(artifact.createdAt),
    updated_at: iso(artifact.createdAt),
    expires_at: iso(artifact.expiresAt),
    digest: artifactDigest(artifact.zip),
    workflow_run: {
      id: artifact.runId,
      repository_id: repo.id,
      head_repository_id: repo.id,
      head_branch: artifact.headBranch,
      head_sha: artifact.headSha,
    },
  };
}

const listWorkflowRunArtifacts: RestHandler = (context) => {
  const repo = repoFor(context);
  const runId = Number(context.params.run_id);
  let artifacts = context.state.artifacts.forRun(repo.fullName, runId);
  if (typeof context.query.name === 'string')
    artifacts = artifacts.filter((a) => a.name === context.query.name);
  if (context.query.direction === 'asc') artifacts.reverse();
  const page = paginate(context, artifacts, `/repos/${repo.fullName}/actions/runs/${runId}/artifacts`);
  return {
    status: 200,
    body: { total_count: artifacts.length, artifacts: page.items.map((a) => artifactJson(context, a)) },
    headers: page.headers,
  };
};

const downloadArtifact: RestHandler = (context) => {
  const repo = repoFor(context);
  const artifact = context.state.artifacts.get(repo.fullName, Number(context.params.artifact_id));
  if (!artifact || context.params.archive_format !== 'zip') throw new GitHubError(404, 'Not Found');
  if (artifact.expired) throw new GitHubError(410, 'Artifact has expired');
  if (!context.urls.blob) throw new Error('the emulator has no blob store URL');
  const signature = context.state.artifacts.sign(artifact.id);
  const location = `${context.urls.blob}/artifacts/${artifact.id}/${encodeURIComponent(artifact.name)}.zip?sig=${signature}`;
  return { status: 302, headers: { location } };
};

export const actionsHandlers: Record<string, RestHandler> = {
  'actions/list-workflow-run-artifacts': listWorkflowRunArtifacts,
  'actions/download-artifact': downloadArtifact,
};
