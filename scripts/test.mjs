#!/usr/bin/env node
/**
 * `npm test`: the type check, the import rules (dependency-cruiser, .dependency-cruiser.cjs), Vitest unit tests, then
 * `vite build` and the Playwright e2e tests, then one closing line
 *   total: N passed, N failed, N skipped
 * summed over both runners (CI reads that line; it must stay the last line printed).
 * Exits non-zero when any test failed, the type check or an import rule failed, or a runner or the build crashed.
 *
 *   npm test                        unit + build + e2e
 *   npm test -- src/core/rng        arguments go to vitest; e2e is then skipped (a filtered run is a unit run)
 *   COGRNN_SKIP_E2E=1 npm test      unit tests only
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const vitestArgs = process.argv.slice(2);
const skipE2E = process.env.COGRNN_SKIP_E2E === '1' || vitestArgs.length > 0;
const workDir = mkdtempSync(join(tmpdir(), 'cogrnn-test-'));

/** Runs a command with inherited stdio; resolves to its exit code (a spawn error or signal counts as 1). */
function run(command, args, env = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
      shell: process.platform === 'win32',
    });
    child.on('error', (error) => {
      console.error(`[test] could not start ${command}: ${error.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(signal ? 1 : (code ?? 1)));
  });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

/** Counts from Vitest's JSON report. A file that failed to load (no failed test in it) counts as one failure. */
function vitestCounts(report) {
  const failedFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'),
  ).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + failedFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

/** Counts from Playwright's JSON report: flaky tests passed on retry. */
function playwrightCounts(report) {
  const stats = report.stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
  };
}

const total = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function add(counts) {
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}

/** Adds a runner's counts; a non-zero exit with no failure counted is a crash. */
function record(name, code, counts) {
  if (counts) add(counts);
  if (code !== 0 && !(counts && counts.failed > 0)) {
    problems.push(`${name} exited with code ${code}${counts ? '' : ' and wrote no report'}`);
  }
}

try {
  if (vitestArgs.length === 0) {
    console.log('[test] tsc --noEmit');
    const typecheckCode = await run(bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
    if (typecheckCode !== 0) problems.push(`the type check (tsc) exited with code ${typecheckCode}`);
    console.log('[test] depcruise src (import rules)');
    const depsCode = await run(bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs']);
    if (depsCode !== 0) problems.push(`the import rules (depcruise, npm run lint:deps) exited with code ${depsCode}`);
  }
  const vitestJson = join(workDir, 'vitest.json');
  const vitestCode = await run(bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
    ...vitestArgs,
  ]);
  const vitestReport = existsSync(vitestJson) ? readJson(vitestJson) : null;
  record('vitest', vitestCode, vitestReport && vitestCounts(vitestReport));

  if (skipE2E) {
    console.log(
      `\n[test] e2e skipped (${vitestArgs.length > 0 ? 'arguments were given to vitest' : 'COGRNN_SKIP_E2E=1'})`,
    );
  } else {
    console.log('\n[test] vite build');
    const buildCode = await run(bin('vite'), ['build', '--logLevel', 'warn']);
    if (buildCode !== 0) {
      problems.push(`vite build exited with code ${buildCode}; e2e not run`);
    } else {
      console.log('[test] playwright test');
      const playwrightJson = join(workDir, 'playwright.json');
      const playwrightCode = await run(bin('playwright'), ['test', '--reporter=list,json'], {
        PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
        COGRNN_PREBUILT: '1',
      });
      const playwrightReport = existsSync(playwrightJson) ? readJson(playwrightJson) : null;
      for (const error of playwrightReport?.errors ?? []) {
        problems.push(`playwright: ${(error.message ?? String(error)).split('\n')[0]}`);
      }
      record('playwright', playwrightCode, playwrightReport && playwrightCounts(playwrightReport));
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

for (const problem of problems) console.log(`[test] ${problem}`);
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 || problems.length > 0 ? 1 : 0;
