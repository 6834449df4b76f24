import { describe, expect, it } from '@jest/globals';
import {
  assumeRoleWithOidc,
  credentialsEnv,
  decodeClaims,
  explainAccessDenied,
  isRetryableStsError,
  selectRole,
} from '../../../src/lib/aws-credentials.js';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';

const DEV = 'arn:aws:iam::111111111111:role/deploy-dev';
const PRD = 'arn:aws:iam::222222222222:role/deploy-prd';

function fakeToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

describe('selectRole', () => {
  const roleMap = new Map([
    ['dev', DEV],
    ['prd', PRD],
  ]);

  it('picks the role of the environment, and role-to-assume over the map', () => {
    expect(selectRole({ roleMap, environment: 'prd' })).toBe(PRD);
    expect(selectRole({ roleToAssume: DEV, roleMap, environment: 'prd' })).toBe(DEV);
    expect(selectRole({})).toBeUndefined();
  });

  it('says which environments exist when one is missing', () => {
    expect(() => selectRole({ roleMap, environment: 'stg' })).toThrow(
      "Input 'roles' has no role for environment 'stg'; it maps dev, prd.",
    );
    expect(() => selectRole({ roleMap })).toThrow("'environment' is empty");
  });

  it('rejects a value that is not a role ARN', () => {
    expect(() => selectRole({ roleToAssume: 'deploy' })).toThrow(ConfigurationError);
  });
});

describe('OIDC claims and AccessDenied', () => {
  const claims = {
    iss: 'https://token.actions.githubusercontent.com',
    sub: 'repo:acme/app:environment:prd',
    aud: 'sts.amazonaws.com',
    repository: 'acme/app',
    environment: 'prd',
    ref: 'refs/heads/main',
    job_workflow_ref: 'acme/platform-actions/.github/workflows/deploy.yml@refs/heads/main',
  };

  it('decodes claims without verifying, and tolerates garbage', () => {
    expect(decodeClaims(fakeToken(claims))).toEqual(claims);
    expect(decodeClaims('not-a-jwt')).toEqual({});
  });

  it('prints the claims and a trust-policy condition that would match, never the token', () => {
    const token = fakeToken(claims);
    const message = explainAccessDenied(PRD, decodeClaims(token), new Error('Not authorized'));
    expect(message).toContain('sub: "repo:acme/app:environment:prd"');
    expect(message).toContain('job_workflow_ref:');
    expect(message).toContain('"token.actions.githubusercontent.com:sub": "repo:acme/app:environment:prd"');
    expect(message).toContain('"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"');
    expect(message).not.toContain(token);
  });

  it('uses the GitHub Enterprise Server issuer host in the condition', () => {
    const message = explainAccessDenied(
      PRD,
      { ...claims, iss: 'https://ghes.example.com/_services/token' },
      'x',
    );
    expect(message).toContain('"ghes.example.com:sub"');
  });

  it('retries throttling and IdP errors, not auth errors', () => {
    expect(isRetryableStsError({ name: 'IDPCommunicationError' })).toBe(true);
    expect(isRetryableStsError({ name: 'Throttling' })).toBe(true);
    expect(isRetryableStsError({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
    expect(isRetryableStsError({ name: 'InvalidIdentityToken' })).toBe(false);
    expect(isRetryableStsError({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
  });

  it('asks for id-token: write when the runner gave no token', async () => {
    await expect(
      assumeRoleWithOidc({
        roleArn: PRD,
        region: 'eu-west-1',
        getIdToken: async () => 'never',
        mask: () => {},
        logger: createMemoryLogger(),
        env: {},
      }),
    ).rejects.toThrow(/permissions: id-token: write.*forks/s);
  });

  it('builds the child-process environment', () => {
    expect(
      credentialsEnv({ accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST' }, 'eu-west-1'),
    ).toEqual({
      AWS_ACCESS_KEY_ID: 'AK',
      AWS_SECRET_ACCESS_KEY: 'SK',
      AWS_SESSION_TOKEN: 'ST',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
  });
});
