import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import type { ExecFn } from '../../../src/sqldef/exec.js';
import { migrate } from '../../../src/sqldef/migrate.js';

// The exec collaborator stands in for sqldef here only to provoke outputs a real server cannot be made
// to print (a driver echoing its DSN); everything else is covered against real servers in test/integration.
function withSchema(fn: (file: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sqldef-unit-'));
    try {
      writeFileSync(join(dir, 'schema.sql'), 'CREATE TABLE a (id int);\n');
      await fn(join(dir, 'schema.sql'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

describe('migrate', () => {
  it(
    'scrubs the password from what sqldef prints, in errors too',
    withSchema(async (file) => {
      const calls: { args: string[]; env: NodeJS.ProcessEnv }[] = [];
      const exec: ExecFn = async (_command, args, env) => {
        calls.push({ args, env });
        return {
          exitCode: 1,
          stdout: '',
          stderr:
            '2024/01/02 03:04:05 Error on ExportDDLs: dial tcp: lookup db for postgres://u:pa55-w0rd@db/app: no such host\n',
          ms: 1,
        };
      };
      const error = await migrate({
        engine: 'postgres',
        mode: 'dry-run',
        binary: 'psqldef',
        schemaFiles: [file],
        connection: { host: 'db', user: 'u', password: 'pa55-w0rd', database: 'app' },
        enableDrop: false,
        env: { PATH: '/bin', INPUT_PASSWORD: 'pa55-w0rd' },
        exec,
        logger: createMemoryLogger(),
        secrets: ['pa55-w0rd'],
      }).then(
        () => new Error('expected a failure'),
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error.message).toBe(
        "sqldef could not read the current schema of database 'app' on db as 'u': Error on ExportDDLs: dial tcp: lookup db for postgres://u:***@db/app: no such host\n" +
          "Check 'host', 'port' and 'database'; the runner must reach the database (a self-hosted runner inside its network). Nothing was applied.",
      );
      expect(calls[0]!.args.join(' ')).not.toContain('pa55-w0rd');
      expect(calls[0]!.env.PGPASSWORD).toBe('pa55-w0rd');
      expect(calls[0]!.env.INPUT_PASSWORD).toBeUndefined();
    }),
  );

  it(
    'refuses an apply with destructive statements without running it',
    withSchema(async (file) => {
      const runs: string[][] = [];
      const exec: ExecFn = async (_command, args) => {
        runs.push(args);
        return {
          exitCode: 0,
          stdout: '-- dry run --\nBEGIN;\nDROP TABLE "public"."b";\nCOMMIT;\n',
          stderr: '',
          ms: 1,
        };
      };
      const result = await migrate({
        engine: 'postgres',
        mode: 'apply',
        binary: 'psqldef',
        schemaFiles: [file],
        connection: { database: 'app' },
        enableDrop: false,
        exec,
        logger: createMemoryLogger(),
      });
      expect(runs).toHaveLength(1);
      expect(runs[0]).toEqual(expect.arrayContaining(['--dry-run', '--enable-drop']));
      expect(result).toMatchObject({ applied: false, changed: true, hasDestructive: true });
      expect(result.refused.map((s) => s.sql)).toEqual(['DROP TABLE "public"."b"']);
    }),
  );
});
