// The pull request body: free text, a table of file / key / old → new, details, and a link to the run. The rows are
// also kept as JSON in an HTML comment, so a later run updating the same PR keeps the earlier rows.

export interface ChangeRow {
  file: string;
  key?: string;
  old?: string;
  new?: string;
}

const MARKER = 'platform-actions:changes';

const cell = (value: string | undefined) =>
  value === undefined || value === ''
    ? ''
    : `\`${value.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;

export function renderBody(input: {
  text?: string;
  rows: ChangeRow[];
  details?: string;
  runUrl?: string;
}): string {
  const parts: string[] = [];
  if (input.text) parts.push(input.text.trim());
  if (input.rows.length > 0) {
    const hasKeys = input.rows.some((row) => row.key !== undefined);
    const lines = hasKeys
      ? [
          '| File | Key | Old | New |',
          '|---|---|---|---|',
          ...input.rows.map(
            (row) => `| ${cell(row.file)} | ${cell(row.key)} | ${cell(row.old)} | ${cell(row.new)} |`,
          ),
        ]
      : ['| File |', '|---|', ...input.rows.map((row) => `| ${cell(row.file)} |`)];
    parts.push(lines.join('\n'));
  }
  if (input.details) parts.push(input.details.trim());
  if (input.runUrl) parts.push(`Opened by [this workflow run](${input.runUrl}).`);
  parts.push(`<!-- ${MARKER} ${JSON.stringify(input.rows).replace(/--/g, '\\u002d\\u002d')} -->`);
  return parts.join('\n\n') + '\n';
}

export function parseRows(body: string | undefined): ChangeRow[] {
  const match = body?.match(new RegExp(`<!-- ${MARKER} (.*) -->`));
  if (!match?.[1]) return [];
  try {
    const rows = JSON.parse(match[1]) as unknown;
    return Array.isArray(rows) ? rows.filter((row): row is ChangeRow => typeof row?.file === 'string') : [];
  } catch {
    return [];
  }
}

/** Rows of the existing body updated with new ones; a value changed twice keeps its first old value. */
export function mergeRows(existingBody: string | undefined, rows: ChangeRow[]): ChangeRow[] {
  const merged = parseRows(existingBody);
  for (const row of rows) {
    const at = merged.findIndex((old) => old.file === row.file && old.key === row.key);
    if (at < 0) merged.push(row);
    else merged[at] = { ...row, old: merged[at]?.old ?? row.old };
  }
  return merged;
}
