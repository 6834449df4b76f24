// The ECR control-plane calls the action needs, over the AWS SDK. Loaded lazily after inputs are valid.
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
  PutLifecyclePolicyCommand,
  type ECRClientConfig,
} from '@aws-sdk/client-ecr';
import { ConfigurationError } from '../lib/errors.js';
import type { EcrApi, Repository } from './build-and-push.js';

/** ECR's AccessDenied names the action the role lacks; say so instead of printing a stack. */
async function explained<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const { name, message } = (error ?? {}) as { name?: string; message?: string };
    if (name === 'AccessDeniedException' || name === 'AccessDenied') {
      throw new ConfigurationError(
        `ECR refused ${operation}: ${message ?? name}. Allow ecr:${operation} for the role in its IAM policy (and in the repository policy, if it has one).`,
      );
    }
    throw error;
  }
}

const toRepository = (repo: {
  repositoryUri?: string;
  registryId?: string;
  imageTagMutability?: string;
}) => ({
  uri: repo.repositoryUri ?? '',
  registryId: repo.registryId ?? '',
  tagMutability: repo.imageTagMutability ?? '',
});

export function createEcrApi(config: ECRClientConfig): EcrApi {
  const client = new ECRClient(config);
  return {
    async getAuthorizationToken() {
      const response = await explained('GetAuthorizationToken', () =>
        client.send(new GetAuthorizationTokenCommand({})),
      );
      const data = response.authorizationData?.[0];
      if (!data?.authorizationToken || !data.proxyEndpoint) {
        throw new Error('ECR GetAuthorizationToken returned no token.');
      }
      return { token: data.authorizationToken, proxyEndpoint: data.proxyEndpoint };
    },
    async describeRepository(name): Promise<Repository | undefined> {
      try {
        const response = await explained('DescribeRepositories', () =>
          client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] })),
        );
        const repo = response.repositories?.[0];
        return repo ? toRepository(repo) : undefined;
      } catch (error) {
        if ((error as { name?: string }).name === 'RepositoryNotFoundException') return undefined;
        throw error;
      }
    },
    async createRepository({ name, tagMutability, scanOnPush }) {
      const response = await explained('CreateRepository', () =>
        client.send(
          new CreateRepositoryCommand({
            repositoryName: name,
            imageTagMutability: tagMutability,
            imageScanningConfiguration: { scanOnPush },
          }),
        ),
      );
      if (!response.repository) throw new Error('ECR CreateRepository returned no repository.');
      return toRepository(response.repository);
    },
    async putLifecyclePolicy(name, policy) {
      await explained('PutLifecyclePolicy', () =>
        client.send(new PutLifecyclePolicyCommand({ repositoryName: name, lifecyclePolicyText: policy })),
      );
    },
  };
}
