// Column types: read from CREATE TABLE and from the statements that change them, and whether a change widens.
import { codeOf, nameParts, Q, restore, unquote } from './sql-code.js';

export interface ColumnType {
  /** As written, for display. */
  text: string;
  /** Canonical name: int, bigint, varchar, numeric, timestamptz, … */
  base: string;
  args: string[];
  unsigned: boolean;
  array: boolean;
}

const SUFFIX = String.raw`(?:\s+(?:varying|precision|unsigned|signed|zerofill|with(?:out)?\s+time\s+zone))`;
const TYPE = new RegExp(
  String.raw`^\s*((?:"(?:[^"]|"")*"\s*\.\s*)?(?:"(?:[^"]|"")*"|[A-Za-z_]\w*)${SUFFIX}*)\s*(\((?:[^()']|'(?:[^']|'')*')*\))?((?:\s*\[\d*\])*)(${SUFFIX}*)`,
  'i',
);

const ALIASES: Record<string, string> = {
  integer: 'int',
  int4: 'int',
  serial: 'int',
  serial4: 'int',
  int8: 'bigint',
  bigserial: 'bigint',
  serial8: 'bigint',
  int2: 'smallint',
  smallserial: 'smallint',
  serial2: 'smallint',
  int1: 'tinyint',
  'character varying': 'varchar',
  character: 'char',
  bpchar: 'char',
  'double precision': 'double',
  float8: 'double',
  float4: 'real',
  decimal: 'numeric',
  dec: 'numeric',
  bool: 'boolean',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
  'bit varying': 'varbit',
};
const INTEGERS: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, bigint: 5 };
const INTEGER_DIGITS: Record<string, number> = { tinyint: 3, smallint: 5, mediumint: 8, int: 10, bigint: 20 };
/** Longest value of each string and binary type; Infinity where only memory limits it. */
const TEXTS: Record<string, number> = {
  tinytext: 255,
  text: Infinity,
  mediumtext: 16_777_215,
  longtext: Infinity,
  ntext: Infinity,
  clob: Infinity,
  'national text': Infinity,
};
const BLOBS: Record<string, number> = {
  tinyblob: 255,
  blob: 65_535,
  mediumblob: 16_777_215,
  longblob: Infinity,
  bytea: Infinity,
  image: Infinity,
};
const SIZED_TEXT = new Set(['char', 'varchar', 'nchar', 'nvarchar']);
const SIZED_BINARY = new Set(['binary', 'varbinary']);
const NATIONAL = new Set(['nchar', 'nvarchar', 'ntext']);
const TIMES: Record<string, number> = { date: 1, datetime: 2, datetime2: 2, timestamp: 2, timestamptz: 3 };

/** The column type at the start of `text` (what follows a column name), or undefined. */
export function readType(text: string): ColumnType | undefined {
  const match = TYPE.exec(text);
  if (!match) return undefined;
  const words = `${match[1]} ${match[4] ?? ''}`.toLowerCase().replace(/\s+/g, ' ').trim();
  const unsigned = /\bunsigned\b/.test(words);
  let base = words
    .replace(/\b(unsigned|signed|zerofill)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^".*"$/.test(base) || base.includes('"'))
    base = base
      .split(/\s*\.\s*/)
      .map(unquote)
      .join('.');
  base = ALIASES[base] ?? base;
  let args = match[2] ? splitArgs(match[2].slice(1, -1)) : [];
  if (base in INTEGERS) args = []; // MySQL display width, not a range
  const shown = `${match[1]}${match[2] ?? ''}${match[3] ?? ''}${match[4] ?? ''}`.replace(/\s+/g, ' ').trim();
  return { text: shown, base, args, unsigned, array: !!match[3]?.trim() };
}

function splitArgs(inner: string): string[] {
  return (inner.match(/'(?:[^']|'')*'|[^,]+/g) ?? []).map((arg) => arg.trim().toLowerCase()).filter(Boolean);
}

export type TypeVerdict = 'same' | 'widening' | 'change';

/** Whether going from `from` to `to` keeps every value: the same type, a widening, or a real change. */
export function compareTypes(from: ColumnType, to: ColumnType): TypeVerdict {
  if (from.array !== to.array) return 'change';
  if (from.base === to.base && from.unsigned === to.unsigned && from.args.join(',') === to.args.join(','))
    return 'same';
  return widens(from, to) ? 'widening' : 'change';
}

function widens(from: ColumnType, to: ColumnType): boolean {
  const [f, t] = [from.base, to.base];
  if (f in INTEGERS && t in INTEGERS) {
    const [rf, rt] = [INTEGERS[f]!, INTEGERS[t]!];
    return from.unsigned === to.unsigned ? rt >= rf : from.unsigned && !to.unsigned && rt > rf;
  }
  if (f in INTEGERS && t === 'numeric') {
    if (to.args.length === 0) return true;
    const [p, s] = [Number(to.args[0]), Number(to.args[1] ?? 0)];
    return p - s >= INTEGER_DIGITS[f]!;
  }
  if (f === 'numeric' && t === 'numeric') {
    if (to.args.length === 0) return true;
    if (from.args.length === 0) return false;
    const [p1, s1, p2, s2] = [from.args[0], from.args[1] ?? '0', to.args[0], to.args[1] ?? '0'].map(
      Number,
    ) as [number, number, number, number];
    return p2 - s2 >= p1 - s1 && s2 >= s1;
  }
  if ((f === 'real' || f === 'float') && t === 'double') return true;
  const textFrom = textLength(from);
  const textTo = textLength(to);
  if (textFrom !== undefined && textTo !== undefined) {
    if (NATIONAL.has(f) && !NATIONAL.has(t)) return false;
    if (t === 'char' || t === 'nchar') return f === t && textTo >= textFrom; // char pads: only char → longer char
    return textTo >= textFrom;
  }
  const binFrom = binaryLength(from);
  const binTo = binaryLength(to);
  if (binFrom !== undefined && binTo !== undefined) return t !== 'binary' && binTo >= binFrom;
  if (f in TIMES && t in TIMES) {
    if (TIMES[t]! < TIMES[f]! || (f === 'timestamptz' && t !== 'timestamptz')) return false;
    return precision(to) >= precision(from);
  }
  if ((f === 'time' || f === 'timetz') && f === t) return precision(to) >= precision(from);
  if ((f === 'enum' || f === 'set') && f === t) return from.args.every((value) => to.args.includes(value));
  return false;
}

function textLength(type: ColumnType): number | undefined {
  if (type.base in TEXTS) return TEXTS[type.base];
  if (!SIZED_TEXT.has(type.base)) return undefined;
  const arg = type.args[0];
  if (arg === undefined) return type.base.endsWith('char') && !type.base.includes('var') ? 1 : Infinity;
  return arg === 'max' ? Infinity : Number(arg);
}

function binaryLength(type: ColumnType): number | undefined {
  if (type.base in BLOBS) return BLOBS[type.base];
  if (!SIZED_BINARY.has(type.base)) return undefined;
  const arg = type.args[0];
  if (arg === undefined) return type.base === 'binary' ? 1 : Infinity;
  return arg === 'max' ? Infinity : Number(arg);
}

function precision(type: ColumnType): number {
  return type.args[0] !== undefined ? Number(type.args[0]) : 6;
}

/** Column types of the tables a schema creates, found by table (schema-qualified or not) and column. */
export class ColumnTypes {
  private readonly tables = new Map<
    string,
    { owner: string; columns: Map<string, ColumnType> } | 'ambiguous'
  >();

  add(tableParts: string[], column: string, type: ColumnType): void {
    const owner = tableParts.join('.').toLowerCase();
    for (const key of tableKeys(tableParts)) {
      const entry = this.tables.get(key);
      if (entry === 'ambiguous') continue;
      // Two tables share a short name (in different schemas): only their full names find them.
      if (entry && entry.owner !== owner) this.tables.set(key, 'ambiguous');
      else if (entry) entry.columns.set(column.toLowerCase(), type);
      else this.tables.set(key, { owner, columns: new Map([[column.toLowerCase(), type]]) });
    }
  }

  /** Follows `ALTER TABLE old RENAME TO new` and `RENAME COLUMN old TO new` of the plan, in order. */
  rename(tableParts: string[], to: { table?: string[]; column?: [string, string] }): void {
    const entry = tableKeys(tableParts)
      .map((key) => this.tables.get(key))
      .find((found) => found && found !== 'ambiguous');
    if (!entry || entry === 'ambiguous') return;
    if (to.column) {
      const type = entry.columns.get(to.column[0].toLowerCase());
      if (type) entry.columns.set(to.column[1].toLowerCase(), type);
    }
    if (to.table) {
      const owner = to.table.join('.').toLowerCase();
      for (const key of tableKeys(to.table)) this.tables.set(key, { owner, columns: entry.columns });
    }
  }

  get(tableParts: string[], column: string): ColumnType | undefined {
    for (const key of tableKeys(tableParts)) {
      const entry = this.tables.get(key);
      if (entry && entry !== 'ambiguous') return entry.columns.get(column.toLowerCase());
    }
    return undefined;
  }
}

/** Lookup keys, most specific first: the full name, then the name without a default schema, then the table. */
function tableKeys(parts: string[]): string[] {
  const lower = parts.map((part) => part.toLowerCase());
  const keys = [lower.join('.')];
  const withoutDefault = ['public', 'dbo', ''].includes(lower[0] ?? '') ? lower.slice(1) : lower;
  if (withoutDefault.length > 0) keys.push(withoutDefault.join('.'));
  keys.push(lower[lower.length - 1]!);
  return [...new Set(keys)];
}

const CREATE_TABLE = new RegExp(
  String.raw`^\s*CREATE\s+(?:(?:GLOBAL|LOCAL|TEMPORARY|TEMP|UNLOGGED)\s+)*TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${Q})\s*\(`,
  'i',
);
const NOT_A_COLUMN =
  /^(CONSTRAINT|PRIMARY|KEY|INDEX|UNIQUE|FOREIGN|CHECK|FULLTEXT|SPATIAL|EXCLUDE|LIKE|PERIOD)\b/i;

const RENAME = new RegExp(
  String.raw`^\s*ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(${Q})\s+RENAME\s+(?:(?:TO|AS)\s+(${Q})|COLUMN\s+(${Q})\s+TO\s+(${Q}))`,
  'i',
);

/** Applies a statement's table or column rename to `types`. */
export function followRename(types: ColumnTypes, sql: string): void {
  const code = codeOf(sql);
  const match = RENAME.exec(code.text);
  if (!match) return;
  const table = nameParts(match[1]!, code);
  if (match[2]) types.rename(table, { table: nameParts(match[2], code) });
  else
    types.rename(table, { column: [nameParts(match[3]!, code).pop()!, nameParts(match[4]!, code).pop()!] });
}

/** The column types of every CREATE TABLE among `statements`. */
export function columnTypes(statements: string[]): ColumnTypes {
  const types = new ColumnTypes();
  for (const sql of statements) {
    const code = codeOf(sql);
    const match = CREATE_TABLE.exec(code.text);
    if (!match) continue;
    const table = nameParts(match[1]!, code);
    for (const element of topLevelElements(code.text.slice(match[0].length))) {
      if (NOT_A_COLUMN.test(element)) continue;
      const column = /^("#\d+"|[\w$]+)\s+([\s\S]*)$/.exec(element);
      if (!column) continue;
      const type = readType(restore(column[2]!, code));
      if (type) types.add(table, nameParts(column[1]!, code)[0]!, type);
    }
  }
  return types;
}

/** The comma-separated elements of a parenthesised list whose opening parenthesis is already consumed. */
function topLevelElements(body: string): string[] {
  const elements: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '(') depth++;
    else if (ch === ')') {
      if (depth === 0) {
        elements.push(body.slice(start, i).trim());
        return elements;
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      elements.push(body.slice(start, i).trim());
      start = i + 1;
    }
  }
  elements.push(body.slice(start).trim());
  return elements;
}
