import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type ActionRun } from '../../harness/run-action.js';
import { describeWithTools, TOOLS_PATH } from '../../harness/tools.js';
import { SERVICE_TOOLS, startMariaDB, startPostgres, type SqlServer } from '../../harness/services.js';

interface PlannedStatement {
  sql: string;
  skipped: boolean;
  destructive: string | null;
  class: string | null;
}

const statementsOf = (run: ActionRun) => JSON.parse(run.outputs.statements ?? '[]') as PlannedStatement[];

/** Everything the action printed, minus the ::add-mask:: lines that hand the secrets to the runner. */
const printed = (run: ActionRun) =>
  (run.stdout + run.stderr + run.summary + JSON.stringify(run.outputs))
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqldef-ws-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const run = (cwd: string, inputs: Record<string, string>, env: Record<string, string | undefined> = {}) =>
  runAction('sqldef-migrate', { cwd, inputs, env: { PATH: TOOLS_PATH, ...env } });

const PG_BASE = `CREATE TABLE users (
  id bigint PRIMARY KEY,
  name text NOT NULL,
  bio text
);
CREATE TABLE posts (id bigint PRIMARY KEY, body text);
`;
const PG_DESIRED = `CREATE TABLE users (
  id bigint PRIMARY KEY,
  name varchar(100) NOT NULL, -- a comment; with a semicolon
  email text DEFAULT 'a;b'
);
`;

describeWithTools(['psqldef', ...SERVICE_TOOLS.postgres], 'sqldef-migrate against PostgreSQL', () => {
  let db: SqlServer;
  const dirs: string[] = [];
  const ws = (files: Record<string, string>) => {
    const dir = workspace(files);
    dirs.push(dir);
    return dir;
  };
  const columns = () =>
    db.sql(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2",
      'owner',
    );

  beforeAll(async () => {
    db = await startPostgres();
    for (const statement of PG_BASE.split(';').filter((s) => s.trim())) await db.sql(statement, 'owner');
    // The read-only recipe from the README: SELECT to read, REFERENCES so that PostgreSQL shows it the
    // constraints in information_schema (with SELECT alone sqldef sees no primary keys).
    await db.sql(
      `GRANT SELECT, REFERENCES ON ALL TABLES IN SCHEMA public TO ${db.readonly.username}`,
      'admin',
    );
  });
  afterAll(async () => {
    await db?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('dry-runs with a read-only role: the exact DDL, skipped drops listed, the database unchanged', async () => {
    const before = await columns();
    const result = await run(ws({ 'schema.sql': PG_DESIRED }), {
      engine: 'postgres',
      mode: 'dry-run',
      'schema-file': 'schema.sql',
      'database-url': db.url('readonly'),
    });
    expect(result.stdout).not.toContain('::error::');
    expect(result.exitCode).toBe(0);
    expect(statementsOf(result)).toEqual([
      {
        sql: 'ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE varchar(100)',
        skipped: false,
        destructive: 'changes a column type (text → varchar(100))',
        class: 'data-loss',
      },
      {
        sql: `ALTER TABLE "public"."users" ADD COLUMN "email" text DEFAULT 'a;b'`,
        skipped: false,
        destructive: null,
        class: null,
      },
      {
        sql: 'DROP TABLE "public"."posts"',
        skipped: true,
        destructive: 'drops a table and its data',
        class: 'data-loss',
      },
      {
        sql: 'ALTER TABLE "public"."users" DROP COLUMN "bio"',
        skipped: true,
        destructive: 'drops a column and its data',
        class: 'data-loss',
      },
    ]);
    expect(result.outputs).toMatchObject({ changed: 'true', 'has-destructive': 'true', applied: 'false' });
    expect(result.summary).toContain('[!CAUTION]');
    expect(result.summary).toContain('```sql');
    expect(await columns()).toBe(before);
    expect(result.masked).toContain(db.readonly.password);
    expect(printed(result)).not.toContain(db.readonly.password);
  });

  it('says so when nothing changes', async () => {
    const result = await run(ws({ 'schema.sql': PG_BASE }), {
      engine: 'postgres',
      'schema-file': 'schema.sql',
      'database-url': db.url('readonly'),
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toMatchObject({ changed: 'false', statements: '[]', 'has-destructive': 'false' });
    expect(result.summary).toContain('No schema changes');
  });

  it("passes sqldef's own config: skipped tables are left out of the plan", async () => {
    const dir = ws({
      'schema.sql': PG_BASE.replace(/CREATE TABLE posts[^;]*;/, ''),
      'sqldef.yml': 'skip_tables: public.posts\n',
    });
    const inline = await run(dir, {
      'schema-file': 'schema.sql',
      'database-url': db.url('readonly'),
      'config-inline': 'skip_tables: public.posts',
    });
    expect(inline.stdout).not.toContain('::error::');
    expect(inline.outputs).toMatchObject({ changed: 'false', statements: '[]' });
    const file = await run(dir, {
      'schema-file': 'schema.sql',
      'database-url': db.url('readonly'),
      config: 'sqldef.yml',
    });
    expect(file.outputs).toMatchObject({ changed: 'false' });
    const without = await run(dir, { 'schema-file': 'schema.sql', 'database-url': db.url('readonly') });
    expect(statementsOf(without).map((s) => s.sql)).toEqual(['DROP TABLE "public"."posts"']);
  });

  it('applies additive changes, refuses drops, then applies them with enable-drop', async () => {
    const additive = ws({ 'schema.sql': PG_BASE.replace('bio text', 'bio text,\n  email text') });
    const applied = await run(additive, {
      mode: 'apply',
      'schema-file': 'schema.sql',
      host: '127.0.0.1',
      port: String(db.port),
      user: db.owner.username,
      password: db.owner.password,
      database: db.database,
      sslmode: 'disable',
    });
    expect(applied.stdout).not.toContain('::error::');
    expect(applied.outputs).toMatchObject({ changed: 'true', applied: 'true', 'has-destructive': 'false' });
    expect(await columns()).toContain('users\temail\ttext');
    expect(printed(applied)).not.toContain(db.owner.password);

    const dropping = ws({
      'schema.sql': 'CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text);\n',
    });
    const inputs = { mode: 'apply', 'schema-file': 'schema.sql', 'database-url': db.url('owner') };
    const refused = await run(dropping, inputs);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('::error::Refused to apply: nothing was applied.');
    expect(refused.stdout).toContain("2 statements are gated and 'enable-drop' is false:");
    expect(refused.stdout).toContain('DROP TABLE "public"."posts";  -- drops a table and its data');
    expect(refused.stdout).toContain('ALTER TABLE "public"."users" DROP COLUMN "bio";');
    expect(refused.outputs).toMatchObject({ applied: 'false', 'has-destructive': 'true' });
    expect(await columns()).toContain('users\tbio');
    expect(await columns()).toContain('posts\tid');

    const allowed = await run(dropping, { ...inputs, 'enable-drop': 'true' });
    expect(allowed.stdout).not.toContain('::error::');
    expect(allowed.outputs).toMatchObject({ applied: 'true', 'has-destructive': 'true' });
    const after = await columns();
    expect(after).not.toContain('users\tbio');
    expect(after).not.toContain('posts\t');
  });

  it('judges type changes against the live schema: widening passes, narrowing is flagged', async () => {
    await db.createDatabase('widths');
    await db.sql(
      'CREATE TABLE widths (id bigint PRIMARY KEY, n integer, code varchar(10), at timestamp, note varchar(40))',
      'owner',
      'widths',
    );
    await db.sql('GRANT SELECT, REFERENCES ON ALL TABLES IN SCHEMA public TO readonly', 'admin', 'widths');
    const changed = ws({
      'schema.sql':
        'CREATE TABLE widths (id bigint PRIMARY KEY, n bigint, code varchar(20), at timestamptz, note varchar(5));\n',
    });
    const plan = await run(changed, {
      'schema-file': 'schema.sql',
      'database-url': db.url('readonly', 'widths'),
    });
    expect(plan.stdout).not.toContain('::error::');
    expect(statementsOf(plan).map((s) => [s.sql.replace(/^.*ALTER COLUMN /, ''), s.destructive])).toEqual([
      ['"n" TYPE bigint', null],
      ['"code" TYPE varchar(20)', null],
      ['"at" TYPE timestamp WITH TIME ZONE', null],
      ['"note" TYPE varchar(5)', 'changes a column type (character varying(40) → varchar(5))'],
    ]);
    expect(plan.outputs).toMatchObject({ 'has-destructive': 'true' });
  });

  it('gates the removal of a security policy like a drop', async () => {
    await db.createDatabase('policies');
    const table = 'CREATE TABLE docs (id bigint PRIMARY KEY, owner text)';
    await db.sql(table, 'owner', 'policies');
    await db.sql('ALTER TABLE docs ENABLE ROW LEVEL SECURITY', 'owner', 'policies');
    await db.sql('CREATE POLICY docs_owner ON docs USING (owner = current_user)', 'owner', 'policies');
    const policies = () =>
      db.sql("SELECT policyname FROM pg_policies WHERE tablename = 'docs'", 'owner', 'policies');
    const dir = ws({ 'schema.sql': `${table};\n` });
    const inputs = {
      mode: 'apply',
      'schema-file': 'schema.sql',
      'database-url': db.url('owner', 'policies'),
    };

    const refused = await run(dir, inputs);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain(
      'DROP POLICY "docs_owner" ON "public"."docs";  -- drops a row-level security policy',
    );
    expect(refused.summary).toContain('1 statement removes a security policy');
    expect(refused.outputs).toMatchObject({ applied: 'false', 'has-destructive': 'true' });
    expect(await policies()).toContain('docs_owner');

    const allowed = await run(dir, { ...inputs, 'enable-drop': 'true' });
    expect(allowed.stdout).not.toContain('::error::');
    expect(await policies()).not.toContain('docs_owner');
  });

  it('never reports applied when sqldef would skip a statement it does not flag', async () => {
    // sqldef 3.2.0 holds back any statement whose text contains "DROP TABLE", a comment's text included.
    await db.createDatabase('skips');
    const schema = [
      'CREATE TABLE jobs (id bigint PRIMARY KEY);',
      "COMMENT ON TABLE jobs IS 'Safe to DROP TABLE once the queue is empty';",
      '',
    ].join('\n');
    const dir = ws({ 'schema.sql': schema });
    const inputs = { mode: 'apply', 'schema-file': 'schema.sql', 'database-url': db.url('owner', 'skips') };
    const comment = () => db.sql("SELECT obj_description('jobs'::regclass)", 'owner', 'skips');
    const tables = () => db.sql("SELECT tablename FROM pg_tables WHERE tablename = 'jobs'", 'owner', 'skips');

    const refused = await run(dir, inputs);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('sqldef would skip 1 statement without --enable-drop, a half-apply:');
    expect(refused.outputs).toMatchObject({ applied: 'false', skipped: '1' });
    expect(statementsOf(refused).find((s) => s.sql.startsWith('COMMENT'))).toMatchObject({
      skipped: true,
      destructive: null,
    });
    expect(await tables()).toBe('');

    const accepted = await run(dir, { ...inputs, 'allow-skipped': 'true' });
    expect(accepted.stdout).not.toContain('::error::');
    expect(accepted.outputs).toMatchObject({ applied: 'true', skipped: '1' });
    expect(accepted.summary).toContain('sqldef skipped 1 planned statement');
    expect(accepted.summary).toContain('Safe to DROP TABLE');
    expect(await tables()).toContain('jobs');
    expect((await comment()).trim()).toBe('');

    const whole = await run(dir, { ...inputs, 'enable-drop': 'true' });
    expect(whole.stdout).not.toContain('::error::');
    expect(whole.outputs).toMatchObject({ applied: 'true', skipped: '0' });
    expect(await comment()).toContain('Safe to DROP TABLE');
  });

  it('fails clearly on a wrong password, without printing it', async () => {
    const wrong = 'Wr0ng-pass-phrase';
    const result = await run(ws({ 'schema.sql': PG_BASE }), {
      'schema-file': 'schema.sql',
      'database-url': `postgres://${db.readonly.username}:${wrong}@127.0.0.1:${db.port}/app?sslmode=disable`,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error::sqldef could not log in to database 'app' on 127\.0\.0\.1:\d+ as 'readonly'/,
    );
    expect(result.stdout).toContain('password authentication failed');
    expect(result.summary).toContain('**Failed:** sqldef could not log in');
    expect(result.masked).toContain(wrong);
    expect(printed(result)).not.toContain(wrong);
    expect(result.outputs.applied).toBeUndefined();
  });

  it('fails clearly when the database is unreachable', async () => {
    const result = await run(ws({ 'schema.sql': PG_BASE }), {
      'schema-file': 'schema.sql',
      host: '127.0.0.1',
      port: '1',
      database: 'app',
      password: 'irrelevant-pw',
      sslmode: 'disable',
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error::sqldef could not read the current schema of database 'app' on 127\.0\.0\.1:1/,
    );
    expect(result.stdout).toContain('connection refused');
  });

  it("names the schema file sqldef cannot parse, with sqldef's message", async () => {
    const result = await run(
      ws({ 'good.sql': 'CREATE TABLE a (id int);\n', 'bad.sql': 'CREATE TABLE b (id int,,);\n' }),
      {
        'schema-file': 'good.sql\nbad.sql',
        'database-url': db.url('readonly'),
      },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/::error::sqldef could not parse bad\.sql: .*syntax error/);
  });

  it('names a missing schema file before running anything', async () => {
    const result = await run(ws({}), { 'schema-file': 'db/schema.sql', 'database-url': db.url('readonly') });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("::error::Input 'schema-file': db/schema.sql does not exist");
    expect(result.stdout).not.toContain('psqldef --file');
  });
});

describeWithTools(['psqldef'], 'sqldef-migrate offline', () => {
  it('diffs the current schema file against the desired one without a database', async () => {
    const dir = workspace({ 'current.sql': PG_BASE, 'schema.sql': PG_DESIRED });
    try {
      const result = await run(dir, {
        mode: 'offline',
        'schema-file': 'schema.sql',
        'current-schema-file': 'current.sql',
        'enable-drop': 'true',
      });
      expect(result.stdout).not.toContain('::error::');
      expect(statementsOf(result).map((s) => s.sql)).toEqual([
        'ALTER TABLE "users" ALTER COLUMN "name" TYPE varchar(100)',
        `ALTER TABLE "users" ADD COLUMN "email" text DEFAULT 'a;b'`,
        'DROP TABLE "posts"',
        'ALTER TABLE "users" DROP COLUMN "bio"',
      ]);
      expect(result.outputs).toMatchObject({ changed: 'true', 'has-destructive': 'true', applied: 'false' });
      expect(result.summary).toContain('### sqldef offline diff: postgres `offline`');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['schema-file', '../../../../etc/passwd'],
    ['schema-file', 'link.sql'],
    ['current-schema-file', 'link.sql'],
    ['config', 'link.sql'],
  ])('refuses %s %s outside the checkout, naming the input, and reads nothing', async (input, path) => {
    const dir = workspace({ 'schema.sql': PG_BASE, 'current.sql': PG_BASE });
    symlinkSync('/etc/passwd', join(dir, 'link.sql'));
    try {
      const result = await run(dir, {
        mode: 'offline',
        'schema-file': 'schema.sql',
        'current-schema-file': 'current.sql',
        [input]: path,
      });
      expect(result.exitCode).toBe(1);
      const errors = result.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toEqual([
        expect.stringContaining(`::error::Input '${input}': '${path}' leads outside the checkout`),
      ]);
      expect(printed(result)).not.toContain('root:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses offline mode outside a pull request without a current schema', async () => {
    const dir = workspace({ 'schema.sql': PG_BASE });
    try {
      const result = await run(dir, { mode: 'offline', 'schema-file': 'schema.sql' });
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toContain("set 'current-schema-file' or 'base-ref'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const MY_BASE = `CREATE TABLE users (
  id bigint NOT NULL PRIMARY KEY,
  name varchar(100) NOT NULL DEFAULT 'x;y',
  bio text,
  KEY idx_name (name)
);
CREATE TABLE posts (id bigint NOT NULL PRIMARY KEY);
`;

describeWithTools(['mysqldef', ...SERVICE_TOOLS.mariadb], 'sqldef-migrate against MariaDB', () => {
  let db: SqlServer;
  const dirs: string[] = [];
  const ws = (files: Record<string, string>) => {
    const dir = workspace(files);
    dirs.push(dir);
    return dir;
  };
  const columns = () =>
    db.sql(
      "SELECT table_name, column_name, column_type FROM information_schema.columns WHERE table_schema = 'app' ORDER BY 1, 2",
      'owner',
    );

  beforeAll(async () => {
    db = await startMariaDB();
  });
  afterAll(async () => {
    await db?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('applies, dry-runs read-only with the exact DDL, refuses drops, then allows them', async () => {
    const base = await run(ws({ 'schema.sql': MY_BASE }), {
      engine: 'mysql',
      mode: 'apply',
      'schema-file': 'schema.sql',
      'database-url': db.url('owner'),
    });
    expect(base.stdout).not.toContain('::error::');
    expect(base.outputs).toMatchObject({ applied: 'true', 'has-destructive': 'false' });

    const desired = ws({
      'schema.sql': `CREATE TABLE users (
  id bigint NOT NULL PRIMARY KEY,
  name varchar(20) NOT NULL DEFAULT 'x;y',
  email varchar(255)
);
`,
    });
    const before = await columns();
    const plan = await run(desired, {
      engine: 'mysql',
      'schema-file': 'schema.sql',
      host: '127.0.0.1',
      port: String(db.port),
      user: db.readonly.username,
      password: db.readonly.password,
      database: 'app',
      sslmode: 'disable',
    });
    expect(plan.stdout).not.toContain('::error::');
    expect(statementsOf(plan)).toEqual([
      {
        sql: "ALTER TABLE `users` CHANGE COLUMN `name` `name` varchar(20) NOT NULL DEFAULT 'x;y'",
        skipped: false,
        destructive: 'changes a column type (varchar(100) → varchar(20))',
        class: 'data-loss',
      },
      {
        sql: 'ALTER TABLE `users` ADD COLUMN `email` varchar(255) AFTER `name`',
        skipped: false,
        destructive: null,
        class: null,
      },
      {
        sql: 'DROP TABLE `posts`',
        skipped: true,
        destructive: 'drops a table and its data',
        class: 'data-loss',
      },
      {
        sql: 'ALTER TABLE `users` DROP INDEX `idx_name`',
        skipped: true,
        destructive: 'drops an index',
        class: 'drop',
      },
      {
        sql: 'ALTER TABLE `users` DROP COLUMN `bio`',
        skipped: true,
        destructive: 'drops a column and its data',
        class: 'data-loss',
      },
    ]);
    expect(await columns()).toBe(before);
    expect(printed(plan)).not.toContain(db.readonly.password);

    const inputs = {
      engine: 'mysql',
      mode: 'apply',
      'schema-file': 'schema.sql',
      'database-url': db.url('owner'),
    };
    const refused = await run(desired, inputs);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain('::error::Refused to apply: nothing was applied.');
    expect(refused.stdout).toContain("4 statements are gated and 'enable-drop' is false:");
    expect(await columns()).toBe(before);

    const allowed = await run(desired, { ...inputs, 'enable-drop': 'true' });
    expect(allowed.stdout).not.toContain('::error::');
    expect(allowed.outputs).toMatchObject({ applied: 'true' });
    expect(await columns()).toBe(
      'users\temail\tvarchar(255)\nusers\tid\tbigint(20)\nusers\tname\tvarchar(20)\n',
    );
  });

  it('flags only narrowing CHANGE COLUMNs: a default, NULL or comment change keeps the type', async () => {
    await db.createDatabase('widths');
    await db.sql(
      "CREATE TABLE widths (id int NOT NULL PRIMARY KEY, n int, code varchar(10), note varchar(40), kind enum('a','b'))",
      'owner',
      'widths',
    );
    const changed = ws({
      'schema.sql':
        "CREATE TABLE widths (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, n bigint, code varchar(20) DEFAULT 'x', note varchar(5) COMMENT 'short', kind enum('a','b','c'));\n",
    });
    const plan = await run(changed, {
      engine: 'mysql',
      'schema-file': 'schema.sql',
      'database-url': db.url('readonly', 'widths'),
    });
    expect(plan.stdout).not.toContain('::error::');
    expect(statementsOf(plan).map((s) => [/CHANGE COLUMN `(\w+)`/.exec(s.sql)?.[1], s.destructive])).toEqual([
      ['n', null],
      ['code', null],
      ['note', 'changes a column type (varchar(40) → varchar(5))'],
      ['kind', null],
      ['id', null],
    ]);
    expect(plan.outputs).toMatchObject({ 'has-destructive': 'true' });
  });

  it('fails clearly on a wrong password, without printing it', async () => {
    const wrong = 'Wr0ng-maria-pass';
    const result = await run(ws({ 'schema.sql': MY_BASE }), {
      engine: 'mysql',
      'schema-file': 'schema.sql',
      'database-url': `mysql://${db.readonly.username}:${wrong}@127.0.0.1:${db.port}/app`,
    });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /::error::sqldef could not log in to database 'app' on 127\.0\.0\.1:\d+ as 'readonly'/,
    );
    expect(printed(result)).not.toContain(wrong);
  });
});

describeWithTools(['sqlite3def'], 'sqldef-migrate against SQLite', () => {
  it('applies to a database file, then plans the next change', async () => {
    const dir = workspace({
      'v1.sql': 'CREATE TABLE a (id integer PRIMARY KEY, name text);\nCREATE TABLE b (id integer);\n',
      'v2.sql': 'CREATE TABLE a (id integer PRIMARY KEY, name text, email text);\n',
    });
    try {
      const apply = await run(dir, {
        engine: 'sqlite3',
        mode: 'apply',
        'schema-file': 'v1.sql',
        database: 'app.db',
      });
      expect(apply.stdout).not.toContain('::error::');
      expect(apply.outputs).toMatchObject({ applied: 'true', changed: 'true' });
      const plan = await run(dir, { engine: 'sqlite3', 'schema-file': 'v2.sql', database: `${dir}/app.db` });
      expect(statementsOf(plan)).toEqual([
        { sql: 'ALTER TABLE `a` ADD COLUMN `email` text', skipped: false, destructive: null, class: null },
        {
          sql: 'DROP TABLE `b`',
          skipped: true,
          destructive: 'drops a table and its data',
          class: 'data-loss',
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
