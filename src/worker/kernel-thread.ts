/**
 * One kernel thread of the page's pool (src/core/kernels/cpu/threads/): a same-origin worker file, since the app's
 * CSP allows workers only from 'self', that runs the pool's generic thread loop (WORKER_SOURCE: instantiate the
 * shared-memory kernels it is sent, then wait for jobs). It runs no code a person brought: only our kernels.
 */
import { WORKER_SOURCE } from '../core/kernels/cpu/threads/worker-source.ts';

// WORKER_SOURCE is a string so that Node can start it with no bundler; here the bundled module evaluates it once
// ('unsafe-eval' is in the app's script-src for the task compiler)
new Function(WORKER_SOURCE)();
