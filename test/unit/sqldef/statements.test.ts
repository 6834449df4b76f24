import { describe, expect, it } from '@jest/globals';
import { classifyPlan, classifyStatement } from '../../../src/sqldef/classify.js';
import { parseSqldefOutput, splitStatements } from '../../../src/sqldef/statements.js';

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
    [
      'ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE varchar(10)',
      expect.stringContaining('changes a column type'),
    ],
    [
      "ALTER TABLE `users` CHANGE COLUMN `name` `name` varchar(20) NOT NULL DEFAULT 'x'",
      expect.stringContaining('the current type is unknown'),
    ],
    [
      'ALTER TABLE `users` MODIFY COLUMN `name` varchar(20)',
      expect.stringContaining('changes a column type'),
    ],
  ])('flags %s', (sql, reason) => {
    expect(classifyStatement(sql)?.reason).toEqual(reason);
  });

  it.each([
    'CREATE TABLE users (id bigint PRIMARY KEY)',
    'ALTER TABLE "public"."users" ADD COLUMN "email" text',
    'ALTER TABLE "public"."users" ALTER COLUMN "id" DROP NOT NULL',
    'ALTER TABLE "public"."users" ALTER COLUMN "id" DROP DEFAULT',
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
        destructive: 'changes a column type (the current type is unknown: it may narrow)',
        risk: 'data-loss',
      },
      {
        sql: "CREATE TABLE notes (\n  body text DEFAULT 'a;b', -- inline; comment\n  id int\n)",
        skipped: false,
      },
      {
        sql: 'DROP TABLE "public"."posts"',
        skipped: true,
        destructive: 'drops a table and its data',
        risk: 'data-loss',
      },
      {
        sql: 'ALTER TABLE "public"."users" DROP COLUMN "bio"',
        skipped: true,
        destructive: 'drops a column and its data',
        risk: 'data-loss',
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

describe('statements the corpus of the pinned sqldef lacks', () => {
  it.each([
    // 1. rows lost with a partition
    ['ALTER TABLE `logs` DROP PARTITION `p2023`', 'data-loss', 'drops a partition and its rows'],
    ['ALTER TABLE `logs` TRUNCATE PARTITION p1', 'data-loss', 'deletes the rows of a partition'],
    // 2. quoted names with any content
    [
      'ALTER TABLE ""."t" ALTER COLUMN "my col" TYPE varchar(5)',
      'data-loss',
      expect.stringContaining('changes a column type'),
    ],
    [
      'ALTER TABLE `t` MODIFY COLUMN `my col` varchar(5)',
      'data-loss',
      expect.stringContaining('changes a column type'),
    ],
    [
      'ALTER TABLE [dbo].[t] ALTER COLUMN [my col] nvarchar(5) NOT NULL',
      'data-loss',
      expect.stringContaining('changes a column type'),
    ],
    ['ALTER TABLE "drop column" DROP COLUMN "a ""b"""', 'data-loss', 'drops a column and its data'],
    // 3. security-relevant statements
    ['DROP POLICY "p users" ON "public"."users"', 'security', 'drops a row-level security policy'],
    ['ALTER TABLE "public"."users" DISABLE ROW LEVEL SECURITY', 'security', 'disables row-level security'],
    [
      'ALTER TABLE "public"."users" NO FORCE ROW LEVEL SECURITY',
      'security',
      'exempts the owner from row-level security',
    ],
    ['REVOKE SELECT ON TABLE "public"."users" FROM "app"', 'privilege', 'revokes a privilege'],
    ['DROP DOMAIN "public"."email"', 'drop', 'drops a domain'],
    ['DROP EVENT `nightly`', 'drop', 'drops a scheduled event'],
    // 4. constraint drops
    ['ALTER TABLE "public"."posts" DROP CONSTRAINT "posts user fk"', 'constraint', 'drops a constraint'],
    ['ALTER TABLE `users` DROP PRIMARY KEY', 'constraint', 'drops a primary key'],
    ['ALTER TABLE `posts` DROP FOREIGN KEY `posts_ibfk_1`', 'constraint', 'drops a foreign key'],
    ['ALTER TABLE `tasks` DROP CHECK `tasks_chk`', 'constraint', 'drops a constraint'],
  ])('flags %s as %s', (sql, risk, reason) => {
    expect(classifyStatement(sql)).toEqual({ risk, reason });
  });

  it('counts a constraint dropped and re-created in the same plan as a change', () => {
    const plan = classifyPlan([
      { sql: 'ALTER TABLE "public"."dummy" DROP CONSTRAINT "dummy_uniq"', skipped: false },
      {
        sql: 'ALTER TABLE ONLY public.dummy ADD CONSTRAINT dummy_uniq UNIQUE (a, b) DEFERRABLE',
        skipped: false,
      },
      { sql: 'ALTER TABLE `friends` DROP PRIMARY KEY', skipped: false },
      { sql: 'ALTER TABLE `friends` ADD PRIMARY KEY (`id`, `other`)', skipped: false },
      { sql: 'ALTER TABLE `posts` DROP FOREIGN KEY `gone`', skipped: false },
    ]);
    expect(plan.map((s) => s.risk)).toEqual([undefined, undefined, undefined, undefined, 'constraint']);
  });

  // 5. trigger and event bodies
  it('keeps BEGIN … END bodies whole, and honours DELIMITER', () => {
    const trigger = [
      'CREATE TRIGGER `t_bu` before update ON `t` FOR EACH ROW begin',
      'if OLD.name is not null then',
      'delete from t where name = OLD.name;',
      'end if;',
      "set NEW.kind = case when NEW.id > 0 then 'a' else 'b' end;",
      'declare continue handler for 1146 begin insert into log values (1); end;',
      'DROP TABLE x;',
      'end',
    ].join('\n');
    const sqlite = 'CREATE TRIGGER tr AFTER INSERT ON a BEGIN UPDATE b SET n = n + 1; DELETE FROM c; END';
    const event = 'CREATE EVENT `nightly` ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM logs; END';
    expect(splitStatements(`${trigger};\n${sqlite};\n${event};\nCREATE TABLE begin_end (id int);`)).toEqual([
      trigger,
      sqlite,
      event,
      'CREATE TABLE begin_end (id int)',
    ]);
    expect(
      splitStatements(
        'DELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END//\nDELIMITER ;\nSELECT 3;',
      ),
    ).toEqual(['CREATE PROCEDURE p() BEGIN SELECT 1; SELECT 2; END', 'SELECT 3']);
    expect(classifyPlan([{ sql: trigger, skipped: false }])[0]!.risk).toBeUndefined();
  });

  it('reads skipped statements over several lines, commented out or not', () => {
    const out = parseSqldefOutput(
      [
        '-- dry run --',
        '-- Skipped: CREATE FUNCTION f() RETURNS void AS $$',
        'BEGIN DROP TABLE IF EXISTS tmp; END;',
        '$$ LANGUAGE plpgsql;',
        '-- Skipped: CREATE TRIGGER tr AFTER INSERT ON a BEGIN',
        '-- DELETE FROM c;',
        '-- END;',
        'CREATE TABLE z (id int);',
      ].join('\n'),
    );
    expect(out.statements.map((s) => [s.skipped, s.sql.split('\n')[0]])).toEqual([
      [true, 'CREATE FUNCTION f() RETURNS void AS $$'],
      [true, 'CREATE TRIGGER tr AFTER INSERT ON a BEGIN'],
      [false, 'CREATE TABLE z (id int)'],
    ]);
  });
});

describe('column type changes against the current schema', () => {
  const current = [
    'CREATE TABLE `users` (`id` int NOT NULL, `n` int unsigned, `name` varchar(50), `bio` varchar(200),',
    "  `at` timestamp, `price` decimal(8,2), `kind` enum('a','b'), `my col` varchar(10)) ;",
    'CREATE TABLE "public"."events" ("at" timestamp without time zone, "code" character varying(20), "big" bigint);',
  ].join('\n');
  const risk = (sql: string) => classifyPlan([{ sql, skipped: false }], { currentSchema: current })[0]!;
  it.each([
    'ALTER TABLE `users` CHANGE COLUMN `id` `id` bigint NOT NULL',
    'ALTER TABLE `users` CHANGE COLUMN `id` `id` int(11) NOT NULL AUTO_INCREMENT',
    'ALTER TABLE `users` MODIFY COLUMN `n` bigint unsigned',
    'ALTER TABLE `users` MODIFY COLUMN `n` bigint',
    'ALTER TABLE `users` CHANGE COLUMN `name` `full_name` varchar(100) DEFAULT NULL',
    'ALTER TABLE `users` MODIFY COLUMN `bio` text',
    'ALTER TABLE `users` MODIFY COLUMN `price` decimal(10,3)',
    "ALTER TABLE `users` MODIFY COLUMN `kind` enum('a','b','c')",
    "ALTER TABLE `users` MODIFY COLUMN `my col` varchar(10) COMMENT 'x'",
    'ALTER TABLE "public"."events" ALTER COLUMN "at" TYPE timestamp with time zone',
    'ALTER TABLE "public"."events" ALTER COLUMN "code" TYPE varchar(40)',
    'ALTER TABLE "public"."events" ALTER COLUMN "code" TYPE text',
  ])('does not flag the widening or unchanged %s', (sql) => {
    expect(risk(sql).risk).toBeUndefined();
  });
  it.each([
    ['ALTER TABLE `users` CHANGE COLUMN `id` `id` smallint NOT NULL', 'int → smallint'],
    ['ALTER TABLE `users` MODIFY COLUMN `n` int', 'int unsigned → int'],
    ['ALTER TABLE `users` MODIFY COLUMN `name` varchar(20)', 'varchar(50) → varchar(20)'],
    ['ALTER TABLE `users` MODIFY COLUMN `price` decimal(6,2)', 'decimal(8,2) → decimal(6,2)'],
    ["ALTER TABLE `users` MODIFY COLUMN `kind` enum('a')", "enum('a','b') → enum('a')"],
    ['ALTER TABLE `users` MODIFY COLUMN `my col` varchar(5)', 'varchar(10) → varchar(5)'],
    ['ALTER TABLE "public"."events" ALTER COLUMN "big" TYPE int', 'bigint → int'],
    [
      'ALTER TABLE "public"."events" ALTER COLUMN "code" TYPE int USING code::int',
      'character varying(20) → int',
    ],
    [
      'ALTER TABLE `users` MODIFY COLUMN `n` bigint, MODIFY COLUMN `name` varchar(20)',
      'varchar(50) → varchar(20)',
    ],
  ])('flags %s', (sql, change) => {
    expect(risk(sql)).toMatchObject({ risk: 'data-loss', destructive: `changes a column type (${change})` });
  });
});
