/**
 * The one file bench/device/prepare.mjs bundles (.gpu-bench/bench/bench.mjs):
 *   node bench.mjs [bench options]      `npm run bench` (bench/run.ts)
 *   node bench.mjs smoke [BACKEND]      bench/device/smoke.ts
 *   node bench.mjs render bench.json    bench/device/render.ts: the table, from `--json` output
 */
const [command, ...args] = process.argv.slice(2);

async function sub(load: () => Promise<{ main(args: string[]): Promise<void> | void }>): Promise<void> {
  try {
    await (await load()).main(args);
    process.exit(0);
  } catch (error) {
    process.stderr.write(`bench ${command}: ${(error as Error).stack ?? error}\n`);
    process.exit(1);
  }
}

if (command === 'smoke') await sub(() => import('./smoke.ts'));
else if (command === 'render') await sub(() => import('./render.ts'));
else await import('../run.ts');

export {};
