// Loads sqldef's own test suites (cmd/*/tests*.yml in the pinned module) and judges the splitter and the
// classifier against an independent reading of each expected output.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

export const CORPUS_ENGINES = {
  psqldef: 'postgres',
  mysqldef: 'mysql',
  sqlite3def: 'sqlite3',
  mssqldef: 'mssql',
} as const;
export type CorpusEngine = (typeof CORPUS_ENGINES)[keyof typeof CORPUS_ENGINES];

export interface CorpusCase {
  /** The suite's engine, or 'hand-written' for cases the suites lack. */
  engine: CorpusEngine | 'hand-written';
  file: string;
  name: string;
  current: string;
  output: string;
}

/** The sqldef version scripts/provision pins. */
export function pinnedSqldefVersion(root: string): string {
  const script = readFileSync(join(root, 'scripts', 'provision'), 'utf8');
  const version = /^SQLDEF_VERSION=(\S+)/m.exec(script)?.[1];
  if (!version) throw new Error('scripts/provision pins no SQLDEF_VERSION');
  return version;
}

/** The module's directory in the Go module cache, where `go mod download` (scripts/provision) puts it. */
export function sqldefModuleDir(version: string, env: NodeJS.ProcessEnv = process.env): string {
  const cache =
    env.GOMODCACHE || goModCache() || join(env.GOPATH?.split(':')[0] || join(homedir(), 'go'), 'pkg', 'mod');
  return join(cache, 'github.com', 'sqldef', 'sqldef', `v3@${version}`);
}

/** `go env GOMODCACHE`, when go is installed. */
function goModCache(): string | undefined {
  try {
    return (
      execFileSync('go', ['env', 'GOMODCACHE'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

export function loadCorpus(moduleDir: string): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const [tool, engine] of Object.entries(CORPUS_ENGINES)) {
    const dir = join(moduleDir, 'cmd', tool);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)
      .filter((name) => /^tests.*\.ya?ml$/.test(name))
      .sort()) {
      const suite = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, Record<string, unknown>>;
      for (const [name, test] of Object.entries(suite ?? {})) {
        if (typeof test?.output !== 'string') continue; // error cases have none
        const current = typeof test.current === 'string' ? test.current : '';
        cases.push({ engine, file: `${tool}/${file}`, name, current, output: test.output });
      }
    }
  }
  return cases;
}

/**
 * How many statements an expected output holds, read independently of the splitter: sqldef starts every
 * statement it generates on a new line with an upper-case keyword, right after a line ending in `;`.
 */
export function expectedStatementCount(output: string): number {
  let count = 0;
  let afterEnd = true;
  let depth = 0; // inside a trigger or routine body written with BEGIN … END, by lines
  for (const line of output.split('\n')) {
    if (line.trim() === '' || /^\s*--/.test(line)) continue;
    const starts =
      /^(CREATE|ALTER|DROP|COMMENT ON|GRANT|REVOKE|TRUNCATE|EXEC|UPDATE|INSERT INTO|DELETE FROM)\b/i.test(
        line,
      );
    if (afterEnd && depth === 0 && starts) count++;
    if (/\bbegin\s*$/i.test(line)) depth++;
    else if (depth > 0 && /^\s*end\s*;?\s*$/i.test(line)) depth--;
    afterEnd = /;\s*$/.test(line) || /^\s*GO\s*$/.test(line);
  }
  return count;
}

const quoted = /"(?:[^"]|"")*"|`(?:[^`]|``)*`|\[(?:[^\]]|\]\])*\]|'(?:[^']|'')*'/g;

/** Upper-case words of a statement, quoted names and strings replaced by one token each. */
export function words(sql: string): string[] {
  return sql
    .replace(/--[^\n]*/g, ' ')
    .replace(quoted, ' Q ')
    .toUpperCase()
    .split(/[^A-Z0-9_]+/)
    .filter(Boolean);
}

function has(list: string[], ...seq: string[]): boolean {
  outer: for (let i = 0; i + seq.length <= list.length; i++) {
    for (let j = 0; j < seq.length; j++) if (list[i + j] !== seq[j]) continue outer;
    return true;
  }
  return false;
}

export type Expected = 'gated' | 'constraint' | 'type' | 'harmless';

/** What a statement is, by its words alone: the rules of the README, written a second way. */
export function expectedKind(sql: string): Expected {
  const w = words(sql);
  const routine =
    w[0] === 'CREATE' && w.some((x) => ['TRIGGER', 'FUNCTION', 'PROCEDURE', 'EVENT'].includes(x));
  if (routine) return 'harmless';
  if (w[0] === 'DROP' || w[0] === 'REVOKE' || w[0] === 'TRUNCATE' || (w[0] === 'DELETE' && w[1] === 'FROM'))
    return 'gated';
  if (w[0] === 'ALTER' && w[1] === 'TABLE') {
    if (
      has(w, 'DROP', 'COLUMN') ||
      has(w, 'DROP', 'PARTITION') ||
      has(w, 'DROP', 'INDEX') ||
      has(w, 'DROP', 'KEY')
    )
      return 'gated';
    if (has(w, 'DISABLE', 'ROW', 'LEVEL', 'SECURITY') || has(w, 'NO', 'FORCE', 'ROW', 'LEVEL', 'SECURITY'))
      return 'gated';
    if (
      has(w, 'DROP', 'CONSTRAINT') ||
      has(w, 'DROP', 'PRIMARY', 'KEY') ||
      has(w, 'DROP', 'FOREIGN', 'KEY') ||
      has(w, 'DROP', 'CHECK')
    )
      return 'constraint';
    if (
      w.includes('CHANGE') ||
      w.includes('MODIFY') ||
      (has(w, 'ALTER', 'COLUMN') &&
        !/ALTER\s+COLUMN\s+\S+\s+(SET|DROP|ADD|RESTART|RESET)\b/i.test(sql.replace(quoted, 'Q')))
    )
      return 'type';
  }
  return 'harmless';
}

export interface Tally {
  cases: number;
  statements: number;
  splitMismatches: number;
  falseNegatives: number;
  falsePositives: number;
}

export function emptyTally(): Tally {
  return { cases: 0, statements: 0, splitMismatches: 0, falseNegatives: 0, falsePositives: 0 };
}

export function renderTable(tallies: Record<string, Tally>, title: string): string {
  const rows = Object.entries(tallies).map(([engine, t]) =>
    [engine, t.cases, t.statements, t.splitMismatches, t.falseNegatives, t.falsePositives].map(String),
  );
  const head = ['engine', 'cases', 'statements', 'split mismatches', 'false negatives', 'false positives'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
  return [title, line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const ident = String.raw`(?:"(?:[^"]|"")*"|\`(?:[^\`]|\`\`)*\`|\[[^\]]*\]|[\w$]+)`;
const typeText = String.raw`\w+(?:\s*\([^)]*\))?(?:\s+(?:varying|precision|unsigned|with(?:out)?\s+time\s+zone)(?:\s*\([^)]*\))?)?`;
const unquote = (name: string) => name.replace(/^["`[]|["`\]]$/g, '').toLowerCase();

/** The column and the type a column-redefining statement sets, read with plain patterns. */
export function newColumnType(sql: string): { column: string; type: string } | undefined {
  const patterns = [
    new RegExp(
      String.raw`\bCHANGE\s+(?:COLUMN\s+)?${ident}\s+(${ident})\s+(\w+(?:\s*\([^)]*\))?(?:\s+unsigned)?)`,
      'i',
    ),
    new RegExp(String.raw`\bMODIFY\s+(?:COLUMN\s+)?(${ident})\s+(\w+(?:\s*\([^)]*\))?(?:\s+unsigned)?)`, 'i'),
    new RegExp(String.raw`\bALTER\s+COLUMN\s+(${ident})\s+(?:SET\s+DATA\s+)?(?:TYPE\s+)?(${typeText})`, 'i'),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(sql);
    if (match) return { column: unquote(match[1]!), type: match[2]! };
  }
  return undefined;
}

/** The type a column is declared with in a schema, by a plain search of its definition line. */
export function declaredType(schema: string, column: string): string | undefined {
  for (const line of schema.split('\n')) {
    const match = new RegExp(String.raw`^\s*(${ident})\s+(${typeText})`, 'i').exec(line);
    if (
      match &&
      unquote(match[1]!) === column &&
      !/^(CREATE|ALTER|PRIMARY|KEY|UNIQUE|CONSTRAINT|INDEX)$/i.test(match[1]!)
    )
      return match[2];
  }
  return undefined;
}

export function sameType(a: string, b: string): boolean {
  const norm = (t: string) =>
    t
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/\b(tinyint|smallint|mediumint|int|integer|bigint)\s*\(\d+\)/, '$1')
      .replace(/\binteger\b/, 'int')
      .replace(/\bcharacter varying\b/, 'varchar')
      .replace(/\b(timestamp|time) without time zone\b/, '$1')
      .replace(/\btimestamp with time zone\b/, 'timestamptz')
      .replace(/\btime with time zone\b/, 'timetz')
      .replace(/\s*\(\s*/g, '(')
      .replace(/\s*,\s*/g, ',')
      .trim();
  return norm(a) === norm(b);
}

/** The widenings the issue names as safe. */
export function namedWidening(from: string, to: string): boolean {
  const unsigned = /unsigned/i.test(from) && /unsigned/i.test(to);
  const f = from
    .toLowerCase()
    .replace(unsigned ? /\s+unsigned/ : /^$/, '')
    .replace(/\s+/g, '');
  const t = to
    .toLowerCase()
    .replace(unsigned ? /\s+unsigned/ : /^$/, '')
    .replace(/\s+/g, '');
  if (/^int(eger)?(\(\d+\))?$/.test(f) && /^bigint(\(\d+\))?$/.test(t)) return true;
  const vf = /^(?:varchar|charactervarying)\((\d+)\)$/.exec(f);
  const vt = /^(?:varchar|charactervarying)\((\d+)\)$/.exec(t);
  if (vf && vt) return Number(vt[1]) >= Number(vf[1]);
  if (vf && t === 'text') return true;
  return /^timestamp(withouttimezone)?$/.test(f) && /^(timestamptz|timestampwithtimezone)$/.test(t);
}

/** A dropped constraint that the same output adds again under its name (a change, not a loss). */
export function recreatedInPlan(sql: string, output: string): boolean {
  const tableOf = (line: string) =>
    /^ALTER\s+TABLE\s+(?:ONLY\s+)?(\S+)/i.exec(line)?.[1]?.split('.').map(unquote).pop();
  const table = tableOf(sql);
  const adds = output.split('\n').filter((line) => table && tableOf(line) === table && /\bADD\b/i.test(line));
  if (/\bDROP\s+PRIMARY\s+KEY\b/i.test(sql)) return adds.some((line) => /\bPRIMARY\s+KEY\b/i.test(line));
  const name = /\bDROP\s+(?:CONSTRAINT|CHECK|FOREIGN\s+KEY)\s+(\S+)/i.exec(sql)?.[1];
  if (!name) return false;
  const bare = unquote(name);
  return adds.some(
    (line) => words(line).join(' ').includes(`ADD CONSTRAINT`) && line.toLowerCase().includes(bare),
  );
}
