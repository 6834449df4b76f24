import { ConfigurationError, getErrorMessage } from '../lib/errors.js';
import { KubeClient } from './client.js';
import { eksTokenSource, type SigningCredentials } from './eks-token.js';

/** What DescribeCluster tells a client: where the API server is and the CA its certificate chains to. */
export interface ClusterEndpoint {
  endpoint: string;
  /** PEM. */
  ca: string;
}

/** DescribeCluster: the endpoint and base64 CA data (certificateAuthority.data) of a cluster. */
export type DescribeCluster = (
  name: string,
) => Promise<{ endpoint?: string; certificateAuthorityData?: string }>;

export interface EksConnectOptions {
  clusterName: string;
  region: string;
  credentials: () => Promise<SigningCredentials>;
  describeCluster: DescribeCluster;
  /** `cluster-endpoint` input: used instead of DescribeCluster's endpoint (a private endpoint, a proxy). */
  endpointOverride?: string;
  /** `cluster-ca` input: PEM or base64 of PEM, used instead of DescribeCluster's CA. */
  caOverride?: string;
  mask?: (secret: string) => void;
  clock?: () => Date;
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;

export function validateClusterName(name: string): void {
  if (!CLUSTER_NAME.test(name)) {
    throw new ConfigurationError(
      `'${name}' is not an EKS cluster name: use 1-100 letters, digits, '-' or '_', starting with a letter or digit.`,
    );
  }
}

/** PEM from PEM or from base64 of PEM (as EKS returns certificateAuthority.data). */
export function decodeCa(value: string, source: string): string {
  const text = value.trim();
  const pem = text.startsWith('-----BEGIN') ? text : Buffer.from(text, 'base64').toString('utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigurationError(`${source} is not a PEM certificate nor base64 of one.`);
  }
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}

/** DescribeCluster, with the endpoint and CA overrides applied. DescribeCluster is always called. */
export async function resolveCluster(options: EksConnectOptions): Promise<ClusterEndpoint> {
  validateClusterName(options.clusterName);
  let described: Awaited<ReturnType<DescribeCluster>>;
  try {
    described = await options.describeCluster(options.clusterName);
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'ResourceNotFoundException') {
      throw new ConfigurationError(
        `EKS cluster '${options.clusterName}' was not found in ${options.region}: check 'cluster-name' and 'aws-region'.`,
      );
    }
    if (name === 'AccessDeniedException') {
      throw new ConfigurationError(
        `The role may not describe EKS cluster '${options.clusterName}': allow eks:DescribeCluster on arn:aws:eks:${options.region}:<account>:cluster/${options.clusterName}. (${getErrorMessage(error)})`,
      );
    }
    throw error;
  }
  const endpoint = options.endpointOverride || described.endpoint;
  if (!endpoint) {
    throw new ConfigurationError(
      `EKS cluster '${options.clusterName}' has no endpoint yet (is it still creating?).`,
    );
  }
  if (!/^https:\/\//.test(endpoint)) {
    throw new ConfigurationError(`The cluster endpoint '${endpoint}' must be an https:// URL.`);
  }
  const caSource = options.caOverride
    ? "Input 'cluster-ca'"
    : `The CA of EKS cluster '${options.clusterName}'`;
  const caData = options.caOverride || described.certificateAuthorityData;
  if (!caData) throw new ConfigurationError(`${caSource} is empty.`);
  return { endpoint, ca: decodeCa(caData, caSource) };
}

/** A KubeClient for an EKS cluster, authenticated with `k8s-aws-v1.` tokens it renews itself. */
export async function connectToEks(options: EksConnectOptions): Promise<KubeClient> {
  const { endpoint, ca } = await resolveCluster(options);
  return new KubeClient({
    server: endpoint,
    ca,
    auth: {
      token: eksTokenSource({
        clusterName: options.clusterName,
        region: options.region,
        credentials: options.credentials,
        mask: options.mask,
        clock: options.clock,
      }),
    },
  });
}

/** DescribeCluster through @aws-sdk/client-eks, loaded only when called. */
export function sdkDescribeCluster(config: {
  region: string;
  credentials: () => Promise<SigningCredentials>;
  endpoint?: string;
}): DescribeCluster {
  let client:
    | {
        send(
          command: unknown,
        ): Promise<{ cluster?: { endpoint?: string; certificateAuthority?: { data?: string } } }>;
      }
    | undefined;
  let command: (new (input: { name: string }) => unknown) | undefined;
  return async (name) => {
    if (!client || !command) {
      const { EKSClient, DescribeClusterCommand } = await import('@aws-sdk/client-eks');
      client = new EKSClient({
        region: config.region,
        credentials: config.credentials,
        endpoint: config.endpoint,
      });
      command = DescribeClusterCommand;
    }
    const { cluster } = await client.send(new command({ name }));
    return { endpoint: cluster?.endpoint, certificateAuthorityData: cluster?.certificateAuthority?.data };
  };
}
