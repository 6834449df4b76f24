// Parses what sqldef prints into statements, and splits SQL text on its top-level terminators.
import { createHash } from 'node:crypto';
import { classifyPlan, type ClassifyContext, type Risk } from './classify.js';

export interface Statement {
  /** The statement as sqldef printed it, without the trailing semicolon. */
  sql: string;
  /** sqldef held it back (`-- Skipped: ...;`): it runs only with `--enable-drop`. */
  skipped: boolean;
  /** What the statement can do harm to; undefined when nothing. */
  destructive?: string;
  /** The class of harm, shown and gated by it. */
  risk?: Risk;
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
const SKIPPED = /^-- Skipped: ?(.*)$/;
/** Statements whose body is written with BEGIN … END (MySQL, SQLite, SQL Server, SQL-standard bodies). */
const ROUTINE_HEAD = /^\s*CREATE\s+(?:[\w=@`'"%.()]+\s+){0,4}?(TRIGGER|FUNCTION|PROCEDURE|EVENT)\b/i;
/** The words after END that close a block opened by a word not counted (IF, LOOP, …). */
const END_OF_UNCOUNTED = new Set(['IF', 'LOOP', 'WHILE', 'REPEAT']);

interface Piece {
  text: string;
  /** It ended at a terminator (not at the end of the text). */
  terminated: boolean;
}

/**
 * Splits SQL text into statements on top-level terminators: `;` outside quotes ('…', "…", `…`, […], E'…'
 * with backslash escapes), dollar quotes ($$…$$, $tag$…$tag$), comments and BEGIN … END bodies, or the
 * delimiter a `DELIMITER` line sets. Pieces made only of comments and whitespace are dropped.
 */
export function splitStatements(text: string): string[] {
  return scan(text).map((piece) => piece.text);
}

function scan(text: string): Piece[] {
  const pieces: Piece[] = [];
  const n = text.length;
  let start = 0;
  let i = 0;
  let delimiter = ';';
  let depth = 0;
  let routine: boolean | undefined;
  const push = (end: number, terminated: boolean) => {
    const piece = text.slice(start, end).trim();
    if (stripComments(piece).trim() !== '') pieces.push({ text: piece, terminated });
    depth = 0;
    routine = undefined;
  };
  const inRoutine = () => (routine ??= ROUTINE_HEAD.test(stripComments(text.slice(start, i))));
  while (i < n) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (i === 0 || text[i - 1] === '\n') {
      const line = /^[ \t]*DELIMITER[ \t]+(\S+)[ \t]*(?:\r?\n|$)/i.exec(text.slice(i, i + 80));
      if (line) {
        push(i, true);
        delimiter = line[1]!;
        i += line[0].length;
        start = i;
        continue;
      }
    }
    if (delimiter !== ';' && text.startsWith(delimiter, i)) {
      push(i, true);
      i += delimiter.length;
      start = i;
    } else if (ch === '-' && next === '-') {
      const eol = text.indexOf('\n', i);
      i = eol === -1 ? n : eol + 1;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
    } else if (ch === "'" || ch === '"' || ch === '`' || (ch === '[' && opensBracketName(text, i))) {
      const backslashEscapes = ch === "'" && /[eE]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? '');
      i = ch === '[' ? bracketEnd(text, i) : skipQuoted(text, i, ch, backslashEscapes);
    } else if (ch === '$') {
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 64));
      if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        i = end === -1 ? n : end + tag[0].length;
      } else {
        i++;
      }
    } else if (/[A-Za-z_]/.test(ch) && !/[\w$]/.test(text[i - 1] ?? '')) {
      const word = /^[A-Za-z_][\w$]*/.exec(text.slice(i, i + 64))![0];
      i += word.length;
      if (delimiter !== ';') continue;
      const upper = word.toUpperCase();
      if ((upper === 'BEGIN' || upper === 'CASE') && inRoutine()) {
        depth++;
      } else if (upper === 'END' && depth > 0) {
        const after = /^\s+([A-Za-z_]\w*)/.exec(text.slice(i, i + 64));
        const closer = after?.[1]?.toUpperCase();
        if (closer && (END_OF_UNCOUNTED.has(closer) || closer === 'CASE')) i += after![0].length;
        if (!closer || !END_OF_UNCOUNTED.has(closer)) depth--;
      }
    } else if (ch === ';' && delimiter === ';' && depth === 0) {
      push(i, true);
      i++;
      start = i;
    } else {
      i++;
    }
  }
  push(n, false);
  return pieces;
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

/** `[` opens a SQL Server name, not an array subscript or `ARRAY[…]`. */
function opensBracketName(text: string, at: number): boolean {
  return !/[\w$\])]/.test(text[at - 1] ?? '');
}

/** A SQL Server [identifier] (`]]` escapes `]`); a `[` that opens no identifier is one character. */
function bracketEnd(text: string, open: number): number {
  const match = /^\[(?:[^\]\n]|\]\])*\]/.exec(text.slice(open, open + 260));
  return match ? open + match[0].length : open + 1;
}

/** The SQL with comments removed and, with `blankLiterals`, string literals and dollar quotes blanked. */
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
    } else if (ch === "'" || ch === '"' || ch === '`' || (ch === '[' && opensBracketName(sql, i))) {
      const end =
        ch === '[' ? bracketEnd(sql, i) : skipQuoted(sql, i, ch, ch === "'" && /[eE]/.test(sql[i - 1] ?? ''));
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

/**
 * Reads a `-- Skipped: …` statement starting at `lines[at]`: to its terminator, across lines. Newer sqldef
 * comments out every line of a skipped statement; older releases print only the first line commented.
 */
function readSkipped(lines: string[], at: number, first: string): { sql: string; next: number } {
  let text = first;
  let j = at + 1;
  const commented = /^\s*--/.test(lines[j] ?? '');
  while (!(scan(text)[0]?.terminated ?? false) && j < lines.length) {
    const line = lines[j]!;
    if (commented && !/^\s*--/.test(line)) break;
    text += `\n${commented ? line.replace(/^\s*-- ?/, '') : line}`;
    j++;
  }
  return { sql: scan(text)[0]?.text ?? text.trim().replace(/;$/, ''), next: j };
}

/** Parses sqldef's stdout (dry run, apply or file-vs-file) into classified statements. */
export function parseSqldefOutput(stdout: string, context: ClassifyContext = {}): SqldefOutput {
  let nothingModified = false;
  let dryRun = false;
  const found: { sql: string; skipped: boolean }[] = [];
  let buffer: string[] = [];
  // sqldef prints skipped statements and batch separators between whole statements: flush there.
  const flush = () => {
    for (const sql of splitStatements(buffer.join('\n'))) {
      if (!TRANSACTION_CONTROL.test(sql)) found.push({ sql, skipped: false });
    }
    buffer = [];
  };
  const lines = stdout.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();
    const marker = MARKER.exec(trimmed);
    const skip = SKIPPED.exec(trimmed);
    if (marker) {
      if (marker[1] === 'Nothing is modified') nothingModified = true;
      if (marker[1] === 'dry run') dryRun = true;
    } else if (skip) {
      flush();
      const { sql, next } = readSkipped(lines, i, skip[1] ?? '');
      found.push({ sql, skipped: true });
      i = next - 1;
    } else if (/^GO$/i.test(trimmed)) {
      flush(); // SQL Server batch separator
    } else {
      buffer.push(line);
    }
  }
  flush();
  return { nothingModified, dryRun, statements: classifyPlan(found, context) };
}

/** A stable hash of a plan's statements: what the pull request comment showed, what apply would run. */
export function statementsHash(statements: { sql: string; skipped: boolean }[]): string {
  const text = statements
    .map((s) => `${s.skipped ? '-- skipped ' : ''}${s.sql.replace(/\s+/g, ' ').trim()}`)
    .join('\n');
  return createHash('sha256').update(text).digest('hex');
}
