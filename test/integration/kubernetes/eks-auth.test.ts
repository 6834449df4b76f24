import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { CreateClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { fromWebToken } from '@aws-sdk/credential-provider-web-identity';
import { ForbiddenError, KubeClient } from '../../../src/kubernetes/client.js';
import { connectToEks, sdkDescribeCluster, type DescribeCluster } from '../../../src/kubernetes/eks.js';
import { eksToken, type SigningCredentials } from '../../../src/kubernetes/eks-token.js';
import { RESOURCES } from '../../../src/kubernetes/resources.js';
import { startControlPlane, KUBE_TOOLS, type ControlPlane } from '../../harness/kube/control-plane.js';
import { startEksAuthenticator, type EksAuthenticator } from '../../harness/kube/eks-authenticator.js';
import { SERVICE_TOOLS, startMoto, unsignedJwt, type Moto } from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

const CLUSTER = 'prod';

describeWithTools(
  [...KUBE_TOOLS, ...SERVICE_TOOLS.moto],
  'EKS token authentication against the test API server',
  () => {
    let moto: Moto;
    let authenticator: EksAuthenticator;
    let cluster: ControlPlane;
    let deployer: SigningCredentials;
    let describeCalls: string[];
    let describeCluster: DescribeCluster;

    const assume = async (role: string): Promise<SigningCredentials> => {
      const credentials = await fromWebToken({
        roleArn: `arn:aws:iam::${moto.accountId}:role/${role}`,
        roleSessionName: 'run-42',
        webIdentityToken: unsignedJwt({
          sub: 'repo:acme/shop:ref:refs/heads/main',
          aud: 'sts.amazonaws.com',
        }),
        clientConfig: { region: moto.region, endpoint: moto.endpoint },
      })();
      return {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        sessionToken: credentials.sessionToken,
      };
    };
    const withToken = (token: string) =>
      new KubeClient({ server: cluster.server, ca: cluster.ca, auth: { token: () => token } });

    beforeAll(async () => {
      moto = await startMoto();
      authenticator = await startEksAuthenticator({
        clusterId: CLUSTER,
        stsEndpoint: moto.endpoint,
        mapRoles: [
          {
            rolearn: `arn:aws:iam::${moto.accountId}:role/deploy`,
            username: 'deployer:{{SessionName}}',
            groups: ['platform:deployers'],
          },
        ],
      });
      cluster = await startControlPlane({ tokenWebhook: { url: authenticator.url }, nodes: 1 });
      const eks = new EKSClient({
        region: moto.region,
        endpoint: moto.endpoint,
        credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
      });
      await eks.send(
        new CreateClusterCommand({
          name: CLUSTER,
          roleArn: `arn:aws:iam::${moto.accountId}:role/eks`,
          resourcesVpcConfig: { subnetIds: [] },
        }),
      );
      await cluster.namespace('apps');
      await cluster.client.create(RESOURCES.role, 'apps', {
        metadata: { name: 'deploy-status' },
        rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] }],
      });
      await cluster.client.create(RESOURCES.roleBinding, 'apps', {
        metadata: { name: 'deploy-status' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'deploy-status' },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'platform:deployers' }],
      });
      deployer = await assume('deploy');
      describeCalls = [];
      const sdk = sdkDescribeCluster({
        region: moto.region,
        credentials: async () => deployer,
        endpoint: moto.endpoint,
      });
      describeCluster = async (name) => {
        describeCalls.push(name);
        return sdk(name);
      };
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
      await authenticator?.stop();
      await moto?.stop();
    });

    it('reaches the cluster by name: DescribeCluster from moto, then a k8s-aws-v1. token the webhook maps', async () => {
      const client = await connectToEks({
        clusterName: CLUSTER,
        region: moto.region,
        credentials: async () => deployer,
        describeCluster,
        // moto's endpoint and CA cannot point at the test API server: the actions' overrides do.
        endpointOverride: cluster.server,
        caOverride: Buffer.from(cluster.ca).toString('base64'),
      });
      expect(describeCalls).toEqual([CLUSTER]);
      const list = await client.list(RESOURCES.deployment, 'apps');
      expect(list.items).toEqual([]);
      expect(client.calls.list).toBe(1);
      expect(authenticator.reviews.at(-1)).toEqual({ authenticated: true, username: 'deployer:run-42' });
    });

    it('prints a Forbidden error naming the verb, resource, namespace and the rule to add', async () => {
      const client = await connectToEks({
        clusterName: CLUSTER,
        region: moto.region,
        credentials: async () => deployer,
        describeCluster,
        endpointOverride: cluster.server,
        caOverride: cluster.ca,
      });
      const attempt = client.create(RESOURCES.job, 'apps', { metadata: { name: 'migrate' }, spec: {} });
      await expect(attempt).rejects.toBeInstanceOf(ForbiddenError);
      await expect(attempt).rejects.toThrow(
        `Kubernetes refused to create jobs (API group 'batch') in namespace 'apps': jobs.batch is forbidden: User "deployer:run-42" cannot create resource "jobs" in API group "batch" in the namespace "apps". Grant it with the rule {apiGroups: ["batch"], resources: ["jobs"], verbs: ["create"]} in a Role in namespace 'apps' bound to 'deployer:run-42' with a RoleBinding (on EKS: an access entry for the IAM role with an access policy or Kubernetes group that carries this rule).`,
      );
    });

    it('refuses a token signed for another cluster', async () => {
      const { token } = eksToken({ clusterName: 'staging', region: moto.region, credentials: deployer });
      await expect(withToken(token).list(RESOURCES.deployment, 'apps')).rejects.toThrow(/401 Unauthorized/);
      expect(authenticator.reviews.at(-1)?.error).toMatch(
        /SignatureDoesNotMatch.*not signed for cluster 'prod'/,
      );
    });

    it('refuses an expired token', async () => {
      const { token } = eksToken({
        clusterName: CLUSTER,
        region: moto.region,
        credentials: deployer,
        now: new Date(Date.now() - 16 * 60_000),
      });
      await expect(withToken(token).list(RESOURCES.deployment, 'apps')).rejects.toThrow(/401 Unauthorized/);
      expect(authenticator.reviews.at(-1)?.error).toBe(
        'X-Amz-Date parameter is expired (15 minute expiration)',
      );
    });

    it('refuses a malformed token', async () => {
      await expect(withToken('k8s-aws-v1.not base64!').list(RESOURCES.deployment, 'apps')).rejects.toThrow(
        /401/,
      );
      expect(authenticator.reviews.at(-1)?.error).toMatch(/not properly formatted/);
      const notSts =
        'k8s-aws-v1.' +
        Buffer.from('https://evil.example.com/?Action=GetCallerIdentity').toString('base64url');
      await expect(withToken(notSts).list(RESOURCES.deployment, 'apps')).rejects.toThrow(/401/);
      expect(authenticator.reviews.at(-1)?.error).toMatch(
        /unexpected STS endpoint https:\/\/evil.example.com/,
      );
    });

    it('refuses a role that is not mapped to a Kubernetes user', async () => {
      const other = await assume('intruder');
      const { token } = eksToken({ clusterName: CLUSTER, region: moto.region, credentials: other });
      await expect(withToken(token).list(RESOURCES.deployment, 'apps')).rejects.toThrow(/401 Unauthorized/);
      expect(authenticator.reviews.at(-1)?.error).toBe(
        `ARN is not mapped: arn:aws:iam::${moto.accountId}:role/intruder`,
      );
    });
  },
);
