import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  CreateRepositoryCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetAuthorizationTokenCommand,
} from '@aws-sdk/client-ecr';
import { CreateClusterCommand, DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { startMoto, SERVICE_TOOLS, type Moto } from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

describeWithTools([...SERVICE_TOOLS.moto], 'moto service (STS, ECR, EKS)', () => {
  let moto: Moto;
  const saved = { ...process.env };

  beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, moto.env);
  });
  afterAll(async () => {
    process.env = saved;
    await moto?.stop();
  });

  it('answers STS GetCallerIdentity with its account', async () => {
    const response = await fetch(moto.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        // moto routes by the service in the signature's credential scope
        authorization: `AWS4-HMAC-SHA256 Credential=testing/20260101/${moto.region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`<Account>${moto.accountId}</Account>`);
  });

  it('serves ECR through AWS_ENDPOINT_URL alone', async () => {
    const ecr = new ECRClient({});
    const created = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'team/app' }));
    expect(created.repository?.repositoryUri).toBe(
      `${moto.accountId}.dkr.ecr.${moto.region}.amazonaws.com/team/app`,
    );
    const listed = await ecr.send(new DescribeRepositoriesCommand({}));
    expect(listed.repositories?.map((repo) => repo.repositoryName)).toEqual(['team/app']);
    const token = await ecr.send(new GetAuthorizationTokenCommand({}));
    const decoded = Buffer.from(token.authorizationData?.[0]?.authorizationToken ?? '', 'base64').toString();
    expect(decoded).toMatch(/^AWS:/);
  });

  it('serves EKS', async () => {
    const eks = new EKSClient({});
    await eks.send(
      new CreateClusterCommand({
        name: 'prod',
        roleArn: `arn:aws:iam::${moto.accountId}:role/eks`,
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
      }),
    );
    const cluster = await eks.send(new DescribeClusterCommand({ name: 'prod' }));
    expect(cluster.cluster?.name).toBe('prod');
    expect(cluster.cluster?.endpoint).toMatch(/^https:\/\//);
  });

  it('forgets everything on reset', async () => {
    await moto.reset();
    const listed = await new ECRClient({}).send(new DescribeRepositoriesCommand({}));
    expect(listed.repositories).toEqual([]);
  });
});
