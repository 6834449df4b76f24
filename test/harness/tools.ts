import { missingTools } from './tool-path.js';

export { actionsNode, findTool, missingTools, TOOLS_BIN, TOOLS_PATH } from './tool-path.js';

// Uses jest's injected globals (not @jest/globals) so that scripts outside jest can import this module.

/**
 * describe() for tests that need real tools. Where one is missing the suite is skipped with a message
 * naming it and the install command — except in CI (CI=true), where a missing tool is a failure.
 */
export function describeWithTools(tools: string[], name: string, fn: () => void): void {
  const missing = missingTools(tools);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const message = `needs ${missing.join(', ')}: install with \`npm run provision\` (scripts/provision)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has its tools installed', () => {
        throw new Error(`${name} ${message}`);
      });
    });
  } else {
    process.stderr.write(`skip: ${name} — ${message}\n`);
    describe.skip(`${name} (${message})`, fn);
  }
}
