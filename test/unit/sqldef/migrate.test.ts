import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../../src/lib/errors.js';
import { createMemoryLogger } from '../../../src/lib/logger.js';
import { migrate, type Exec } from '../../../src/sqldef/migrate.js';

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
      const exec: Exec = async (_command, args, options = {}) => {
        calls.push({ args, env: options.env ?? {} });
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
          "Check 'host', 'port' and 'database'; the runner must reach the database (a self-hosted runner inside its network), or use run-in 'kubernetes'. Nothing was applied.",
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
      const exec: Exec = async (_command, args) => {
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
      expect(runs[0]).toContain('--dry-run');
      expect(runs[0]).not.toContain('--enable-drop');
      expect(result).toMatchObject({ applied: false, changed: true, hasDestructive: true });
      expect(result.refused.map((s) => s.sql)).toEqual(['DROP TABLE "public"."b"']);
    }),
  );
});

describe('migrate apply and what sqldef skipped', () => {
  // A stand-in for a sqldef whose apply holds back more than its dry run showed (a release that gates by
  // other rules than the plan): the real-binary cases are in test/integration/sqldef.
  const fake =
    (plan: string, apply: string, runs: string[][] = []): Exec =>
    async (_command, args) => {
      runs.push(args);
      const stdout = args.includes('--dry-run') ? plan : apply;
      return { exitCode: 0, stdout, stderr: '', ms: 1 };
    };
  const options = (file: string, exec: Exec, extra = {}) => ({
    engine: 'postgres' as const,
    mode: 'apply' as const,
    binary: 'psqldef',
    schemaFiles: [file],
    connection: { database: 'app' },
    enableDrop: false,
    exec,
    logger: createMemoryLogger(),
    ...extra,
  });
  const plan = '-- dry run --\nBEGIN;\nCREATE TABLE a (id int);\nREVOKE SELECT ON a FROM app;\nCOMMIT;\n';
  const planned = '-- dry run --\nBEGIN;\nCREATE TABLE a (id int);\nCREATE VIEW v AS SELECT 1;\nCOMMIT;\n';

  it(
    'refuses a gated statement that sqldef itself would run, before applying anything',
    withSchema(async (file) => {
      const runs: string[][] = [];
      const result = await migrate(options(file, fake(plan, '', runs)));
      expect(runs).toHaveLength(1);
      expect(result.applied).toBe(false);
      expect(result.refused.map((s) => s.risk)).toEqual(['privilege']);
      expect(result.failure).toContain("1 statement is gated and 'enable-drop' is false:");
    }),
  );

  it(
    'names and fails on planned statements the apply did not run, unless allow-skipped',
    withSchema(async (file) => {
      const apply =
        '-- Apply --\nBEGIN;\nCREATE TABLE a (id int);\n-- Skipped: CREATE VIEW v AS SELECT 1;\nCOMMIT;\n';
      const result = await migrate(options(file, fake(planned, apply)));
      expect(result.applied).toBe(true);
      expect(result.skipped.map((s) => s.sql)).toEqual(['CREATE VIEW v AS SELECT 1']);
      expect(result.failure).toMatch(/^sqldef skipped 1 planned statement; the rest was applied:/);
      const allowed = await migrate(options(file, fake(planned, apply), { allowSkipped: true }));
      expect(allowed.skipped).toHaveLength(1);
      expect(allowed.failure).toBeUndefined();
      const silent = await migrate(options(file, fake(planned, '-- Apply --\nCREATE TABLE a (id int);\n')));
      expect(silent.skipped.map((s) => s.sql)).toEqual(['CREATE VIEW v AS SELECT 1']);
    }),
  );

  it(
    'gates constraint drops only with gate-constraint-drops',
    withSchema(async (file) => {
      const drop = '-- dry run --\nALTER TABLE a DROP CONSTRAINT a_fk;\n';
      const shown = await migrate(
        options(file, fake(drop, '-- Apply --\nALTER TABLE a DROP CONSTRAINT a_fk;\n')),
      );
      expect(shown).toMatchObject({ applied: true, hasDestructive: false, refused: [] });
      expect(shown.statements[0]!.risk).toBe('constraint');
      const gated = await migrate(options(file, fake(drop, ''), { gateConstraintDrops: true }));
      expect(gated).toMatchObject({ applied: false, hasDestructive: true });
      expect(gated.refused.map((s) => s.destructive)).toEqual(['drops a constraint']);
    }),
  );
});
