/** The lock-down of a worker's scope, on stand-in scopes shaped like a browser worker's (WebIDL puts members on prototypes). */
import { describe, expect, it } from 'vitest';
import { lockDownGlobals, REMOVED_GLOBALS, stillReachable } from './sandbox.ts';

/** A scope whose `fetch` lives on its prototype, as on WorkerGlobalScope.prototype, with a navigator alike. */
function workerLikeScope() {
  class WorkerGlobalScope {
    fetch() {
      return 'sent';
    }
    importScripts() {}
  }
  class WorkerNavigator {
    get storage() {
      return { getDirectory: () => 'opfs' };
    }
    sendBeacon() {
      return true;
    }
  }
  const scope = Object.create(WorkerGlobalScope.prototype) as Record<string, unknown>;
  Object.assign(scope, { indexedDB: {}, caches: {}, WebSocket: class {}, XMLHttpRequest: class {}, Worker: class {}, navigator: new WorkerNavigator(), Math });
  return { scope, WorkerGlobalScope };
}

describe('lockDownGlobals', () => {
  it('removes the network and storage, own or inherited, and leaves the rest', () => {
    const { scope, WorkerGlobalScope } = workerLikeScope();
    expect(stillReachable(scope)).toEqual(['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'Worker', 'indexedDB', 'caches', 'navigator.sendBeacon', 'navigator.storage']);
    expect(lockDownGlobals(scope)).toEqual([]);
    for (const name of REMOVED_GLOBALS) expect(scope[name]).toBeUndefined();
    expect('fetch' in WorkerGlobalScope.prototype).toBe(false);
    const navigator = scope.navigator as Record<string, unknown>;
    expect([navigator.storage, navigator.sendBeacon]).toEqual([undefined, undefined]);
    expect(scope.Math).toBe(Math);
  });

  it('cannot be undone by assignment', () => {
    const { scope } = workerLikeScope();
    lockDownGlobals(scope);
    expect(() => {
      'use strict';
      scope.fetch = () => 'sent';
    }).toThrow(TypeError);
    expect(scope.fetch).toBeUndefined();
    expect(() => Object.defineProperty(scope, 'indexedDB', { value: {} })).toThrow(TypeError);
  });
});
