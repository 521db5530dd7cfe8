/**
 * Takes the network and the app's storage out of a worker's global scope, before the worker runs a person's task
 * code: the task worker (previews, option declarations) and the training worker call `lockDownGlobals()` once.
 * A task file handed out by someone else then cannot send what it sees anywhere, nor read or change what the app
 * keeps (the page's localStorage is not in a worker's scope at all; IndexedDB, the Cache API and the origin's
 * file system are, and are removed here).
 *
 * Each name is deleted from the global object and from every prototype on its chain (WebIDL puts `fetch` on
 * WorkerGlobalScope.prototype, where `delete self.fetch` alone does not reach), then pinned to undefined so that
 * nothing can put it back by assignment. Call it after the worker has loaded what it fetches itself (tf.js's
 * WebAssembly binaries): a fetch made after it throws "fetch is not defined".
 *
 * What it cannot remove: the `import()` expression, which is syntax, not a global. A task file's own top-level
 * `import()` is refused by the compiler (only 'cogrnn' may be imported), but code built from a string at run time
 * could still load a module by URL; a Content-Security-Policy header (script-src 'self') closes that where the host
 * sends one.
 */

/** Globals that reach the network or another context that does. */
const NETWORK = [
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'BroadcastChannel',
  // a nested worker starts with a fresh, unlocked global scope
  'Worker',
  'SharedWorker',
  'RTCPeerConnection',
  'RTCDataChannel',
] as const;

/** Globals that reach the origin's storage. */
const STORAGE = [
  'indexedDB',
  'IDBFactory',
  'caches',
  'CacheStorage',
  'localStorage',
  'sessionStorage',
  'cookieStore',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
  'FileSystemHandle',
  'FileSystemDirectoryHandle',
  'FileSystemFileHandle',
  'FileSystemSyncAccessHandle',
] as const;

/** Members of `navigator` that reach the network or storage. */
const NAVIGATOR = ['sendBeacon', 'storage', 'serviceWorker', 'locks', 'usb', 'hid', 'serial', 'bluetooth'] as const;

export const REMOVED_GLOBALS: readonly string[] = [...NETWORK, ...STORAGE];
export const REMOVED_NAVIGATOR_MEMBERS: readonly string[] = NAVIGATOR;

/** Deletes `name` from `target` and every prototype above it, then pins it to undefined on `target`. */
function remove(target: object, name: string): void {
  for (let holder: object | null = target; holder !== null; holder = Object.getPrototypeOf(holder)) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor?.configurable) delete (holder as Record<string, unknown>)[name];
  }
  try {
    Object.defineProperty(target, name, { value: undefined, writable: false, configurable: false });
  } catch {
    // an own property that is not configurable stays as it was; stillReachable() reports it
  }
}

let locked = false;

/**
 * Removes the network and storage globals from this scope (idempotent). Returns the names that are still
 * reachable afterwards (none in a browser worker or in Node), so a caller can refuse to run code if any is.
 */
export function lockDownGlobals(scope: object = globalThis): string[] {
  if (!locked || scope !== globalThis) {
    for (const name of REMOVED_GLOBALS) remove(scope, name);
    const navigator = (scope as { navigator?: object }).navigator;
    if (navigator) for (const name of REMOVED_NAVIGATOR_MEMBERS) remove(navigator, name);
    if (scope === globalThis) locked = true;
  }
  return stillReachable(scope);
}

/** The removed names that still hold a value in `scope` (or its navigator). */
export function stillReachable(scope: object = globalThis): string[] {
  const globals = scope as Record<string, unknown>;
  const navigator = globals.navigator as Record<string, unknown> | undefined;
  return [
    ...REMOVED_GLOBALS.filter((name) => globals[name] !== undefined),
    ...(navigator ? REMOVED_NAVIGATOR_MEMBERS.filter((name) => navigator[name] !== undefined).map((name) => `navigator.${name}`) : []),
  ];
}
