import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { decodeCa, resolveCluster, type DescribeCluster } from '../../../src/kubernetes/eks.js';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const base = {
  clusterName: 'prod',
  region: 'eu-west-1',
  credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }),
};

function describeWith(
  answer: Awaited<ReturnType<DescribeCluster>> | Error,
): DescribeCluster & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign(
    async (name: string) => {
      calls.push(name);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    { calls },
  );
}

describe('resolveCluster', () => {
  it('uses the endpoint and base64 CA that DescribeCluster returns', async () => {
    const describeCluster = describeWith({
      endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      certificateAuthorityData: Buffer.from(PEM).toString('base64'),
    });
    await expect(resolveCluster({ ...base, describeCluster })).resolves.toEqual({
      endpoint: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com',
      ca: PEM,
    });
    expect(describeCluster.calls).toEqual(['prod']);
  });

  it('still calls DescribeCluster when both overrides are given, and prefers them', async () => {
    const describeCluster = describeWith({
      endpoint: 'https://moto',
      certificateAuthorityData: 'bm90IGEgY2VydA==',
    });
    const resolved = await resolveCluster({
      ...base,
      describeCluster,
      endpointOverride: 'https://127.0.0.1:6443',
      caOverride: PEM,
    });
    expect(resolved).toEqual({ endpoint: 'https://127.0.0.1:6443', ca: PEM });
    expect(describeCluster.calls).toEqual(['prod']);
  });

  it('explains a cluster that does not exist and a role that may not describe it', async () => {
    const missing = Object.assign(new Error('No cluster found for name: prod.'), {
      name: 'ResourceNotFoundException',
    });
    await expect(resolveCluster({ ...base, describeCluster: describeWith(missing) })).rejects.toThrow(
      "EKS cluster 'prod' was not found in eu-west-1: check 'cluster-name' and 'aws-region'.",
    );
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    await expect(resolveCluster({ ...base, describeCluster: describeWith(denied) })).rejects.toThrow(
      /allow eks:DescribeCluster on arn:aws:eks:eu-west-1:<account>:cluster\/prod/,
    );
  });

  it('refuses a bad cluster name before any call, and a non-https endpoint', async () => {
    const describeCluster = describeWith({ endpoint: 'http://plain', certificateAuthorityData: PEM });
    await expect(
      resolveCluster({ ...base, clusterName: 'bad name', describeCluster }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    expect(describeCluster.calls).toEqual([]);
    await expect(resolveCluster({ ...base, describeCluster })).rejects.toThrow(/must be an https:\/\/ URL/);
  });

  it('says which CA input is not a certificate', () => {
    expect(() => decodeCa('bm90IGEgY2VydA==', "Input 'cluster-ca'")).toThrow(
      "Input 'cluster-ca' is not a PEM certificate nor base64 of one.",
    );
  });
});
