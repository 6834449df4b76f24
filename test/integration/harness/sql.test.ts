import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { SERVICE_TOOLS, startMariaDB, startPostgres, type SqlServer } from '../../harness/services.js';
import { describeWithTools } from '../../harness/tools.js';

describeWithTools([...SERVICE_TOOLS.postgres], 'PostgreSQL service', () => {
  let db: SqlServer;
  beforeAll(async () => {
    db = await startPostgres();
  });
  afterAll(() => db?.stop());

  it('listens on 127.0.0.1 with an owner and a read-only role', async () => {
    expect(db.url()).toBe(`postgres://owner:${db.owner.password}@127.0.0.1:${db.port}/app?sslmode=disable`);
    expect(await db.sql('SELECT current_user, current_database()')).toBe('owner\tapp\n');
  });

  it('lets the owner write and the read-only role only read, also tables created later', async () => {
    await db.sql(
      "CREATE TABLE users (id serial PRIMARY KEY, name text); INSERT INTO users (name) VALUES ('ada');",
    );
    expect(await db.sql('SELECT name FROM users', 'readonly')).toBe('ada\n');
    await expect(db.sql("INSERT INTO users (name) VALUES ('eve')", 'readonly')).rejects.toThrow(
      /permission denied for table users/,
    );
    await expect(db.sql('CREATE TABLE evil (id int)', 'readonly')).rejects.toThrow(
      /permission denied for schema public/,
    );
    await expect(db.sql('DROP TABLE users', 'readonly')).rejects.toThrow(/must be owner/);
  });

  it('keeps the read-only role out of other databases', async () => {
    await expect(db.sql('SELECT 1', 'readonly', 'postgres')).rejects.toThrow(
      /permission denied for database "postgres"/,
    );
  });

  it('creates more databases with the same roles', async () => {
    await db.createDatabase('second');
    await db.sql('CREATE TABLE t (id int); INSERT INTO t VALUES (7);', 'owner', 'second');
    expect(await db.sql('SELECT id FROM t', 'readonly', 'second')).toBe('7\n');
  });
});

describeWithTools([...SERVICE_TOOLS.mariadb], 'MariaDB service', () => {
  let db: SqlServer;
  beforeAll(async () => {
    db = await startMariaDB();
  });
  afterAll(() => db?.stop());

  it('listens on 127.0.0.1 with an owner and a read-only user', async () => {
    expect(db.url()).toBe(`mysql://owner:${db.owner.password}@127.0.0.1:${db.port}/app`);
    expect(await db.sql('SELECT CURRENT_USER(), DATABASE()')).toBe('owner@%\tapp\n');
  });

  it('lets the owner write and the read-only user only read, also tables created later', async () => {
    await db.sql(
      "CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada');",
    );
    expect(await db.sql('SELECT name FROM users', 'readonly')).toBe('ada\n');
    await expect(db.sql("INSERT INTO users (name) VALUES ('eve')", 'readonly')).rejects.toThrow(
      /INSERT command denied to user 'readonly'/,
    );
    await expect(db.sql('DROP TABLE users', 'readonly')).rejects.toThrow(/DROP command denied/);
  });

  it('creates more databases with the same users', async () => {
    await db.createDatabase('second');
    await db.sql('CREATE TABLE t (id int); INSERT INTO t VALUES (7);', 'owner', 'second');
    expect(await db.sql('SELECT id FROM t', 'readonly', 'second')).toBe('7\n');
  });
});
