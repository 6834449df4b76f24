import { afterAll, beforeAll, beforeEach, expect, it } from '@jest/globals';
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr';
import { createServer, type Server } from 'node:http';
import { getIdToken } from '../../../src/lib/actions-runtime.js';
import { assumeRoleWithOidc, type AwsCredentials } from '../../../src/lib/aws-credentials.js';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import {
  fakeOidcServer,
  SERVICE_TOOLS,
  startMoto,
  type FakeOidc,
  type Moto,
} from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

const ROLE = 'arn:aws:iam::111111111111:role/deploy';

/** STS as AWS answers a role whose trust policy does not match the token (moto never refuses). */
function startRefusingSts(): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push(body);
      res
        .writeHead(403, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' })
        .end(
          '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>' +
            '<Code>AccessDenied</Code><Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message>' +
            '</Error><RequestId>req-1</RequestId></ErrorResponse>',
        );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}`, requests });
    }),
  );
}

async function callerArn(moto: Moto, credentials: AwsCredentials): Promise<string> {
  const response = await fetch(moto.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-amz-security-token': credentials.sessionToken,
      authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20260101/${moto.region}/sts/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: 'Action=GetCallerIdentity&Version=2011-06-15',
  });
  return /<Arn>(.*)<\/Arn>/.exec(await response.text())?.[1] ?? '';
}

describeWithTools(
  [...SERVICE_TOOLS.moto],
  'assumeRoleWithOidc against moto and a fake GitHub OIDC endpoint',
  () => {
    let moto: Moto;
    let oidc: FakeOidc;
    let refusing: Awaited<ReturnType<typeof startRefusingSts>>;
    const saved = { ...process.env };
    const masked: string[] = [];
    const stdoutWrite = process.stdout.write;

    beforeAll(async () => {
      [moto, oidc, refusing] = await Promise.all([
        startMoto(),
        fakeOidcServer({ claims: { sub: 'repo:octo-org/octo-repo:environment:prod', environment: 'prod' } }),
        startRefusingSts(),
      ]);
      // getIdToken prints ::add-mask:: workflow commands; keep them out of the test output.
      process.stdout.write = (() => true) as typeof process.stdout.write;
    });
    beforeEach(() => {
      process.env = { ...saved, ...moto.env, ...oidc.env };
      // No static keys: AssumeRoleWithWebIdentity must work from the token alone.
      delete process.env.AWS_ACCESS_KEY_ID;
      delete process.env.AWS_SECRET_ACCESS_KEY;
      delete process.env.AWS_PROFILE;
      masked.length = 0;
    });
    afterAll(async () => {
      process.stdout.write = stdoutWrite;
      process.env = saved;
      await Promise.all([
        moto?.stop(),
        oidc?.stop(),
        new Promise((resolve) => refusing?.server.close(resolve)),
      ]);
    });

    const assume = (audience?: string) =>
      assumeRoleWithOidc({
        roleArn: ROLE,
        region: moto.region,
        audience,
        getIdToken,
        mask: (value) => masked.push(value),
        logger: createMemoryLogger(),
        sleep: async () => undefined,
      });

    it('exchanges the OIDC token for the role through AWS_ENDPOINT_URL and calls ECR with the credentials', async () => {
      const credentials = await assume();
      expect(oidc.requests.at(-1)).toEqual({ audience: 'sts.amazonaws.com' });
      expect(credentials.accessKeyId).toMatch(/^ASIA/);
      expect(masked).toEqual(expect.arrayContaining([credentials.secretAccessKey, credentials.sessionToken]));
      expect(await callerArn(moto, credentials)).toBe(
        'arn:aws:sts::111111111111:assumed-role/deploy/platform-actions',
      );

      // moto files resources under the account of the access key: the repository lands in the role's account.
      const ecr = new ECRClient({ region: moto.region, credentials });
      const created = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'web' }));
      expect(created.repository?.repositoryArn).toBe('arn:aws:ecr:us-east-1:111111111111:repository/web');
    });

    it('asks GitHub for the configured audience', async () => {
      await assume('sts.example.internal');
      expect(oidc.requests.at(-1)).toEqual({ audience: 'sts.example.internal' });
    });

    it('honours AWS_ENDPOINT_URL_STS, and explains AccessDenied with the token claims without retrying', async () => {
      process.env.AWS_ENDPOINT_URL_STS = refusing.url;
      const error = await assume().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      const message = (error as Error).message;
      expect(message).toContain(`AWS refused to let this workflow assume ${ROLE}`);
      expect(message).toContain('sub: "repo:octo-org/octo-repo:environment:prod"');
      expect(message).toContain('aud: "sts.amazonaws.com"');
      expect(message).toContain('environment: "prod"');
      expect(message).toContain(
        '"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:environment:prod"',
      );
      expect(refusing.requests).toHaveLength(1);
      expect(refusing.requests[0]).toContain('Action=AssumeRoleWithWebIdentity');
    });
  },
);
