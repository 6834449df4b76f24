// Workflow run artifacts: list a run's artifacts, download one through the 302 to the blob store.
import { describe, expect, it } from '@jest/globals';
import { readZip } from '../../../src/lib/zip.js';
import { SIGNED_URL_SECONDS, zipFiles } from '../../harness/github/index.js';
import { statusOf, useEmulator } from './setup.js';

const repo = { owner: 'acme', repo: 'infra' };

describe('GitHub emulator: workflow run artifacts', () => {
  const h = useEmulator();

  function seed() {
    h.github.state.createRepo('acme/infra', { files: { 'README.md': 'infra\n' } });
    const zip = zipFiles({ 'plans/a.tfplan': 'plan-a', 'a.result.json': '{"unit":"a"}' });
    const plans = h.github.state.artifacts.upload('acme/infra', 7, 'terragrunt-plans', zip, {
      headSha: 'a'.repeat(40),
      headBranch: 'change',
    });
    const other = h.github.state.artifacts.upload('acme/infra', 7, 'other', zipFiles({ x: 'x' }));
    h.github.state.artifacts.upload('acme/infra', 8, 'terragrunt-plans', zipFiles({ y: 'y' }));
    return { zip, plans, other };
  }

  it("lists a run's artifacts, newest first, filtered by name, with the run's head commit", async () => {
    const { plans, other } = seed();
    const all = await h.octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: 7 });
    expect(all.data.total_count).toBe(2);
    expect(all.data.artifacts.map((a) => a.id)).toEqual([other.id, plans.id]);
    const named = await h.octokit.rest.actions.listWorkflowRunArtifacts({
      ...repo,
      run_id: 7,
      name: 'terragrunt-plans',
    });
    expect(named.data.artifacts).toHaveLength(1);
    expect(named.data.artifacts[0]).toMatchObject({
      id: plans.id,
      expired: false,
      workflow_run: { id: 7, head_sha: 'a'.repeat(40), head_branch: 'change' },
    });
    expect(named.data.artifacts[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('downloads the zip through a 302 to another origin, without sending the token there', async () => {
    const { zip, plans } = seed();
    const response = await h.octokit.rest.actions.downloadArtifact({
      ...repo,
      artifact_id: plans.id,
      archive_format: 'zip',
    });
    const bytes = Buffer.from(response.data as ArrayBuffer);
    expect(bytes.equals(zip)).toBe(true);
    expect(readZip(bytes).get('plans/a.tfplan')!.read().toString()).toBe('plan-a');
    expect(h.github.calls.log.map((c) => [c.operation, c.status])).toEqual([
      ['actions/download-artifact', 302],
      ['blob', 200],
    ]);
  });

  it('signs the Location for a minute and refuses a token sent to the blob store', async () => {
    const { plans } = seed();
    const redirect = await fetch(`${h.github.apiUrl}/repos/acme/infra/actions/artifacts/${plans.id}/zip`, {
      headers: { authorization: `token ${h.github.token}` },
      redirect: 'manual',
    });
    expect(redirect.status).toBe(302);
    const location = redirect.headers.get('location')!;
    expect(new URL(location).origin).not.toBe(new URL(h.github.apiUrl).origin);
    const withToken = await fetch(location, { headers: { authorization: `token ${h.github.token}` } });
    expect(withToken.status).toBe(400);
    expect(h.github.takeViolations()).toEqual([
      expect.stringContaining('the blob store was sent an Authorization header'),
    ]);
    expect((await fetch(location)).status).toBe(200);
    const later = new Date(Date.now() + (SIGNED_URL_SECONDS + 1) * 1000);
    h.github.state.now = () => later;
    expect((await fetch(location)).status).toBe(403);
    expect((await fetch(location.replace(/sig=\w+/, 'sig=forged'))).status).toBe(403);
  });

  it('answers 410 for an expired artifact (listed with expired: true) and 404 for an unknown one', async () => {
    const { plans } = seed();
    h.github.state.artifacts.expire(plans.id);
    const listed = await h.octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: 7 });
    expect(listed.data.artifacts.find((a) => a.id === plans.id)!.expired).toBe(true);
    const gone = await statusOf(
      h.octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: plans.id, archive_format: 'zip' }),
    );
    expect(gone).toMatchObject({ status: 410, message: expect.stringContaining('Artifact has expired') });
    const missing = await statusOf(
      h.octokit.rest.actions.downloadArtifact({ ...repo, artifact_id: 999_999, archive_format: 'zip' }),
    );
    expect(missing.status).toBe(404);
  });

  it('expires an artifact when its retention has passed', async () => {
    h.github.state.createRepo('acme/infra', { files: { 'README.md': 'infra\n' } });
    const short = h.github.state.artifacts.upload('acme/infra', 9, 'p', zipFiles({ a: 'a' }), {
      retentionDays: 1,
    });
    const later = new Date(Date.now() + 2 * 86_400_000);
    h.github.state.now = () => later;
    const listed = await h.octokit.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: 9 });
    expect(listed.data.artifacts[0]).toMatchObject({ id: short.id, expired: true });
  });

  it("refuses a user who cannot read the repository, and validates the run's parameters", async () => {
    seed();
    h.github.state.addToken('ghp_stranger', 'stranger');
    const stranger = h.client('ghp_stranger');
    expect(
      (await statusOf(stranger.rest.actions.listWorkflowRunArtifacts({ ...repo, run_id: 7 }))).status,
    ).toBe(404);
    const bad = await fetch(`${h.github.apiUrl}/repos/acme/infra/actions/runs/seven/artifacts`, {
      headers: { authorization: `token ${h.github.token}` },
    });
    expect(bad.status).toBe(422);
    expect(h.github.takeViolations()).toHaveLength(1);
  });
});
