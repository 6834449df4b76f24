// Builds sqldef command lines: which tool, which arguments, which environment. Pure; no I/O.
import { ConfigurationError } from '../lib/errors.js';

export const ENGINES = ['postgres', 'mysql', 'sqlite3', 'mssql'] as const;
export type Engine = (typeof ENGINES)[number];

export const TOOLS: Record<Engine, string> = {
  postgres: 'psqldef',
  mysql: 'mysqldef',
  sqlite3: 'sqlite3def',
  mssql: 'mssqldef',
};

const DEFAULT_PORTS: Partial<Record<Engine, number>> = { postgres: 5432, mysql: 3306, mssql: 1433 };
const DEFAULT_USERS: Partial<Record<Engine, string>> = { postgres: 'postgres', mysql: 'root', mssql: 'sa' };
/** The environment variable each tool reads its password from (it wins over --password). */
const PASSWORD_ENV: Partial<Record<Engine, string>> = {
  postgres: 'PGPASSWORD',
  mysql: 'MYSQL_PWD',
  mssql: 'MSSQL_PWD',
};
const URL_SCHEMES: Record<Engine, string[]> = {
  postgres: ['postgres:', 'postgresql:'],
  mysql: ['mysql:', 'mariadb:'],
  sqlite3: ['sqlite:', 'sqlite3:', 'file:'],
  mssql: ['sqlserver:', 'mssql:'],
};

export interface Connection {
  host?: string;
  /** A number, or in a Job a `$(VAR)` the kubelet expands from the Secret. */
  port?: number | string;
  user?: string;
  password?: string;
  /** Database name; for sqlite3 the database file. */
  database: string;
  sslmode?: string;
}

export interface ConnectionInputs {
  host?: string;
  port?: string;
  user?: string;
  password?: string;
  database?: string;
  sslmode?: string;
  databaseUrl?: string;
}

/**
 * Resolves the connection from `database-url` or the separate inputs (a separate input wins over the
 * same part of the URL). Every mistake names the input.
 */
export function resolveConnection(engine: Engine, inputs: ConnectionInputs): Connection {
  const fromUrl = inputs.databaseUrl ? parseDatabaseUrl(engine, inputs.databaseUrl) : undefined;
  const database = inputs.database ?? fromUrl?.database;
  if (!database) {
    throw new ConfigurationError(
      engine === 'sqlite3'
        ? "Input 'database' is required: the SQLite database file."
        : "Input 'database' (or 'database-url') is required for mode dry-run and apply: the database name.",
    );
  }
  let port = fromUrl?.port;
  if (inputs.port !== undefined) {
    if (!/^\d+$/.test(inputs.port) || Number(inputs.port) < 1 || Number(inputs.port) > 65535) {
      throw new ConfigurationError(`Input 'port' must be a TCP port from 1 to 65535, got '${inputs.port}'.`);
    }
    port = Number(inputs.port);
  }
  const sslmode = inputs.sslmode ?? fromUrl?.sslmode;
  if (sslmode !== undefined) sslModeFor(engine, sslmode); // validates
  return dropUndefined({
    host: inputs.host ?? fromUrl?.host,
    port,
    user: inputs.user ?? fromUrl?.user,
    password: inputs.password ?? fromUrl?.password,
    database,
    sslmode,
  });
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Parses `postgres://user:password@host:port/db?sslmode=require` (or mysql://, sqlserver://, sqlite:). */
export function parseDatabaseUrl(engine: Engine, raw: string): Partial<Connection> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Never echo the URL: it holds the password.
    throw new ConfigurationError(
      "Input 'database-url' is not a URL: use scheme://user:password@host:port/database (percent-encode special characters in the password).",
    );
  }
  if (!URL_SCHEMES[engine].includes(url.protocol)) {
    throw new ConfigurationError(
      `Input 'database-url' has scheme '${url.protocol.replace(/:$/, '')}', but engine '${engine}' takes ${URL_SCHEMES[engine].map((s) => s.replace(/:$/, '')).join(' or ')}.`,
    );
  }
  const decode = (value: string, what: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      throw new ConfigurationError(`Input 'database-url' has a badly percent-encoded ${what}.`);
    }
  };
  if (engine === 'sqlite3') {
    const file = decode(url.pathname || url.host, 'path');
    return file ? { database: file } : {};
  }
  const result: Partial<Connection> = {};
  if (url.hostname) result.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.port) result.port = Number(url.port);
  if (url.username) result.user = decode(url.username, 'user');
  if (url.password) result.password = decode(url.password, 'password');
  const database = decode(url.pathname.replace(/^\//, ''), 'database');
  if (database) result.database = database;
  const sslmode = url.searchParams.get('sslmode') ?? url.searchParams.get('ssl-mode');
  if (sslmode) result.sslmode = sslmode;
  return result;
}

const PG_SSLMODES = ['disable', 'require', 'verify-ca', 'verify-full', 'prefer'];
const MYSQL_SSLMODES: Record<string, string> = {
  disable: 'DISABLED',
  disabled: 'DISABLED',
  prefer: 'PREFERRED',
  preferred: 'PREFERRED',
  require: 'REQUIRED',
  required: 'REQUIRED',
};

/** The tool's spelling of an sslmode, or a ConfigurationError listing what it accepts. */
export function sslModeFor(engine: Engine, sslmode: string): string {
  if (engine === 'postgres') {
    if (PG_SSLMODES.includes(sslmode)) return sslmode;
    throw new ConfigurationError(
      `Input 'sslmode' must be one of ${PG_SSLMODES.join(', ')}; got '${sslmode}'.`,
    );
  }
  if (engine === 'mysql') {
    const mode = MYSQL_SSLMODES[sslmode.toLowerCase()];
    if (mode) return mode;
    throw new ConfigurationError(
      `Input 'sslmode' must be one of disable, prefer, require (or DISABLED, PREFERRED, REQUIRED); got '${sslmode}'.`,
    );
  }
  throw new ConfigurationError(`Input 'sslmode' is not supported for engine '${engine}'.`);
}

export interface CommandOptions {
  engine: Engine;
  /** Path of the sqldef binary to run. */
  binary: string;
  /** Desired schema files, in order (sqldef concatenates them). */
  schemaFiles: string[];
  /** Connection for dry-run/apply; absent for offline. */
  connection?: Connection;
  /** Current schema file for an offline (file-vs-file) diff; must end in `.sql`. */
  currentFile?: string;
  dryRun: boolean;
  enableDrop: boolean;
  /** Print the current schema (`--export`) instead of planning: the old column types of a plan. */
  exportSchema?: boolean;
  configFiles?: string[];
  configInline?: string;
}

export interface Command {
  command: string;
  args: string[];
  /** Variables added to the child's environment (the password travels here, never in args). */
  env: Record<string, string>;
}

/** The sqldef invocation for a plan or an apply. The password is never part of `args`. */
export function buildCommand(options: CommandOptions): Command {
  const { engine, connection } = options;
  const args: string[] = [];
  const env: Record<string, string> = {};
  if (options.exportSchema) {
    args.push('--export');
  } else {
    for (const file of options.schemaFiles) args.push(`--file=${file}`);
    for (const file of options.configFiles ?? []) args.push(`--config=${file}`);
    if (options.configInline) args.push(`--config-inline=${options.configInline}`);
    if (options.dryRun) args.push('--dry-run');
    if (options.enableDrop) args.push('--enable-drop');
  }
  if (options.currentFile !== undefined) {
    if (!options.currentFile.endsWith('.sql') || options.currentFile.startsWith('-')) {
      throw new Error(
        `sqldef reads a current schema only from a file path ending in .sql: ${options.currentFile}`,
      );
    }
    args.push(options.currentFile);
    return { command: options.binary, args, env };
  }
  if (!connection) throw new Error('buildCommand needs a connection or a current schema file.');
  if (engine !== 'sqlite3') {
    const user = connection.user ?? DEFAULT_USERS[engine];
    const port = connection.port ?? DEFAULT_PORTS[engine];
    args.push(`--user=${user}`, `--host=${connection.host ?? '127.0.0.1'}`, `--port=${port}`);
    const passwordEnv = PASSWORD_ENV[engine];
    if (passwordEnv && connection.password !== undefined) env[passwordEnv] = connection.password;
    if (connection.sslmode !== undefined) {
      const mode = sslModeFor(engine, connection.sslmode);
      // psqldef has no flag: lib/pq reads PGSSLMODE; unset means "prefer" (psqldef retries without TLS).
      if (engine === 'postgres' && mode !== 'prefer') env.PGSSLMODE = mode;
      if (engine === 'mysql') args.push(`--ssl-mode=${mode}`);
    }
  }
  if (connection.database.endsWith('.sql')) {
    throw new ConfigurationError(
      `Input 'database' must not end in .sql ('${connection.database}'): sqldef would read it as a schema file.`,
    );
  }
  if (connection.database.startsWith('-')) {
    throw new ConfigurationError(`Input 'database' must not start with '-' ('${connection.database}').`);
  }
  args.push(connection.database);
  return { command: options.binary, args, env };
}
