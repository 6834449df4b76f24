import { afterEach, describe, expect, it } from '@jest/globals';
import {
  clearSecrets,
  isSecretVariable,
  redact,
  redactRequestFields,
  registerSecrets,
  secretsFromEnv,
  sensitiveValues,
} from '../../../src/lib/redact.js';
import { planSensitiveValues } from '../../../src/terragrunt/plan-json.js';

afterEach(() => clearSecrets());

describe('redact', () => {
  it('replaces every occurrence of every given secret', () => {
    expect(redact('a s1s1 b s2s2 s1s1', ['s1s1', 's2s2', ''])).toBe('a *** b *** ***');
  });

  it('replaces every value registered by maskSecrets, and each line of a multi-line one', () => {
    registerSecrets('hunter2-secret', '-----BEGIN KEY-----\nMIIEabc\n-----END KEY-----');
    expect(redact('password is hunter2-secret; key line MIIEabc')).toBe('password is ***; key line ***');
  });

  it('removes the password (or lone token) from the userinfo of any URL', () => {
    expect(redact('DATABASE=postgres://app:pw@db.internal:5432/app ok')).toBe(
      'DATABASE=postgres://app:***@db.internal:5432/app ok',
    );
    expect(redact('clone https://x-access-token:ghs_abc@github.com/acme/x.git')).toBe(
      'clone https://x-access-token:***@github.com/acme/x.git',
    );
    expect(redact('push https://ghp_abcdef@github.com/acme/x')).toBe('push https://***@github.com/acme/x');
    expect(redact('see https://github.com/acme/x and git@github.com:acme/x')).toBe(
      'see https://github.com/acme/x and git@github.com:acme/x',
    );
  });

  it('redacts NAME=value for secret-looking upper-case names, not ordinary keys', () => {
    expect(redact('SENTRY_DSN=https://k@o1.ingest/1\nAPI_KEY: abcd1234\nAPP_NAME=web')).toBe(
      'SENTRY_DSN=***\nAPI_KEY: ***\nAPP_NAME=web',
    );
    expect(redact('  + key   = "team"\n  + tags  = { owner = "platform" }')).toBe(
      '  + key   = "team"\n  + tags  = { owner = "platform" }',
    );
  });

  it('knows a broader list of secret variable names than TOKEN/SECRET/PASSWORD', () => {
    for (const name of ['SENTRY_DSN', 'STRIPE_KEY', 'GOOGLE_CREDENTIALS', 'DB_PASS', 'GH_TOKEN', 'MY_SECRET'])
      expect(isSecretVariable(name, 'value')).toBe(true);
    expect(isSecretVariable('DATABASE_URL', 'postgres://app:pw@host/db')).toBe(true);
    expect(isSecretVariable('DATABASE_URL', 'postgres://host/db')).toBe(false);
    expect(isSecretVariable('APP_NAME', 'web')).toBe(false);
    expect(secretsFromEnv({ DATABASE_URL: 'postgres://app:p%40ss@host/db', HOME: '/root' })).toEqual([
      'postgres://app:p%40ss@host/db',
      'p%40ss',
      'p@ss',
    ]);
  });

  it('redacts only the text fields of a request, never file contents', () => {
    registerSecrets('s3cr3t-value');
    const input = {
      owner: 'acme',
      body: 'has s3cr3t-value',
      variables: {
        input: {
          message: { headline: 'bump s3cr3t-value' },
          fileChanges: { additions: [{ path: 'a', contents: 's3cr3t-value' }] },
        },
      },
    };
    expect(redactRequestFields(input)).toEqual({
      owner: 'acme',
      body: 'has ***',
      variables: {
        input: {
          message: { headline: 'bump ***' },
          fileChanges: { additions: [{ path: 'a', contents: 's3cr3t-value' }] },
        },
      },
    });
  });

  it('collects the values a plan marks sensitive', () => {
    expect(
      sensitiveValues(
        { name: 'db', password: 'pa55word!', nested: [{ token: 'tok-123' }, { token: 'open' }] },
        { password: true, nested: [{ token: true }, {}] },
      ),
    ).toEqual(['pa55word!', 'tok-123']);
    const plan = {
      resource_changes: [
        {
          address: 'aws_db_instance.app',
          change: {
            actions: ['update'],
            before: { password: 'old-pass' },
            after: { password: 'new-pass' },
            before_sensitive: { password: true },
            after_sensitive: { password: true },
          },
        },
      ],
      output_changes: { dsn: { actions: ['create'], after: 'dsn-value', after_sensitive: true } },
    };
    expect(planSensitiveValues(JSON.stringify(plan)).sort()).toEqual(['dsn-value', 'new-pass', 'old-pass']);
  });
});
