import { describe, expect, it } from '@jest/globals';
import { buildCommand, parseDatabaseUrl, resolveConnection } from '../../../src/sqldef/command.js';
import { ConfigurationError } from '../../../src/lib/errors.js';

describe('resolveConnection', () => {
  it('parses a postgres URL with a percent-encoded password', () => {
    expect(
      resolveConnection('postgres', {
        databaseUrl: 'postgresql://app:p%40ss%3Aw0rd@db.internal:6543/shop?sslmode=require',
      }),
    ).toEqual({
      host: 'db.internal',
      port: 6543,
      user: 'app',
      password: 'p@ss:w0rd',
      database: 'shop',
      sslmode: 'require',
    });
  });

  it('lets a separate input override the same part of the URL', () => {
    expect(
      resolveConnection('mysql', { databaseUrl: 'mysql://a:b@h/db1', database: 'db2', port: '3307' }),
    ).toEqual({ host: 'h', port: 3307, user: 'a', password: 'b', database: 'db2' });
  });

  it('never echoes the URL in an error', () => {
    const call = () => resolveConnection('postgres', { databaseUrl: 'not a url with s3cret' });
    expect(call).toThrow(ConfigurationError);
    expect(call).not.toThrow(/s3cret/);
    expect(() => resolveConnection('postgres', { databaseUrl: 'mysql://u:s3cret@h/db' })).toThrow(
      "Input 'database-url' has scheme 'mysql', but engine 'postgres' takes postgres or postgresql.",
    );
  });

  it('names the input for a missing database, a bad port or sslmode', () => {
    expect(() => resolveConnection('postgres', { host: 'h' })).toThrow(
      "Input 'database' (or 'database-url') is required",
    );
    expect(() => resolveConnection('postgres', { database: 'd', port: '99999' })).toThrow(
      "Input 'port' must be",
    );
    expect(() => resolveConnection('postgres', { database: 'd', sslmode: 'REQUIRED' })).toThrow(
      "Input 'sslmode' must be one of",
    );
    expect(() => resolveConnection('mysql', { database: 'd', sslmode: 'verify-full' })).toThrow(
      "Input 'sslmode' must be one of",
    );
  });

  it('reads a sqlite file URL', () => {
    expect(parseDatabaseUrl('sqlite3', 'sqlite:///var/data/app.db')).toEqual({
      database: '/var/data/app.db',
    });
  });
});

describe('buildCommand', () => {
  const base = { binary: '/bin/psqldef', schemaFiles: ['/w/a.sql', '/w/b.sql'], enableDrop: false };

  it('puts the password in the environment, never in the arguments', () => {
    const command = buildCommand({
      ...base,
      engine: 'postgres',
      dryRun: true,
      connection: {
        host: 'db',
        port: 5432,
        user: 'reader',
        password: 'pw-123',
        database: 'app',
        sslmode: 'require',
      },
    });
    expect(command).toEqual({
      command: '/bin/psqldef',
      args: [
        '--file=/w/a.sql',
        '--file=/w/b.sql',
        '--dry-run',
        '--user=reader',
        '--host=db',
        '--port=5432',
        'app',
      ],
      env: { PGPASSWORD: 'pw-123', PGSSLMODE: 'require' },
    });
    expect(command.args.join(' ')).not.toContain('pw-123');
  });

  it('builds mysqldef with MYSQL_PWD, --ssl-mode, config and enable-drop', () => {
    expect(
      buildCommand({
        ...base,
        binary: 'mysqldef',
        engine: 'mysql',
        dryRun: false,
        enableDrop: true,
        configFiles: ['/w/sqldef.yml'],
        configInline: 'skip_tables: schema_migrations',
        connection: { user: 'root', password: 'x', database: 'app', sslmode: 'disable' },
      }),
    ).toEqual({
      command: 'mysqldef',
      args: [
        '--file=/w/a.sql',
        '--file=/w/b.sql',
        '--config=/w/sqldef.yml',
        '--config-inline=skip_tables: schema_migrations',
        '--enable-drop',
        '--user=root',
        '--host=127.0.0.1',
        '--port=3306',
        '--ssl-mode=DISABLED',
        'app',
      ],
      env: { MYSQL_PWD: 'x' },
    });
  });

  it('builds an offline diff and a sqlite3 run', () => {
    expect(
      buildCommand({ ...base, engine: 'postgres', dryRun: true, currentFile: '/tmp/x/current.sql' }).args,
    ).toEqual(['--file=/w/a.sql', '--file=/w/b.sql', '--dry-run', '/tmp/x/current.sql']);
    expect(
      buildCommand({ ...base, engine: 'sqlite3', dryRun: true, connection: { database: '/data/app.db' } }),
    ).toEqual({
      command: '/bin/psqldef',
      args: ['--file=/w/a.sql', '--file=/w/b.sql', '--dry-run', '/data/app.db'],
      env: {},
    });
  });

  it('refuses database names sqldef would misread', () => {
    const run = (database: string) =>
      buildCommand({ ...base, engine: 'postgres', dryRun: true, connection: { database } });
    expect(() => run('schema.sql')).toThrow('must not end in .sql');
    expect(() => run('--enable-drop')).toThrow("must not start with '-'");
  });
});
