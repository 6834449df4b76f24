// Prints one plain closing line, "N passed, N failed, N skipped", that CI reads. A skipped test is not a pass:
// the run fails when any test was skipped, unless ALLOW_SKIPS=1 (or a -t/--testNamePattern filter skipped it).
class SummaryReporter {
  constructor(globalConfig) {
    this.filtered = Boolean(globalConfig.testNamePattern);
    this.error = undefined;
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\ntests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
    if (skipped > 0 && !this.filtered && process.env.ALLOW_SKIPS !== '1') {
      const files = results.testResults
        .filter((file) => file.numPendingTests + file.numTodoTests > 0)
        .map((file) => file.testFilePath.replace(`${process.cwd()}/`, ''));
      this.error = new Error(
        `${skipped} test(s) skipped in ${files.join(', ')}: a skipped test is not a pass. ` +
          'Install what they need with `npm run provision`, or set ALLOW_SKIPS=1 to accept the skips.',
      );
      process.stdout.write(`tests: FAILED: ${this.error.message}\n`);
    }
  }

  getLastError() {
    return this.error;
  }
}
module.exports = SummaryReporter;
