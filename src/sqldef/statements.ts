// Parses what sqldef prints into statements and flags the ones that can lose data.

export interface Statement {
  /** The statement as sqldef printed it, without the trailing semicolon. */
  sql: string;
  /** sqldef skipped it (`-- Skipped: ...;`): a drop that needs `--enable-drop`. */
  skipped: boolean;
  /** Why the statement can lose data; undefined when it cannot. */
  destructive?: string;
}

export interface SqldefOutput {
  /** sqldef printed `-- Nothing is modified --`. */
  nothingModified: boolean;
  /** sqldef printed `-- dry run --` (dry runs and file-vs-file diffs). */
  dryRun: boolean;
  statements: Statement[];
}

/** Transaction control sqldef wraps the DDL in; not part of the plan. */
const TRANSACTION_CONTROL =
  /^(BEGIN|BEGIN TRANSACTION|START TRANSACTION|COMMIT|COMMIT TRANSACTION|ROLLBACK)$/i;
const MARKER = /^-- (dry run|Apply|Nothing is modified|No table exists) --$/;
const SKIPPED = /^-- Skipped: ([\s\S]*?);?\s*$/;

/**
 * Splits SQL text into statements on top-level semicolons, keeping semicolons inside quotes ('…', "…",
 * `…`, E'…' with backslash escapes), dollar quotes ($$…$$, $tag$…$tag$), line comments and block comments.
 * Statements made only of comments and whitespace are dropped; comments inside a statement are kept.
 */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = text.length;
  const push = (end: number) => {
    const piece = text.slice(start, end).trim();
    if (stripComments(piece).trim() !== '') statements.push(piece);
  };
  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const backslashEscapes = ch === "'" && /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? '');
      i = skipQuoted(text, i, ch, backslashEscapes);
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else {
        i++;
      }
    } else if (ch === ';') {
      push(i);
      i++;
      start = i;
    } else {
      i++;
    }
  }
  push(n);
  return statements;
}

function skipQuoted(text: string, open: number, quote: string, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
    } else if (ch === quote) {
      if (text[i + 1] === quote)
        i += 2; // doubled quote
      else return i + 1;
    } else {
      i++;
    }
  }
  return text.length;
}

/** The SQL with comments removed and quoted strings/identifiers blanked, for keyword matching. */
export function stripComments(sql: string, blankLiterals = false): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol === -1 ? sql.length : eol;
      out += ' ';
    } else if (ch === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
      out += ' ';
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const end = skipQuoted(sql, i, ch, ch === "'" && /[eE]/.test(sql[i - 1] ?? ''));
      out += blankLiterals && ch === "'" ? "''" : sql.slice(i, end);
      i = end;
    } else if (ch === '$' && blankLiterals) {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tag && !/[\w$]/.test(sql[i - 1] ?? '')) {
        const end = sql.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? sql.length : end + tag[0].length;
        out += "''";
      } else {
        out += ch;
        i++;
      }
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

const DESTRUCTIVE: [RegExp, string][] = [
  [/^\s*DROP\s+TABLE\b/i, 'drops a table and its data'],
  [/^\s*DROP\s+(SCHEMA|DATABASE)\b/i, 'drops a schema and everything in it'],
  [/^\s*DROP\s+MATERIALIZED\s+VIEW\b/i, 'drops a materialized view'],
  [/^\s*DROP\s+VIEW\b/i, 'drops a view'],
  [/^\s*DROP\s+INDEX\b/i, 'drops an index'],
  [/^\s*DROP\s+SEQUENCE\b/i, 'drops a sequence and its current value'],
  [/^\s*DROP\s+TYPE\b/i, 'drops a type'],
  [/^\s*DROP\s+(FUNCTION|PROCEDURE|TRIGGER)\b/i, 'drops a routine or trigger'],
  [/^\s*DROP\s+(ROLE|USER)\b/i, 'drops a role'],
  [/^\s*DROP\s+EXTENSION\b/i, 'drops an extension'],
  [/^\s*TRUNCATE\b/i, 'deletes every row'],
  [/^\s*DELETE\s+FROM\b/i, 'deletes rows'],
  [/\bDROP\s+COLUMN\b/i, 'drops a column and its data'],
  [/^\s*ALTER\s+TABLE\b[\s\S]*\bDROP\s+(INDEX|KEY)\b/i, 'drops an index'],
  [/\bALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE\b/i, 'changes a column type'],
  [
    /^\s*ALTER\s+TABLE\b[\s\S]*\b(MODIFY|CHANGE)\s+(COLUMN\s+)?\S+/i,
    'redefines a column (its type may narrow)',
  ],
];

/** Why a statement can lose data, or undefined. Comments and string literals are ignored. */
export function classifyStatement(sql: string): string | undefined {
  const code = stripComments(sql, true).trim();
  for (const [pattern, reason] of DESTRUCTIVE) if (pattern.test(code)) return reason;
  return undefined;
}

/** Parses sqldef's stdout (dry run, apply or file-vs-file) into statements. */
export function parseSqldefOutput(stdout: string): SqldefOutput {
  let nothingModified = false;
  let dryRun = false;
  const statements: Statement[] = [];
  let buffer: string[] = [];
  // sqldef prints skipped statements and batch separators between whole statements: flush there.
  const flush = () => {
    for (const sql of splitStatements(buffer.join('\n'))) {
      if (!TRANSACTION_CONTROL.test(sql)) statements.push(makeStatement(sql, false));
    }
    buffer = [];
  };
  for (const line of stdout.split(/\r?\n/)) {
    const trimmed = line.trim();
    const marker = MARKER.exec(trimmed);
    const skip = SKIPPED.exec(trimmed);
    if (marker) {
      if (marker[1] === 'Nothing is modified') nothingModified = true;
      if (marker[1] === 'dry run') dryRun = true;
    } else if (skip) {
      flush();
      statements.push(makeStatement((skip[1] ?? '').trim(), true));
    } else if (/^GO$/i.test(trimmed)) {
      flush(); // SQL Server batch separator
    } else {
      buffer.push(line);
    }
  }
  flush();
  return { nothingModified, dryRun, statements };
}

function makeStatement(sql: string, skipped: boolean): Statement {
  const destructive = classifyStatement(sql);
  return destructive ? { sql, skipped, destructive } : { sql, skipped };
}
