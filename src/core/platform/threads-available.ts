/**
 * How many threads training may use on this platform, and why — a pure function of what the runtime reports, so the
 * page, its workers and the tests ask the same question the same way.
 *
 * Threaded kernels split a batch's trials over workers that share one WebAssembly memory, which needs
 * SharedArrayBuffer. Browsers give it only to a cross-origin-isolated page (served with COOP same-origin and COEP
 * require-corp, README › Hosting); Node always has it and has no notion of isolation (`crossOriginIsolated`
 * undefined). The count is the cores reported, capped at MAX_THREADS: past that, a 128-trial batch splits into
 * groups too small to pay for the hand-offs between threads.
 */

/** The most threads training uses, whatever the core count. */
export const MAX_THREADS = 8;

/** What the runtime reports: `globalThis.crossOriginIsolated`, `navigator.hardwareConcurrency`, and whether `SharedArrayBuffer` exists. */
export interface PlatformReport {
  /** undefined where the runtime has no such notion (Node) */
  crossOriginIsolated: boolean | undefined;
  /** undefined or not a positive number where the runtime does not say */
  hardwareConcurrency: number | undefined;
  sharedArrayBuffer: boolean;
}

export interface ThreadsAvailable {
  /** 1 where threads cannot be used, else 1 … MAX_THREADS */
  threads: number;
  /** a sentence for a person: why this count */
  reason: string;
}

/** The cores reported as a whole number ≥ 1, or undefined where the count is missing or not a positive number. */
function coresReported(hardwareConcurrency: number | undefined): number | undefined {
  return hardwareConcurrency !== undefined && Number.isFinite(hardwareConcurrency) && hardwareConcurrency >= 1 ? Math.floor(hardwareConcurrency) : undefined;
}

export function threadsAvailable(report: PlatformReport): ThreadsAvailable {
  if (report.crossOriginIsolated === false) {
    return { threads: 1, reason: 'this page is not cross-origin isolated (its host does not send COOP/COEP headers; see README › Hosting)' };
  }
  if (!report.sharedArrayBuffer) {
    return { threads: 1, reason: 'this runtime has no SharedArrayBuffer, which threads share memory through' };
  }
  const cores = coresReported(report.hardwareConcurrency);
  if (cores === undefined) return { threads: 1, reason: 'the runtime does not report how many cores it has' };
  if (cores === 1) return { threads: 1, reason: 'the platform reports one core' };
  const threads = Math.min(cores, MAX_THREADS);
  const where = report.crossOriginIsolated ? 'page is cross-origin isolated' : 'shared memory available';
  const capped = cores > MAX_THREADS ? `, ${cores} cores reported, capped at ${MAX_THREADS}` : '';
  return { threads, reason: `${where}${capped}` };
}

/** The report of the runtime this runs in (a page, a worker or Node). */
export function currentPlatform(): PlatformReport {
  const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  return {
    crossOriginIsolated: typeof g.crossOriginIsolated === 'boolean' ? g.crossOriginIsolated : undefined,
    hardwareConcurrency: g.navigator?.hardwareConcurrency,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
  };
}

/** The line the run bar shows, e.g. "CPU threads: up to 8 (page is cross-origin isolated)". */
export function threadsLine(available: ThreadsAvailable): string {
  return available.threads > 1 ? `CPU threads: up to ${available.threads} (${available.reason})` : `Single-threaded: ${available.reason}`;
}
