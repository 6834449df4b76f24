// The Terragrunt and OpenTofu versions a repository pins: `.terragrunt-version`, `.opentofu-version`,
// `.tool-versions` (asdf) or `mise.toml`, the nearest directory from the working directory up to the checkout.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ConfigurationError } from '../lib/errors.js';
import { confinePath, isInside } from '../lib/paths.js';

export type PinnedTool = 'terragrunt' | 'tofu';

export interface PinnedVersion {
  version: string;
  /** The file that pins it, relative to the checkout. */
  file: string;
}

const DEDICATED: Record<PinnedTool, string> = {
  terragrunt: '.terragrunt-version',
  tofu: '.opentofu-version',
};
/** Names a tool goes by in `.tool-versions` and mise's `[tools]`. */
const NAMES: Record<PinnedTool, string[]> = {
  terragrunt: ['terragrunt', 'aqua:gruntwork-io/terragrunt'],
  tofu: ['opentofu', 'tofu', 'aqua:opentofu/opentofu'],
};

/** `1.0.0` or `v1.0.0` (a pre-release such as `1.10.0-rc1` too) → `1.0.0`; anything else is refused. */
export function normalizeToolVersion(raw: string, where: string): string {
  const version = raw.trim().replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$/.test(version)) {
    throw new ConfigurationError(
      `${where} must be an exact release version like 1.0.0, got '${raw.trim()}'.`,
    );
  }
  return version;
}

function fromToolVersions(text: string, tool: PinnedTool): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const [name, version] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (name && version && NAMES[tool].includes(name)) return version;
  }
  return undefined;
}

/** The version of `tool` in mise's `[tools]` table: `name = "1.0.0"`, `["1.0.0", …]` or `{ version = "1.0.0" }`. */
function fromMise(text: string, tool: PinnedTool): string | undefined {
  let inTools = false;
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.replace(/\s#.*$/, '').trim();
    if (/^\[.*\]$/.test(trimmed)) {
      inTools = trimmed === '[tools]';
      continue;
    }
    if (!inTools) continue;
    const match = /^("?)([^"=\s]+)\1\s*=\s*(.+)$/.exec(trimmed);
    if (!match || !NAMES[tool].includes(match[2]!)) continue;
    const value =
      /^\{.*\bversion\s*=\s*["']([^"']*)["']/.exec(match[3]!) ?? /^\[?\s*["']([^"']*)["']/.exec(match[3]!);
    return value?.[1] ?? match[3];
  }
  return undefined;
}

function readPin(dir: string, checkout: string, tool: PinnedTool): PinnedVersion | undefined {
  const candidates: [string, (text: string) => string | undefined][] = [
    [DEDICATED[tool], (text) => text.split(/\r?\n/).find((line) => line.trim() && !line.startsWith('#'))],
    ['.tool-versions', (text) => fromToolVersions(text, tool)],
    ['mise.toml', (text) => fromMise(text, tool)],
    ['.mise.toml', (text) => fromMise(text, tool)],
  ];
  for (const [name, read] of candidates) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    const file = relative(checkout, path);
    const real = confinePath(checkout, file, `${tool}-version`);
    const raw = read(readFileSync(real, 'utf8'));
    if (raw === undefined) continue;
    return { version: normalizeToolVersion(raw, `${file} (its ${tool} version)`), file };
  }
  return undefined;
}

/**
 * The pinned version of each tool: in each directory from `workingDirectory` up to `checkout`, the tool's
 * own file first, then `.tool-versions`, then `mise.toml`; the nearest directory wins.
 */
export function findPinnedVersions(
  checkout: string,
  workingDirectory: string,
): Partial<Record<PinnedTool, PinnedVersion>> {
  const root = resolve(checkout);
  const pins: Partial<Record<PinnedTool, PinnedVersion>> = {};
  let dir = resolve(root, workingDirectory);
  if (!isInside(root, dir)) return pins;
  for (;;) {
    for (const tool of ['terragrunt', 'tofu'] as const) pins[tool] ??= readPin(dir, root, tool);
    if (dir === root || (pins.terragrunt && pins.tofu)) return pins;
    dir = dirname(dir);
  }
}
