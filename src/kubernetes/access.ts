// The cluster-access inputs every Kubernetes-facing action shares: an EKS cluster by name (with a role
// per environment) or a kubeconfig for any other cluster. Read and validated before any client loads.
import { ConfigurationError } from '../lib/errors.js';
import type { Inputs } from '../lib/inputs.js';

export type ClusterAccess =
  | {
      kind: 'eks';
      clusterName: string;
      region: string;
      roleToAssume?: string;
      roles: Map<string, string>;
      audience?: string;
      endpoint?: string;
      ca?: string;
    }
  | { kind: 'kubeconfig'; kubeconfig: string; context?: string };

/**
 * `cluster-name` + `aws-region` (+ `role-to-assume`/`roles`, `audience`, `cluster-endpoint`, `cluster-ca`)
 * or `kubeconfig` (+ `kube-context`). `purpose` completes "Input 'cluster-name' is required … <purpose>".
 */
export function readClusterAccess(inputs: Inputs, env: NodeJS.ProcessEnv, purpose: string): ClusterAccess {
  const kubeconfig = inputs.optional('kubeconfig');
  const clusterName = inputs.optional('cluster-name');
  if (!kubeconfig && !clusterName) {
    throw new ConfigurationError(
      `Input 'cluster-name' is required (with 'aws-region') ${purpose}; or give 'kubeconfig' for any other cluster.`,
    );
  }
  if (kubeconfig && clusterName)
    throw new ConfigurationError("Give either 'cluster-name' or 'kubeconfig', not both.");
  if (kubeconfig) {
    const context = inputs.optional('kube-context');
    return { kind: 'kubeconfig', kubeconfig, ...(context ? { context } : {}) };
  }
  const region = inputs.optional('aws-region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? '';
  if (!region) throw new ConfigurationError("Input 'aws-region' is required with 'cluster-name'.");
  return {
    kind: 'eks',
    clusterName: clusterName!,
    region,
    roleToAssume: inputs.optional('role-to-assume'),
    roles: inputs.map('roles'),
    audience: inputs.optional('audience'),
    endpoint: inputs.optional('cluster-endpoint'),
    ca: inputs.optional('cluster-ca'),
  };
}
