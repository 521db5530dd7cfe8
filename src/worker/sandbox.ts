/**
 * Takes the network and the app's storage out of a worker's global scope, before the worker runs a person's task
 * code: the task worker (previews, option declarations) and the training worker call `lockDownGlobals()` once.
 * A task file handed out by someone else then cannot send what it sees anywhere, nor read or change what the app
 * keeps (the page's localStorage is not in a worker's scope at all; IndexedDB, the Cache API and the origin's
 * file system are, and are blocked here).
 *
 * Each name is deleted from the global object and from every prototype on its chain (WebIDL puts `fetch` on
 * WorkerGlobalScope.prototype, where `delete self.fetch` alone does not reach), then pinned, not writable and not
 * configurable, to a blocker: a stand-in that throws `TypeError: fetch is blocked: task code runs without network
 * access` when it is called, constructed or read from (`indexedDB.open`), so the person reads why at the line that
 * tried. Call it after the worker has loaded what it fetches itself (tf.js's WebAssembly binaries).
 *
 * What it cannot remove: the `import()` expression, which is syntax, not a global. A task file's own `import()` is
 * refused by the compiler (only 'cogrnn' may be imported), but code built from a string at run time could still
 * ask for a module by URL; the app's Content-Security-Policy (scripts/csp.ts: script-src and connect-src 'self')
 * makes the browser refuse it, and refuses any request to another host from the page or a worker as well.
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

const STORAGE_NAMES: ReadonlySet<string> = new Set([...STORAGE, 'navigator.storage', 'navigator.locks']);

/** The message a blocked name throws, saying what task code runs without. */
export function blockedMessage(name: string): string {
  return `${name} is blocked: task code runs without ${STORAGE_NAMES.has(name) ? 'access to storage' : 'network access'}`;
}

const blockers = new WeakSet<object>();

/** A stand-in for `name` that throws on every use: a call, `new`, reading or setting a member, `in`. */
function blocker(name: string): object {
  const refuse = (): never => {
    throw new TypeError(blockedMessage(name));
  };
  const stand = new Proxy(function blocked() {}, { apply: refuse, construct: refuse, get: refuse, set: refuse, has: refuse });
  blockers.add(stand);
  return stand;
}

/** Deletes `name` from `target` and every prototype above it, then pins it to a blocker on `target`. */
function remove(target: object, name: string, shownName: string): void {
  for (let holder: object | null = target; holder !== null; holder = Object.getPrototypeOf(holder)) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor?.configurable) delete (holder as Record<string, unknown>)[name];
  }
  try {
    Object.defineProperty(target, name, { value: blocker(shownName), writable: false, configurable: false });
  } catch {
    // an own property that is not configurable stays as it was; stillReachable() reports it
  }
}

let locked = false;

/**
 * Blocks the network and storage globals of this scope (idempotent). Returns the names that still reach what
 * they did (none in a browser worker or in Node), so a caller can refuse to run code if any does.
 */
export function lockDownGlobals(scope: object = globalThis): string[] {
  if (!locked || scope !== globalThis) {
    for (const name of REMOVED_GLOBALS) remove(scope, name, name);
    const navigator = (scope as { navigator?: object }).navigator;
    if (navigator) for (const name of REMOVED_NAVIGATOR_MEMBERS) remove(navigator, name, `navigator.${name}`);
    if (scope === globalThis) locked = true;
  }
  return stillReachable(scope);
}

/** Whether `value` is absent or one of the blockers `lockDownGlobals` pins. */
const isBlocked = (value: unknown) => value === undefined || blockers.has(value as object);

/** The removed names that still hold a working value in `scope` (or its navigator). */
export function stillReachable(scope: object = globalThis): string[] {
  const globals = scope as Record<string, unknown>;
  const navigator = globals.navigator as Record<string, unknown> | undefined;
  return [
    ...REMOVED_GLOBALS.filter((name) => !isBlocked(globals[name])),
    ...(navigator ? REMOVED_NAVIGATOR_MEMBERS.filter((name) => !isBlocked(navigator[name])).map((name) => `navigator.${name}`) : []),
  ];
}
