import { describe, expect, it } from '@jest/globals';
import { classifyStatement, parseSqldefOutput, splitStatements } from '../../../src/sqldef/statements.js';

describe('splitStatements', () => {
  it('splits on top-level semicolons only', () => {
    const sql = [
      "CREATE TABLE a (x text DEFAULT 'a;b', y text DEFAULT E'it\\'s;', \"we;ird\" int); -- trailing; comment",
      '/* block; comment */ CREATE TABLE `b;c` (id int);',
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;',
      'CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;',
      "INSERT INTO t VALUES ('it''s; fine')",
    ].join('\n');
    expect(splitStatements(sql)).toEqual([
      "CREATE TABLE a (x text DEFAULT 'a;b', y text DEFAULT E'it\\'s;', \"we;ird\" int)",
      '-- trailing; comment\n/* block; comment */ CREATE TABLE `b;c` (id int)',
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      'CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql',
      "INSERT INTO t VALUES ('it''s; fine')",
    ]);
  });

  it('drops comment-only pieces and keeps $1 parameters out of dollar quoting', () => {
    expect(splitStatements('-- only a comment\n;\n  ;')).toEqual([]);
    expect(splitStatements('SELECT $1; SELECT 2')).toEqual(['SELECT $1', 'SELECT 2']);
  });
});

describe('classifyStatement', () => {
  it.each([
    ['DROP TABLE "public"."posts"', 'drops a table and its data'],
    ['ALTER TABLE "public"."users" DROP COLUMN "bio"', 'drops a column and its data'],
    ['DROP INDEX "public"."users_name"', 'drops an index'],
    ['ALTER TABLE `users` DROP INDEX `idx_name`', 'drops an index'],
    ['DROP SCHEMA old CASCADE', 'drops a schema and everything in it'],
    ['DROP VIEW v', 'drops a view'],
    ['DROP MATERIALIZED VIEW mv', 'drops a materialized view'],
    ['TRUNCATE t', 'deletes every row'],
    ['ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE varchar(10)', 'changes a column type'],
    [
      "ALTER TABLE `users` CHANGE COLUMN `name` `name` varchar(20) NOT NULL DEFAULT 'x'",
      expect.stringContaining('redefines'),
    ],
    ['ALTER TABLE `users` MODIFY COLUMN `name` varchar(20)', expect.stringContaining('redefines')],
  ])('flags %s', (sql, reason) => {
    expect(classifyStatement(sql)).toEqual(reason);
  });

  it.each([
    'CREATE TABLE users (id bigint PRIMARY KEY)',
    'ALTER TABLE "public"."users" ADD COLUMN "email" text',
    'ALTER TABLE "public"."users" ALTER COLUMN "id" DROP NOT NULL',
    'ALTER TABLE "public"."users" ALTER COLUMN "id" DROP DEFAULT',
    'ALTER TABLE users DROP CONSTRAINT users_fk',
    "ALTER TABLE users ADD COLUMN note text DEFAULT 'DROP TABLE users'",
    '-- DROP TABLE users\nCREATE TABLE users (id int)',
    'CREATE INDEX "drop_table_idx" ON t (x)',
  ])('does not flag %s', (sql) => {
    expect(classifyStatement(sql)).toBeUndefined();
  });
});

describe('parseSqldefOutput', () => {
  it('parses a psqldef dry run with skipped drops', () => {
    const out = parseSqldefOutput(
      [
        '-- dry run --',
        'BEGIN;',
        'ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE varchar(10);',
        'CREATE TABLE notes (',
        "  body text DEFAULT 'a;b', -- inline; comment",
        '  id int',
        ');',
        '-- Skipped: DROP TABLE "public"."posts";',
        '-- Skipped: ALTER TABLE "public"."users" DROP COLUMN "bio";',
        'COMMIT;',
        '',
      ].join('\n'),
    );
    expect(out.dryRun).toBe(true);
    expect(out.nothingModified).toBe(false);
    expect(out.statements).toEqual([
      {
        sql: 'ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE varchar(10)',
        skipped: false,
        destructive: 'changes a column type',
      },
      {
        sql: "CREATE TABLE notes (\n  body text DEFAULT 'a;b', -- inline; comment\n  id int\n)",
        skipped: false,
      },
      { sql: 'DROP TABLE "public"."posts"', skipped: true, destructive: 'drops a table and its data' },
      {
        sql: 'ALTER TABLE "public"."users" DROP COLUMN "bio"',
        skipped: true,
        destructive: 'drops a column and its data',
      },
    ]);
  });

  it('parses nothing modified', () => {
    expect(parseSqldefOutput('-- Nothing is modified --\n')).toEqual({
      nothingModified: true,
      dryRun: false,
      statements: [],
    });
  });

  it('parses an apply with statements outside the transaction and a rollback', () => {
    const out = parseSqldefOutput(
      '-- Apply --\nBEGIN;\nALTER TABLE t ADD COLUMN c int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (c);\n',
    );
    expect(out.statements.map((s) => s.sql)).toEqual([
      'ALTER TABLE t ADD COLUMN c int',
      'CREATE INDEX CONCURRENTLY i ON t (c)',
    ]);
    expect(
      parseSqldefOutput('-- Apply --\nBEGIN;\nALTER TABLE t DROP NOT NULL;\nROLLBACK;\n').statements,
    ).toHaveLength(1);
  });

  it('splits SQL Server batches on GO', () => {
    const out = parseSqldefOutput(
      '-- dry run --\nBEGIN TRANSACTION;\nCREATE TABLE a (id int);\nGO\nDROP TABLE b;\nGO\nCOMMIT TRANSACTION;\n',
    );
    expect(out.statements.map((s) => [s.sql, !!s.destructive])).toEqual([
      ['CREATE TABLE a (id int)', false],
      ['DROP TABLE b', true],
    ]);
  });
});
