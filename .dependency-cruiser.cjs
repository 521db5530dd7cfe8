/**
 * The import rules of the layout (src/core/README.md, README.md's "Project layout"), checked by `npm run lint:deps`
 * and by `npm test` before the unit tests.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-app',
      comment:
        'src/core is the engine that runs in Node, the training worker and the tests: it imports nothing from ' +
        'src/worker, src/ui or src/cli (they import it). Types a worker message carries live in core and the ' +
        'worker re-exports them.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^src/(worker|ui|cli)/' },
    },
  ],
  options: {
    // `import type` counts too: core must not even name a type from the page's side
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // AssemblyScript sources (compiled to WebAssembly by scripts/build-kernels.mjs), as in tsconfig.json
    exclude: { path: '/assembly/' },
  },
};
