import { expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eksToken, TOKEN_PREFIX } from '../../../src/kubernetes/eks-token.js';
import { describeWithTools, TOOLS_BIN } from '../../harness/tools.js';

// botocore (installed with moto) is what `aws eks get-token` signs with: an independent implementation.
const python = join(TOOLS_BIN, '..', 'moto-venv', 'bin', 'python');
const script = join(process.cwd(), 'test', 'fixtures', 'kubernetes', 'botocore-presign.py');

describeWithTools(['moto_server'], 'EKS token signature, compared with botocore', () => {
  it.each([
    ['with a session token', 'ASIAEXAMPLE', 'secret/key+with=chars', 'session/token+=x', 'eu-west-1', 'prod'],
    ['with long-lived keys', 'AKIAEXAMPLE', 'wJalrXUtnFEMI/K7MDENG', '', 'us-west-2', 'my-cluster.v2'],
  ])(
    'produces the URL botocore presigns (%s)',
    (_case, accessKeyId, secretAccessKey, sessionToken, region, cluster) => {
      expect(existsSync(python)).toBe(true);
      const expected = new URL(
        execFileSync(python, [script, accessKeyId, secretAccessKey, sessionToken, region, cluster])
          .toString()
          .trim(),
      );
      const date = expected.searchParams.get('X-Amz-Date') ?? '';
      const now = new Date(
        `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
      );
      const { token } = eksToken({
        clusterName: cluster,
        region,
        credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
        now,
      });
      const actual = new URL(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url').toString('utf8'));
      expect(actual.host).toBe(expected.host);
      expect(Object.fromEntries(actual.searchParams)).toEqual(Object.fromEntries(expected.searchParams));
    },
  );
});
