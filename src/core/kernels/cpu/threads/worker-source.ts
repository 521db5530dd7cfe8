/**
 * The code every kernel thread runs, as a string, so it starts with no bundler help: Node
 * `new Worker(WORKER_SOURCE, { eval: true })`, browsers a Blob URL. It instantiates the kernels it is sent over their
 * shared memories, says ready, then loops: Atomics.wait for its slot's job number to change, call the named export
 * with the slot's numeric arguments, record done (or the error's message) and Atomics.notify. Generic on purpose:
 * nothing in it knows which kernel or function it runs (./pool.ts is the caller's side).
 *
 * Control block (one SharedArrayBuffer): per slot, CONTROL_INTS Int32 fields (below); then per slot MAX_ARGS
 * Float64 arguments; then per slot ERROR_CHARS UTF-16 code units of the last error's message.
 */

/** Int32 fields of one slot: job number posted, job number done, 0 ok / 1 error, kernel, export, argument count, error length */
export const FIELD = { seq: 0, done: 1, status: 2, kernel: 3, fn: 4, argc: 5, errorLength: 6 } as const;
export const CONTROL_INTS = 8;
export const MAX_ARGS = 32;
export const ERROR_CHARS = 400;
/** the export index that tells a thread to leave its loop */
export const STOP = -1;

/** byte offsets of the argument and error regions for `slots` slots */
export function controlLayout(slots: number) {
  const argsByte = Math.ceil((slots * CONTROL_INTS * 4) / 8) * 8;
  const errorByte = argsByte + slots * MAX_ARGS * 8;
  return { argsByte, errorByte, bytes: errorByte + slots * ERROR_CHARS * 2 };
}

/** what a thread is sent once, at start */
export interface ThreadStart {
  modules: WebAssembly.Module[];
  memories: WebAssembly.Memory[];
  /** per module, the exports a job may name, by index */
  exports: string[][];
  control: SharedArrayBuffer;
  slot: number;
  layout: { argsByte: number; errorByte: number; stride: number; maxArgs: number; errorChars: number; stop: number; field: typeof FIELD };
}

export const WORKER_SOURCE = `'use strict';
(() => {
  const node = typeof self === 'undefined';
  const port = node ? require('node:worker_threads').parentPort : self;
  const post = (message) => port.postMessage(message);
  const start = (s) => {
    let calls;
    try {
      calls = s.modules.map((module, k) => {
        const e = new WebAssembly.Instance(module, { env: { memory: s.memories[k] } }).exports;
        return s.exports[k].map((name) => e[name]);
      });
    } catch (error) {
      post({ error: String((error && error.message) || error) });
      return;
    }
    post({ ready: true });
    const L = s.layout, f = L.field, I = new Int32Array(s.control), base = s.slot * L.stride;
    const F = new Float64Array(s.control, L.argsByte), E = new Uint16Array(s.control, L.errorByte);
    let seen = 0;
    for (;;) {
      Atomics.wait(I, base + f.seq, seen);
      const seq = Atomics.load(I, base + f.seq);
      if (seq === seen) continue;
      seen = seq;
      const fn = I[base + f.fn];
      if (fn === L.stop) break;
      let status = 0;
      try {
        const args = [];
        for (let k = 0; k < I[base + f.argc]; k++) args.push(F[s.slot * L.maxArgs + k]);
        calls[I[base + f.kernel]][fn](...args);
      } catch (error) {
        status = 1;
        const text = String((error && error.message) || error).slice(0, L.errorChars);
        for (let k = 0; k < text.length; k++) E[s.slot * L.errorChars + k] = text.charCodeAt(k);
        I[base + f.errorLength] = text.length;
      }
      I[base + f.status] = status;
      Atomics.store(I, base + f.done, seq);
      Atomics.notify(I, base + f.done);
    }
    if (node) port.close(); else self.close();
  };
  if (node) port.once('message', start); else self.onmessage = (event) => { self.onmessage = null; start(event.data); };
})();
`;
