import type { GitHubClient } from '../lib/github-client.js';
import { redact } from '../lib/redact.js';

/** GitHub's limit for a deployment status description. */
export const MAX_DESCRIPTION = 140;

/** One line of at most `max` characters: whitespace collapsed, cut with an ellipsis. */
export function oneLine(text: string, max = MAX_DESCRIPTION): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

export interface DeploymentTarget {
  owner: string;
  repo: string;
  /** The app commit that was built. */
  ref: string;
  environment: string;
  app: string;
  image: string;
  digest: string;
  pullRequestUrl?: string;
  productionEnvironment?: boolean;
  transientEnvironment?: boolean;
}

export type FinalState = 'success' | 'failure' | 'error' | 'inactive';

export interface DeploymentReporterOptions {
  /** Link to the workflow run (`log_url`). */
  logUrl?: string;
  /** Values redacted from every text posted. */
  secrets?: readonly string[];
}

/** The task every deployment of this toolkit carries; `payload.app` tells apps of one repository apart. */
export const DEPLOY_TASK = 'deploy';

/**
 * The GitHub Deployment of one deploy on the app repository: created `in_progress`, ended `success` (earlier
 * deployments of the environment become inactive), `failure`/`error` with a one-line reason, or `inactive`
 * when a newer deploy took over. Three calls for a successful deploy.
 */
export class GitHubDeploymentReporter {
  private id: number | undefined;
  /** GitHub API calls made. */
  calls = 0;

  constructor(
    private readonly client: GitHubClient,
    private readonly target: DeploymentTarget,
    private readonly options: DeploymentReporterOptions = {},
  ) {}

  get deploymentId(): number | undefined {
    return this.id;
  }

  /** Creates the deployment and marks it in progress. */
  async start(description: string): Promise<number> {
    const { owner, repo, ref, environment, app, image, digest, pullRequestUrl } = this.target;
    this.calls++;
    const response = await this.client.rest.repos.createDeployment({
      owner,
      repo,
      ref,
      task: DEPLOY_TASK,
      environment,
      // The commit was built and tested already: no merge of the default branch, no status checks gate.
      auto_merge: false,
      required_contexts: [],
      payload: { app, image, digest, ...(pullRequestUrl ? { 'pull-request-url': pullRequestUrl } : {}) },
      description: this.text(`${app} ${shortDigest(digest)}`),
      ...(this.target.productionEnvironment !== undefined
        ? { production_environment: this.target.productionEnvironment }
        : {}),
      transient_environment: this.target.transientEnvironment ?? false,
    });
    if (response.status !== 201 || !('id' in response.data)) {
      const message = (response.data as { message?: string }).message ?? `HTTP ${response.status}`;
      throw new Error(`GitHub did not create the deployment of ${ref} to ${environment}: ${message}`);
    }
    this.id = response.data.id;
    await this.status('in_progress', description);
    return this.id;
  }

  /** Ends the deployment. `success` makes earlier deployments of the environment inactive. */
  async finish(state: FinalState, description: string, environmentUrl?: string): Promise<void> {
    await this.status(state, description, environmentUrl);
  }

  /**
   * A deployment of the same app and environment created after this one, if any (one call). A deploy
   * that stops because another took over ends `inactive`, not `failure`.
   */
  async newerDeployment(): Promise<{ id: number; ref: string; image?: string } | undefined> {
    if (this.id === undefined) return undefined;
    this.calls++;
    const { data } = await this.client.rest.repos.listDeployments({
      owner: this.target.owner,
      repo: this.target.repo,
      environment: this.target.environment,
      task: DEPLOY_TASK,
      per_page: 20,
    });
    const newer = data.find(
      (deployment) => deployment.id > this.id! && payloadOf(deployment.payload).app === this.target.app,
    );
    if (!newer) return undefined;
    const image = payloadOf(newer.payload).image;
    return { id: newer.id, ref: newer.sha, ...(typeof image === 'string' ? { image } : {}) };
  }

  private async status(
    state: FinalState | 'in_progress',
    description: string,
    environmentUrl?: string,
  ): Promise<void> {
    if (this.id === undefined) throw new Error('The deployment was not created.');
    this.calls++;
    await this.client.rest.repos.createDeploymentStatus({
      owner: this.target.owner,
      repo: this.target.repo,
      deployment_id: this.id,
      state,
      description: this.text(description),
      ...(this.options.logUrl ? { log_url: this.options.logUrl } : {}),
      ...(environmentUrl ? { environment_url: environmentUrl } : {}),
      ...(state === 'success' ? { auto_inactive: true } : {}),
    });
  }

  private text(description: string): string {
    return oneLine(redact(description, this.options.secrets));
  }
}

function payloadOf(payload: unknown): Record<string, unknown> {
  if (typeof payload === 'string') {
    try {
      return JSON.parse(payload) as Record<string, unknown>;
    } catch {
      return {};
    }
  }
  return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
}

/** `sha256:0123456789ab`: enough of a digest to tell images apart in a one-line status. */
export function shortDigest(digest: string): string {
  return digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, '$1');
}
