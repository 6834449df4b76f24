import { expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/run-action.js';
import { describeWithTools, findTool } from '../../harness/tools.js';
import { workflowFiles } from './workflow-files.js';

describeWithTools(['actionlint'], 'actionlint', () => {
  it('passes every workflow and example', () => {
    const files = workflowFiles().map((file) => join(REPO_ROOT, file.path));
    const result = spawnSync(findTool('actionlint') ?? 'actionlint', ['-no-color', ...files], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
