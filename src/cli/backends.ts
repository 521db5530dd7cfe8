/** The tf.js backends the CLI can train on (cpu, wasm, webgpu through Dawn); the Node-only helper lives in core. */
export { NODE_BACKENDS, type NodeBackend, useBackend } from '../core/testing/node-backends.ts';
