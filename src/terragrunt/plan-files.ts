// The reviewed plan files: the plan run keeps each unit's saved plan under a name keyed by unit, head commit
// and plan hash (uploaded with the results directory as the run's artifact), and `/apply` downloads the
// artifact of the run that wrote the plan comment to apply exactly those files.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GitHubClient, Repo } from '../lib/github-client.js';
import type { Logger } from '../lib/logger.js';
import { readZip } from '../lib/zip.js';
import type { UnitResult } from './types.js';

const slug = (unit: string) => unit.replace(/[^A-Za-z0-9._-]+/g, '_');

/** The file name of a unit's reviewed plan: `<unit slug>.<key>.tfplan`, unique per unit, head and plan hash. */
export function planFileName(unit: string, headSha: string, planHash: string): string {
  const key = createHash('sha256').update(`${unit}\n${headSha}\n${planHash}`).digest('hex').slice(0, 32);
  return `${slug(unit)}.${key}.tfplan`;
}

/**
 * Moves each planned unit's saved plan (`planFileOf`) to its keyed name in `planDir`, the directory the
 * artifact carries as `plans/`.
 */
export function keepPlanFiles(
  results: UnitResult[],
  planFileOf: (result: UnitResult) => string,
  planDir: string,
  headSha: string,
): void {
  mkdirSync(planDir, { recursive: true });
  for (const result of results) {
    if (result.status === 'failed' || !result.planHash) continue;
    const from = planFileOf(result);
    if (existsSync(from))
      renameSync(from, join(planDir, planFileName(result.unit, headSha, result.planHash)));
  }
}

export interface SavedPlansRequest {
  /** The run that wrote the plan comment. */
  runId: number;
  /** Artifact name, or the prefix of several (`<name>-<n>` from matrix jobs). */
  artifact: string;
  headSha: string;
  units: { unit: string; planHash: string }[];
}

export interface SavedPlans {
  /** Downloaded plan file per unit. */
  files: Map<string, string>;
  /** Why no saved plan could be used (expired, missing), when none was found. */
  unavailable?: string;
}

interface ArtifactInfo {
  id: number;
  name: string;
  expired: boolean;
  digest?: string | null;
  workflow_run?: { id?: number } | null;
}

/**
 * Downloads the reviewed plan files from the artifacts of the run that planned them into `dir`: one list
 * call, then one download per matching artifact until every unit's file is found. An expired or missing
 * artifact is reported in `unavailable`, never thrown.
 */
export async function downloadSavedPlans(
  octokit: GitHubClient,
  repo: Repo,
  request: SavedPlansRequest,
  dir: string,
  logger: Logger,
): Promise<SavedPlans> {
  const files = new Map<string, string>();
  const artifacts = (await octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, {
    ...repo,
    run_id: request.runId,
    per_page: 100,
  })) as ArtifactInfo[];
  const matching = artifacts.filter(
    (a) =>
      (a.name === request.artifact || a.name.startsWith(`${request.artifact}-`)) &&
      (a.workflow_run?.id === undefined || a.workflow_run.id === request.runId),
  );
  const where = `the \`${request.artifact}\` artifact of run ${request.runId}`;
  if (matching.length === 0) return { files, unavailable: `${where} does not exist` };
  const live = matching.filter((a) => !a.expired);
  if (live.length === 0) return { files, unavailable: `${where} has expired` };
  const wanted = new Map(
    request.units.map(({ unit, planHash }) => [planFileName(unit, request.headSha, planHash), unit]),
  );
  mkdirSync(dir, { recursive: true });
  let expired = 0;
  for (const artifact of live) {
    if (files.size === wanted.size) break;
    let archive: Buffer;
    try {
      const response = await octokit.rest.actions.downloadArtifact({
        ...repo,
        artifact_id: artifact.id,
        archive_format: 'zip',
      });
      archive = Buffer.from(response.data as ArrayBuffer);
    } catch (error) {
      if ((error as { status?: number }).status === 410) {
        expired++;
        continue;
      }
      throw error;
    }
    const digest = `sha256:${createHash('sha256').update(archive).digest('hex')}`;
    if (artifact.digest && artifact.digest !== digest) {
      logger.warning(`Artifact ${artifact.name} does not match its digest ${artifact.digest}: not used.`);
      continue;
    }
    for (const entry of readZip(archive).values()) {
      const name = entry.name.split('/').pop() ?? '';
      const unit = wanted.get(name);
      if (unit === undefined || files.has(unit)) continue;
      // The name is ours (planFileName), never the archive's path: nothing lands outside `dir`.
      const path = join(dir, name);
      writeFileSync(path, entry.read());
      files.set(unit, path);
    }
  }
  if (files.size === 0 && expired === live.length) return { files, unavailable: `${where} has expired` };
  if (files.size === 0) return { files, unavailable: `${where} holds none of the reviewed plan files` };
  return { files };
}
