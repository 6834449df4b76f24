import { describe, expect, it } from '@jest/globals';
import { ActionFailed, ConfigurationError, describeError } from '../../../src/lib/errors.js';
import { checkRegion } from '../../../src/lib/aws-credentials.js';

describe('describeError', () => {
  it('prints user mistakes and failed tools without a stack, bugs with one', () => {
    expect(describeError(new ConfigurationError('fix input x'))).toEqual({
      message: 'fix input x',
      bug: false,
    });
    expect(describeError(new ActionFailed('the plan failed'))).toEqual({
      message: 'the plan failed',
      bug: false,
    });
    expect(describeError(new TypeError('x is undefined')).bug).toBe(true);
  });

  it('names the GitHub operation and what to check for an API error', () => {
    const error = Object.assign(new Error('Bad credentials'), {
      status: 401,
      request: { method: 'POST', url: 'https://api.github.com/graphql' },
    });
    const { message, bug } = describeError(error);
    expect(bug).toBe(false);
    expect(message).toBe(
      'GitHub API POST /graphql failed (HTTP 401: Bad credentials): the token is invalid or expired: check the token input (a secret that is empty or revoked).',
    );
  });

  it('names the unreachable host instead of "fetch failed"', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5999'), {
      code: 'ECONNREFUSED',
      address: '127.0.0.1',
      port: 5999,
    });
    const { message, bug } = describeError(new TypeError('fetch failed', { cause }));
    expect(bug).toBe(false);
    expect(message).toContain('Could not reach 127.0.0.1:5999 (ECONNREFUSED: fetch failed)');
    expect(message).toContain('HTTPS_PROXY/NO_PROXY');
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND sts.eu-west-99.amazonaws.com'), {
      code: 'ENOTFOUND',
      hostname: 'sts.eu-west-99.amazonaws.com',
    });
    expect(describeError(dns).message).toContain('Could not reach sts.eu-west-99.amazonaws.com (ENOTFOUND)');
  });

  it('names the file of a file-system error', () => {
    const error = Object.assign(new Error('EISDIR: illegal operation on a directory, read'), {
      code: 'EISDIR',
      syscall: 'read',
      path: 'charts/',
    });
    expect(describeError(error)).toEqual({ message: 'charts/ is a directory, not a file.', bug: false });
  });
});

describe('checkRegion', () => {
  it('accepts AWS region names and refuses anything else, naming the input', () => {
    for (const region of ['us-east-1', 'eu-central-2', 'us-gov-west-1', 'cn-north-1', 'us-isob-east-1'])
      expect(() => checkRegion(region)).not.toThrow();
    expect(() => checkRegion('Frankfurt')).toThrow("Input 'aws-region': 'Frankfurt' is not an AWS region");
    expect(() => checkRegion('eu-west')).toThrow(ConfigurationError);
  });
});
