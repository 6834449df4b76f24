// Classifies what each statement of a plan can harm: data, access control, integrity.
import { columnTypes, compareTypes, followRename, readType, type ColumnTypes } from './column-types.js';
import { codeOf, I, nameParts, Q, restore, type Code } from './sql-code.js';
import { splitStatements, type Statement } from './statements.js';

/** The classes of harm, each shown in the banner under its own title. */
export const RISKS = ['data-loss', 'drop', 'security', 'privilege', 'constraint'] as const;
export type Risk = (typeof RISKS)[number];
export const RISK_TITLES: Record<Risk, string> = {
  'data-loss': 'can lose data',
  drop: 'drops an object',
  security: 'removes a security policy',
  privilege: 'revokes a privilege',
  constraint: 'drops a constraint',
};

export interface ClassifyContext {
  /** The current schema (sqldef's export of the database, or the base schema offline): old column types. */
  currentSchema?: string;
}

const TABLE = String.raw`^\s*ALTER\s+TABLE\s+(?:ONLY\s+)?(?:IF\s+EXISTS\s+)?(${Q})`;

const rule = (pattern: string, risk: Risk, reason: string): [RegExp, Risk, string] => [
  new RegExp(pattern, 'i'),
  risk,
  reason,
];
const RULES: [RegExp, Risk, string][] = [
  rule(String.raw`^\s*DROP\s+TABLE\b`, 'data-loss', 'drops a table and its data'),
  rule(String.raw`^\s*DROP\s+(SCHEMA|DATABASE)\b`, 'data-loss', 'drops a schema and everything in it'),
  rule(String.raw`^\s*DROP\s+MATERIALIZED\s+VIEW\b`, 'data-loss', 'drops a materialized view'),
  rule(String.raw`^\s*DROP\s+SEQUENCE\b`, 'data-loss', 'drops a sequence and its current value'),
  rule(String.raw`^\s*TRUNCATE\b`, 'data-loss', 'deletes every row'),
  rule(String.raw`^\s*DELETE\b`, 'data-loss', 'deletes rows'),
  rule(String.raw`${TABLE}[\s\S]*\bDROP\s+PARTITION\b`, 'data-loss', 'drops a partition and its rows'),
  rule(String.raw`${TABLE}[\s\S]*\bTRUNCATE\s+PARTITION\b`, 'data-loss', 'deletes the rows of a partition'),
  rule(String.raw`${TABLE}[\s\S]*\bDROP\s+COLUMN\b`, 'data-loss', 'drops a column and its data'),
  rule(String.raw`^\s*DROP\s+POLICY\b`, 'security', 'drops a row-level security policy'),
  rule(
    String.raw`${TABLE}[\s\S]*\bDISABLE\s+ROW\s+LEVEL\s+SECURITY\b`,
    'security',
    'disables row-level security',
  ),
  rule(
    String.raw`${TABLE}[\s\S]*\bNO\s+FORCE\s+ROW\s+LEVEL\s+SECURITY\b`,
    'security',
    'exempts the owner from row-level security',
  ),
  rule(String.raw`^\s*REVOKE\b`, 'privilege', 'revokes a privilege'),
  rule(String.raw`^\s*DROP\s+VIEW\b`, 'drop', 'drops a view'),
  rule(String.raw`^\s*DROP\s+INDEX\b`, 'drop', 'drops an index'),
  rule(String.raw`${TABLE}[\s\S]*\bDROP\s+(INDEX|KEY)\b`, 'drop', 'drops an index'),
  rule(String.raw`^\s*DROP\s+TYPE\b`, 'drop', 'drops a type'),
  rule(String.raw`^\s*DROP\s+DOMAIN\b`, 'drop', 'drops a domain'),
  rule(String.raw`^\s*DROP\s+(FUNCTION|PROCEDURE|TRIGGER)\b`, 'drop', 'drops a routine or trigger'),
  rule(String.raw`^\s*DROP\s+EVENT\b`, 'drop', 'drops a scheduled event'),
  rule(String.raw`^\s*DROP\s+(ROLE|USER)\b`, 'drop', 'drops a role'),
  rule(String.raw`^\s*DROP\s+EXTENSION\b`, 'drop', 'drops an extension'),
  rule(String.raw`^\s*DROP\s+\w+`, 'drop', 'drops an object'),
  rule(String.raw`${TABLE}[\s\S]*\bDROP\s+PRIMARY\s+KEY\b`, 'constraint', 'drops a primary key'),
  rule(String.raw`${TABLE}[\s\S]*\bDROP\s+FOREIGN\s+KEY\b`, 'constraint', 'drops a foreign key'),
  rule(String.raw`${TABLE}[\s\S]*\bDROP\s+(CONSTRAINT|CHECK)\b`, 'constraint', 'drops a constraint'),
];

/** The clauses of an ALTER TABLE that set a column's type: the column, then the type. */
const TYPE_SETTERS = [
  // PostgreSQL: ALTER COLUMN c TYPE t / SET DATA TYPE t
  String.raw`\bALTER\s+COLUMN\s+(${I})\s+(?:SET\s+DATA\s+)?TYPE\s+`,
  // SQL Server: ALTER COLUMN c t
  String.raw`\bALTER\s+COLUMN\s+(${I})\s+(?!(?:SET|DROP|TYPE|ADD|RESTART|RESET|OPTIONS)\b)(?=\w)`,
  // MySQL: CHANGE [COLUMN] old new t / MODIFY [COLUMN] c t
  String.raw`\bCHANGE\s+(?:COLUMN\s+)?(${I})\s+${I}\s+`,
  String.raw`\bMODIFY\s+(?:COLUMN\s+)?(${I})\s+`,
].map((clause) => new RegExp(clause, 'gi'));
const ALTER_TABLE = new RegExp(TABLE, 'i');

export interface Classification {
  risk: Risk;
  reason: string;
}

/** The class of harm a statement can do, read without the plan around it. */
export function classifyStatement(sql: string, types?: ColumnTypes): Classification | undefined {
  const code = codeOf(sql);
  const typeChange = classifyTypeChange(code, types);
  for (const [pattern, risk, reason] of RULES) {
    if (risk === 'constraint' && typeChange) break; // a redefinition outweighs its constraint drop
    if (pattern.test(code.text)) return { risk, reason };
  }
  return typeChange;
}

function classifyTypeChange(code: Code, types: ColumnTypes | undefined): Classification | undefined {
  const alter = ALTER_TABLE.exec(code.text);
  if (!alter) return undefined;
  const table = nameParts(alter[1]!, code);
  const body = code.text.slice(alter[0].length);
  // Every clause is judged (a bulk ALTER TABLE sets several columns); the first harmful one is reported.
  for (const setter of TYPE_SETTERS) {
    for (const match of body.matchAll(setter)) {
      const column = nameParts(match[1]!, code)[0]!;
      const newType = readType(restore(body.slice(match.index + match[0].length), code));
      const oldType = types?.get(table, column);
      if (!newType || !oldType) {
        return {
          risk: 'data-loss',
          reason: 'changes a column type (the current type is unknown: it may narrow)',
        };
      }
      if (compareTypes(oldType, newType) === 'change') {
        return { risk: 'data-loss', reason: `changes a column type (${oldType.text} → ${newType.text})` };
      }
    }
  }
  return undefined;
}

/** Constraint names a statement adds (for "dropped and re-created in the same plan"). */
function addedConstraints(code: Code): { table: string; names: string[]; primaryKey: boolean } | undefined {
  const table = new RegExp(TABLE, 'i').exec(code.text);
  if (!table) return undefined;
  const names = [...code.text.matchAll(new RegExp(String.raw`\bADD\s+CONSTRAINT\s+(${I})`, 'gi'))].map((m) =>
    nameParts(m[1]!, code)[0]!.toLowerCase(),
  );
  const primaryKey = /\bADD\s+(?:CONSTRAINT\s+\S+\s+)?PRIMARY\s+KEY\b/i.test(code.text);
  return { table: tableKey(nameParts(table[1]!, code)), names, primaryKey };
}

function droppedConstraint(code: Code): { table: string; name?: string; primaryKey: boolean } | undefined {
  const match = new RegExp(
    String.raw`${TABLE}[\s\S]*\bDROP\s+(?:(PRIMARY\s+KEY)|(?:CONSTRAINT|CHECK|FOREIGN\s+KEY)\s+(?:IF\s+EXISTS\s+)?(${I}))`,
    'i',
  ).exec(code.text);
  if (!match) return undefined;
  return {
    table: tableKey(nameParts(match[1]!, code)),
    name: match[3] ? nameParts(match[3], code)[0]!.toLowerCase() : undefined,
    primaryKey: !!match[2],
  };
}

function tableKey(parts: string[]): string {
  return parts[parts.length - 1]!.toLowerCase();
}

/**
 * Classifies a plan: each statement on its own, column types against the current schema, and a constraint
 * dropped and re-created in the same plan counted as a change, not a loss.
 */
export function classifyPlan(
  found: { sql: string; skipped: boolean }[],
  context: ClassifyContext = {},
): Statement[] {
  const types =
    context.currentSchema !== undefined ? columnTypes(splitStatements(context.currentSchema)) : undefined;
  const codes = found.map((s) => codeOf(s.sql));
  const added = codes.map(addedConstraints);
  return found.map((statement, index) => {
    if (types) followRename(types, statement.sql);
    let verdict = classifyStatement(statement.sql, types);
    if (verdict?.risk === 'constraint') {
      const dropped = droppedConstraint(codes[index]!);
      const recreated =
        dropped &&
        added.some(
          (add, other) =>
            other !== index &&
            add?.table === dropped.table &&
            (dropped.primaryKey ? add.primaryKey : !!dropped.name && add.names.includes(dropped.name)),
        );
      if (recreated) verdict = undefined;
    }
    return verdict
      ? { sql: statement.sql, skipped: statement.skipped, destructive: verdict.reason, risk: verdict.risk }
      : { sql: statement.sql, skipped: statement.skipped };
  });
}

/** Whether a plan sets any column type (the current schema is needed to judge it). */
export function setsColumnTypes(statements: { sql: string }[]): boolean {
  return statements.some((s) => {
    const code = codeOf(s.sql).text;
    return ALTER_TABLE.test(code) && TYPE_SETTERS.some((setter) => code.match(setter) !== null);
  });
}
