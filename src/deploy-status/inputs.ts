// The deploy-status action's inputs, validated before any client loads.
import { ConfigurationError } from '../lib/errors.js';
import type { Inputs } from '../lib/inputs.js';
import { readClusterAccess, type ClusterAccess } from '../kubernetes/access.js';
import { DNS_LABEL, DNS_NAME } from '../kubernetes/resources.js';
import type { ControllerKind, ControllerRef, WorkloadRef } from './controllers.js';
import type { WorkloadKind } from './cluster.js';
import { parseImage, type ImageTarget } from './workloads.js';

export interface DeployStatusInputs {
  access: ClusterAccess;
  controller: ControllerRef;
  commit: string;
  branch?: string;
  image: ImageTarget;
  imageReference: string;
  workloads?: WorkloadRef[];
  refresh: boolean;
  timeoutMs: number;
  report?: {
    token: string;
    owner: string;
    repo: string;
    ref: string;
    environment: string;
    app: string;
    productionEnvironment?: boolean;
    transientEnvironment: boolean;
  };
  environmentUrl?: string;
  pullRequestUrl?: string;
  mergedAt?: number;
}

const CONTROLLERS = ['argocd', 'flux-kustomization', 'flux-helmrelease'] as const;
const DEFAULT_NAMESPACE: Record<ControllerKind, string> = {
  argocd: 'argocd',
  'flux-kustomization': 'flux-system',
  'flux-helmrelease': 'flux-system',
};
const KIND_NAMES: Record<string, WorkloadKind> = {
  deployment: 'Deployment',
  deploy: 'Deployment',
  statefulset: 'StatefulSet',
  sts: 'StatefulSet',
  daemonset: 'DaemonSet',
  ds: 'DaemonSet',
};

/** `Deployment/web/backend`, `web/backend` (a Deployment) or `statefulset/db/postgres`, one per line. */
export function parseWorkloads(lines: string[]): WorkloadRef[] {
  return lines.map((line) => {
    const parts = line.split('/');
    const [kindText, namespace, name] = parts.length === 2 ? ['Deployment', ...parts] : parts;
    const kind = KIND_NAMES[(kindText ?? '').toLowerCase()];
    if (
      parts.length < 2 ||
      parts.length > 3 ||
      !kind ||
      !DNS_LABEL.test(namespace ?? '') ||
      !DNS_NAME.test(name ?? '')
    ) {
      throw new ConfigurationError(
        `Input 'workloads': '${line}' is not 'Kind/namespace/name' (Kind: Deployment, StatefulSet or DaemonSet) or 'namespace/name'.`,
      );
    }
    return { kind, namespace: namespace!, name: name! };
  });
}

export function readDeployStatusInputs(inputs: Inputs, env: NodeJS.ProcessEnv): DeployStatusInputs {
  const access = readClusterAccess(inputs, env, 'to follow the deploy on EKS');
  const environment = inputs.optional('environment');

  const kind = inputs.choice('controller', CONTROLLERS, 'argocd');
  const name = inputs.required(
    'application',
    'the Argo CD Application, Flux Kustomization or HelmRelease that deploys the app',
  );
  const namespace = inputs.string('controller-namespace', DEFAULT_NAMESPACE[kind]);
  for (const [input, value] of [
    ['application', name],
    ['controller-namespace', namespace],
  ] as const) {
    if (!DNS_NAME.test(value))
      throw new ConfigurationError(`Input '${input}': '${value}' is not a Kubernetes object name.`);
  }
  const commit = inputs.required(
    'revision',
    "the bump pull request's merge commit (update-image-tag's 'merge-commit-sha' output)",
  );
  if (!/^[0-9a-f]{40}$/.test(commit))
    throw new ConfigurationError(`Input 'revision' must be a full 40-character commit SHA, got '${commit}'.`);

  const imageReference = inputs.required('image', "the pushed image, e.g. ecr-build-push's 'image' output");
  const parsed = parseImage(imageReference);
  const digest = inputs.optional('digest') ?? parsed.digest;
  if (!digest || !/^sha256:[0-9a-f]{64}$/.test(digest)) {
    throw new ConfigurationError(
      `Input 'digest' must be the pushed image's digest, sha256:<64 hex digits>; got '${digest ?? ''}'.`,
    );
  }
  const workloads = inputs.multiline('workloads');
  const report = inputs.boolean('report', true);
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = repository.split('/');
  const mergedAt = inputs.optional('merged-at');
  if (mergedAt !== undefined && Number.isNaN(Date.parse(mergedAt))) {
    throw new ConfigurationError(`Input 'merged-at' must be an ISO 8601 time, got '${mergedAt}'.`);
  }
  const deploymentEnvironment = inputs.optional('deployment-environment') ?? environment;
  if (report && !deploymentEnvironment) {
    throw new ConfigurationError(
      "Input 'environment' is required to report a GitHub Deployment (or set 'report: false').",
    );
  }
  if (report && (!owner || !repo))
    throw new ConfigurationError('GITHUB_REPOSITORY is not set: report needs the app repository.');
  const ref = inputs.optional('ref') ?? env.GITHUB_SHA ?? '';
  if (report && !ref) {
    throw new ConfigurationError(
      "Input 'ref' is required outside a workflow run: the app commit that was built.",
    );
  }
  return {
    access,
    controller: { kind, namespace, name },
    commit,
    ...(inputs.optional('branch') ? { branch: inputs.optional('branch') } : {}),
    image: { repository: parsed.repository, ...(parsed.tag ? { tag: parsed.tag } : {}), digest },
    imageReference,
    ...(workloads.length > 0 ? { workloads: parseWorkloads(workloads) } : {}),
    refresh: inputs.boolean('refresh', true),
    timeoutMs: inputs.seconds('timeout', '10m', { min: 1, max: 6 * 3600 }) * 1000,
    ...(report
      ? {
          report: {
            token: inputs.required('token', 'a token with deployments: write on this repository'),
            owner: owner!,
            repo: repo!,
            ref,
            environment: deploymentEnvironment!,
            app: inputs.optional('app') ?? repo!,
            ...(inputs.optional('production-environment') !== undefined
              ? { productionEnvironment: inputs.boolean('production-environment', false) }
              : {}),
            transientEnvironment: inputs.boolean('transient-environment', false),
          },
        }
      : {}),
    ...(inputs.optional('environment-url') ? { environmentUrl: inputs.optional('environment-url') } : {}),
    ...(inputs.optional('pull-request-url') ? { pullRequestUrl: inputs.optional('pull-request-url') } : {}),
    ...(mergedAt ? { mergedAt: Date.parse(mergedAt) } : {}),
  };
}
