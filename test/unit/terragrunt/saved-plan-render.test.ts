// The plan comment's record for /apply (run, artifact, base, removed units' hashes) and its removed section.
import { describe, expect, it } from '@jest/globals';
import { planFileName } from '../../../src/terragrunt/plan-files.js';
import { parsePlanHashes, parseSavedPlans, renderPlanComment } from '../../../src/terragrunt/plan-render.js';
import { emptyResult, type UnitResult } from '../../../src/terragrunt/types.js';

const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const changed: UnitResult = {
  ...emptyResult('live/app'),
  status: 'changes',
  add: 1,
  planHash: 'h-app',
  diff: 'OpenTofu will perform the following actions:\n\n  + resource "terraform_data" "app" {}\n',
};
const removed: UnitResult = {
  ...emptyResult('live/old'),
  status: 'changes',
  destroy: 2,
  planHash: 'h-old',
  removed: true,
  diff: 'OpenTofu will perform the following actions:\n\n  - resource "terraform_data" "old" {}\n',
};
const render = (results: UnitResult[], removedUnits = ['live/old']) =>
  renderPlanComment(results, {
    workflow: 'infra',
    dir: '.',
    headSha: HEAD,
    runId: 42,
    baseSha: BASE,
    artifactName: 'terragrunt-plans',
    applyHint: true,
    removed: removedUnits,
  }).body;

describe('plan comment of a change that removes a unit', () => {
  it('records the run, the artifact, the base and the removed hashes apart from the planned ones', () => {
    const body = render([changed, removed]);
    expect([...parsePlanHashes(body)]).toEqual([['live/app', 'h-app']]);
    const saved = parseSavedPlans(body);
    expect(saved).toMatchObject({ run: 42, artifact: 'terragrunt-plans', base: BASE });
    expect([...saved.removed]).toEqual([['live/old', 'h-old']]);
  });

  it('shows the destroy in its own section, under the destroy banner, with the --allow-destroy hint', () => {
    const body = render([changed, removed]);
    const banner = body.indexOf('> [!CAUTION]');
    const section = body.indexOf('### Removed units: destroy planned from the base commit bbbbbbb');
    expect(banner).toBeGreaterThan(0);
    expect(section).toBeGreaterThan(banner);
    expect(body).toContain('**2 resources destroyed** in `live/old`');
    expect(body).toContain('needs `/apply --allow-destroy live/old`');
    expect(body).toContain('| `live/old` | 2 | ⚠️ destroys |');
    // The planned unit's table does not list the removed one; its diff is after the section heading.
    expect(body.slice(0, section)).not.toContain('| `live/old` |');
    expect(body.indexOf('<code>live/old</code> — 2 to destroy')).toBeGreaterThan(section);
    expect(body).toMatch(/^- {3}resource "terraform_data" "old"/m);
    expect(body).toContain('Comment `/apply --allow-destroy <unit>` to destroy a removed unit.');
    expect(body).not.toContain('nothing is planned for');
  });

  it('keeps the warning for a removed unit that was not planned', () => {
    const body = render([changed], ['live/gone']);
    expect(body).toContain('Config deleted for `live/gone`: nothing is planned for it');
    expect(parseSavedPlans(body).removed.size).toBe(0);
  });

  it('says when a removed unit has nothing to destroy', () => {
    const body = render([{ ...removed, status: 'no-changes', destroy: 0 }]);
    expect(body).toContain('| `live/old` | 0 | ✅ nothing to destroy |');
    expect(body).not.toContain('[!CAUTION]');
  });

  it('reads comments written before the record existed as having no saved plans', () => {
    const body = renderPlanComment([changed], { workflow: 'infra', dir: '.', headSha: HEAD }).body;
    expect(parseSavedPlans(body)).toEqual({ removed: new Map() });
  });
});

describe('plan file names', () => {
  it('differ by unit, head commit and plan hash, and keep the unit readable', () => {
    const name = planFileName('live/app', HEAD, 'h');
    expect(name).toMatch(/^live_app\.[0-9a-f]{32}\.tfplan$/);
    expect(
      new Set([name, planFileName('live/app', BASE, 'h'), planFileName('live/app', HEAD, 'g')]).size,
    ).toBe(3);
    expect(planFileName('live/a_b', HEAD, 'h')).not.toBe(planFileName('live/a/b', HEAD, 'h'));
  });
});
