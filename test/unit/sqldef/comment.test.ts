import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  COMMENT_LIMIT,
  commentMarker,
  renderReport,
  type ReportContext,
} from '../../../src/sqldef/comment.js';
import type { MigrateResult } from '../../../src/sqldef/migrate.js';
import { parseSqldefOutput, statementsHash } from '../../../src/sqldef/statements.js';

const GOLDEN = new URL('./golden', import.meta.url).pathname;

/** Compares with test/unit/sqldef/golden/<name>.md; UPDATE_GOLDEN=1 rewrites the file. */
function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN, `${name}.md`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    if (process.env.UPDATE_GOLDEN !== '1')
      throw new Error(`wrote new golden file ${name}.md: check it and rerun`);
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

const context: ReportContext = {
  engine: 'postgres',
  label: 'production',
  schemaFiles: ['db/schema.sql'],
  runUrl: 'https://github.com/acme/shop/actions/runs/42',
};

function resultOf(
  mode: MigrateResult['mode'],
  stdout: string,
  extra: Partial<MigrateResult> = {},
): MigrateResult {
  const { statements } = parseSqldefOutput(stdout);
  return {
    mode,
    statements,
    changed: statements.length > 0,
    hasDestructive: statements.some((s) => s.destructive),
    statementsHash: statementsHash(statements),
    refused: [],
    applied: false,
    appliedStatements: [],
    skipped: [],
    constraintDropsGated: false,
    sqldefMs: 0,
    ...extra,
  };
}

const PLAN = [
  '-- dry run --',
  'BEGIN;',
  'ALTER TABLE "public"."users" ADD COLUMN "email" text;',
  'CREATE TABLE "public"."orders" (',
  '  id bigint PRIMARY KEY,',
  "  status text NOT NULL DEFAULT 'new'",
  ');',
  'ALTER TABLE "public"."users" ALTER COLUMN "name" TYPE varchar(10);',
  '-- Skipped: DROP TABLE "public"."posts";',
  'COMMIT;',
].join('\n');

describe('renderReport', () => {
  it('says one line when nothing changes', () => {
    expectGolden('no-changes', renderReport(resultOf('dry-run', '-- Nothing is modified --\n'), context));
  });

  it('shows additive DDL without a banner', () => {
    const body = renderReport(
      resultOf(
        'dry-run',
        '-- dry run --\nBEGIN;\nALTER TABLE "public"."users" ADD COLUMN "email" text;\nCOMMIT;\n',
      ),
      context,
    );
    expect(body).not.toContain('CAUTION');
    expectGolden('additive', body);
  });

  it('puts the destructive banner on top and lists skipped drops', () => {
    const body = renderReport(resultOf('dry-run', PLAN), context);
    expect(body.indexOf('[!CAUTION]')).toBeLessThan(body.indexOf('```sql'));
    expectGolden('destructive-dry-run', body);
  });

  it('reports a refused apply and an applied one', () => {
    const refused = resultOf('apply', PLAN.replace('-- Skipped: ', ''));
    refused.refused = refused.statements.filter((s) => s.destructive);
    expectGolden('apply-refused', renderReport(refused, { ...context, engine: 'mysql', label: 'shop' }));
    const applied = resultOf('apply', PLAN.replace('-- Skipped: ', ''), { applied: true });
    applied.appliedStatements = applied.statements;
    expectGolden('apply-done', renderReport(applied, context));
  });

  it('groups the banner by class, marks constraint drops as shown only, and names what sqldef skipped', () => {
    const plan = [
      '-- dry run --',
      'DROP POLICY "p" ON "public"."docs";',
      'REVOKE SELECT ON "public"."docs" FROM "app";',
      'ALTER TABLE "public"."docs" DROP CONSTRAINT "docs_fk";',
      'ALTER TABLE "public"."docs" DROP COLUMN "old";',
      'COMMENT ON TABLE "public"."docs" IS \'DROP TABLE later\';',
    ].join('\n');
    const applied = resultOf('apply', plan, { applied: true });
    applied.appliedStatements = applied.statements.slice(0, 4);
    applied.skipped = applied.statements.slice(4).map((s) => ({ ...s, skipped: true }));
    const body = renderReport(applied, context);
    expect(body).toContain('1 statement removes a security policy');
    expect(body).toContain('1 statement drops a constraint**: drops a constraint (shown, not gated)');
    expect(body).toContain('sqldef skipped 1 planned statement');
    expectGolden('classes-and-skipped', body);
  });

  it('keeps a huge plan under the comment limit, cut on statement boundaries', () => {
    const lines = ['-- dry run --', 'BEGIN;'];
    for (let i = 0; i < 3000; i++)
      lines.push(`CREATE TABLE "public"."table_${i}" (id bigint PRIMARY KEY, name text);`);
    lines.push('COMMIT;');
    const body = renderReport(resultOf('offline', lines.join('\n')), context);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body.length).toBeLessThan(65_536);
    expect(body).toMatch(/… \d+ more statements not shown/);
    expect(body).toMatch(/```sql\n[\s\S]*\);\n```/); // the fence closes after a whole statement
    expect(body.endsWith('[workflow run](https://github.com/acme/shop/actions/runs/42)\n')).toBe(true);
  });

  it('chooses a longer fence when the SQL holds backticks', () => {
    const body = renderReport(resultOf('dry-run', '-- dry run --\nCREATE TABLE `a``` (id int);\n'), context);
    expect(body).toContain('````sql\n');
  });
});

describe('commentMarker', () => {
  it('differs per engine, label and schema file and stays a valid HTML comment', () => {
    const a = commentMarker(context);
    expect(a).toBe('<!-- sqldef-migrate: postgres production db/schema.sql -->');
    expect(commentMarker({ ...context, label: 'staging' })).not.toBe(a);
    expect(commentMarker({ ...context, schemaFiles: ['db/other.sql'] })).not.toBe(a);
    expect(commentMarker({ ...context, label: 'a-->b' })).toBe(
      '<!-- sqldef-migrate: postgres a->b db/schema.sql -->',
    );
  });
});
