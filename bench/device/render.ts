/**
 * `node bench.mjs render bench.json` (the device bundle, bench/device/entry.ts): prints the table `npm run bench` prints
 * without --json, from the report `npm run bench -- --json` wrote, so one run gives both.
 */
import { readFileSync } from 'node:fs';
import { type BackendStatus, describePlan, type Plan, reportBody, type TimeToAccuracy, type Timing } from '../timing.ts';

interface Report {
  date: string;
  machine: { cpu: string; cores: number; node: string; tfjs: string };
  quick: boolean;
  plan: Plan;
  backends: BackendStatus[];
  timings: Timing[];
  timeToAccuracy: TimeToAccuracy | { skipped: string };
}

export function main(args: string[]): void {
  const report = JSON.parse(readFileSync(args[0] ?? 0, 'utf8')) as Report;
  const m = report.machine;
  const lines = [
    `${report.date}  ${m.cpu}, ${m.cores} cores, Node ${m.node}, tf.js ${m.tfjs}${report.quick ? '  (--quick)' : ''}`,
    `${describePlan(report.plan)}; N_in 2, N_out 2, N_batch 128, 200 steps`,
    '',
    ...reportBody(report.timings, report.backends, report.timeToAccuracy, ''),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
