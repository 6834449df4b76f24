import { describe, expect, it } from '@jest/globals';
import { eksToken, eksTokenSource, stsHost, TOKEN_PREFIX } from '../../../src/kubernetes/eks-token.js';

const credentials = {
  accessKeyId: 'ASIAEXAMPLE',
  secretAccessKey: 'secret/key+1',
  sessionToken: 'session=token/2',
};

function decode(token: string): URL {
  expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
  const body = token.slice(TOKEN_PREFIX.length);
  expect(body).toMatch(/^[A-Za-z0-9_-]+$/); // base64url without padding
  return new URL(Buffer.from(body, 'base64url').toString('utf8'));
}

describe('eksToken', () => {
  const now = new Date('2026-03-04T05:06:07.890Z');

  it('is k8s-aws-v1. + base64url of a presigned GetCallerIdentity URL on the regional STS host', () => {
    const { token, expiresAt } = eksToken({ clusterName: 'prod', region: 'eu-west-1', credentials, now });
    const url = decode(token);
    expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'ASIAEXAMPLE/20260304/eu-west-1/sts/aws4_request',
      'X-Amz-Date': '20260304T050607Z',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Security-Token': 'session=token/2',
      'X-Amz-Signature': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(expiresAt.toISOString()).toBe('2026-03-04T05:20:07.890Z');
  });

  it('signs the cluster name: another cluster gets another signature', () => {
    const a = decode(eksToken({ clusterName: 'prod', region: 'eu-west-1', credentials, now }).token);
    const b = decode(eksToken({ clusterName: 'staging', region: 'eu-west-1', credentials, now }).token);
    expect(a.searchParams.get('X-Amz-Signature')).not.toBe(b.searchParams.get('X-Amz-Signature'));
  });

  it('uses the China partition host in cn- regions', () => {
    expect(stsHost('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
  });

  it('token source reuses a token until a minute before its 15 minutes are up', async () => {
    let clock = now;
    let fetched = 0;
    const source = eksTokenSource({
      clusterName: 'prod',
      region: 'eu-west-1',
      credentials: async () => {
        fetched++;
        return credentials;
      },
      clock: () => clock,
    });
    const first = await source();
    clock = new Date(now.getTime() + 13 * 60_000);
    expect(await source()).toBe(first);
    clock = new Date(now.getTime() + 14 * 60_000);
    expect(await source()).not.toBe(first);
    expect(fetched).toBe(2);
  });
});
