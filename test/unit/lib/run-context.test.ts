import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeRange, readRunContext } from '../../../src/lib/run-context.js';

const BASE = 'b'.repeat(40);
const HEAD = 'h'.repeat(40);

function contextOf(eventName: string, event: Record<string, unknown>) {
  const dir = mkdtempSync(join(tmpdir(), 'run-context-'));
  try {
    writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
    return readRunContext({ GITHUB_EVENT_NAME: eventName, GITHUB_EVENT_PATH: join(dir, 'event.json') });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('changeRange', () => {
  it("compares a merge group's queued merge result with its base (two dots: it is built on the base)", () => {
    const context = contextOf('merge_group', {
      action: 'checks_requested',
      merge_group: {
        head_sha: HEAD,
        head_ref: 'refs/heads/gh-readonly-queue/main/pr-7-' + BASE,
        base_sha: BASE,
        base_ref: 'refs/heads/main',
      },
    });
    expect(changeRange(context)).toEqual({ base: BASE, head: HEAD, threeDot: false });
    expect([context.baseSha, context.headSha]).toEqual([BASE, HEAD]);
  });

  it("compares a pull request's head with its base (three dots), and a push's before with after", () => {
    expect(
      changeRange(
        contextOf('pull_request', { pull_request: { number: 1, base: { sha: BASE }, head: { sha: HEAD } } }),
      ),
    ).toEqual({ base: BASE, head: HEAD, threeDot: true });
    expect(changeRange(contextOf('push', { before: BASE, after: HEAD }))).toEqual({
      base: BASE,
      head: HEAD,
      threeDot: false,
    });
  });

  it("has no range for a branch's first push or an event without commits", () => {
    expect(changeRange(contextOf('push', { before: '0'.repeat(40), after: HEAD }))).toBeUndefined();
    expect(changeRange(contextOf('schedule', { schedule: '0 6 * * *' }))).toBeUndefined();
  });
});
