// Cluster access shared by deploy-status and sqldef-migrate: an EKS cluster by name (role per
// environment, k8s-aws-v1 tokens it renews itself) or any cluster from a kubeconfig secret.
import { assumeRoleWithOidc, selectRole } from '../lib/aws-credentials.js';
import type { Logger } from '../lib/logger.js';
import type { ClusterAccess } from './access.js';
import { KubeClient } from './client.js';
import { connectToEks, sdkDescribeCluster } from './eks.js';
import type { SigningCredentials } from './eks-token.js';
import { readKubeconfig } from './kubeconfig.js';

export interface Connection {
  client: KubeClient;
  /** Said when the API server never answers: how to reach a private endpoint. */
  unreachableAdvice: string;
}

export interface ConnectDeps {
  environment?: string;
  getIdToken: (audience: string) => Promise<string>;
  mask: (secret: string) => void;
  logger: Logger;
  env: NodeJS.ProcessEnv;
}

const PRIVATE_ADVICE =
  'A private EKS endpoint is reachable only from inside its VPC: run this job on a self-hosted runner in the VPC, ' +
  "or turn on the cluster's public endpoint restricted to the runners' addresses (publicAccessCidrs).";

export async function connect(access: ClusterAccess, deps: ConnectDeps): Promise<Connection> {
  if (access.kind === 'kubeconfig') {
    const config = readKubeconfig(access.kubeconfig, access.context);
    for (const secret of config.secrets) deps.mask(secret);
    return {
      client: new KubeClient({
        server: config.server,
        ...(config.ca ? { ca: config.ca } : {}),
        auth:
          'token' in config.auth ? { token: () => (config.auth as { token: string }).token } : config.auth,
      }),
      unreachableAdvice: `Check that ${config.server} is reachable from this runner (a private cluster needs a runner inside its network).`,
    };
  }
  const role = selectRole({
    roleToAssume: access.roleToAssume,
    roleMap: access.roles,
    environment: deps.environment,
  });
  const credentials = await credentialSource(role, access, deps);
  const endpoint = deps.env.AWS_ENDPOINT_URL_EKS ?? deps.env.AWS_ENDPOINT_URL;
  const client = await connectToEks({
    clusterName: access.clusterName,
    region: access.region,
    credentials,
    describeCluster: sdkDescribeCluster({
      region: access.region,
      credentials,
      ...(endpoint ? { endpoint } : {}),
    }),
    ...(access.endpoint ? { endpointOverride: access.endpoint } : {}),
    ...(access.ca ? { caOverride: access.ca } : {}),
    mask: deps.mask,
  });
  return { client, unreachableAdvice: PRIVATE_ADVICE };
}

async function credentialSource(
  role: string | undefined,
  access: Extract<ClusterAccess, { kind: 'eks' }>,
  deps: ConnectDeps,
): Promise<() => Promise<SigningCredentials>> {
  if (role) {
    const credentials = await assumeRoleWithOidc({
      roleArn: role,
      region: access.region,
      ...(access.audience ? { audience: access.audience } : {}),
      getIdToken: deps.getIdToken,
      mask: deps.mask,
      logger: deps.logger,
      env: deps.env,
    });
    return async () => credentials;
  }
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const provider = defaultProvider();
  return async () => {
    const credentials = await provider();
    deps.mask(credentials.secretAccessKey);
    if (credentials.sessionToken) deps.mask(credentials.sessionToken);
    return credentials;
  };
}
