/** The lock-down of a worker's scope, on stand-in scopes shaped like a browser worker's (WebIDL puts members on prototypes). */
import { describe, expect, it } from 'vitest';
import { blockedMessage, lockDownGlobals, REMOVED_GLOBALS, stillReachable } from './sandbox.ts';

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
  const scope = Object.create(WorkerGlobalScope.prototype) as Record<string, any>;
  Object.assign(scope, { indexedDB: { open: () => 'opened' }, caches: {}, WebSocket: class {}, XMLHttpRequest: class {}, Worker: class {}, navigator: new WorkerNavigator(), Math });
  return { scope, WorkerGlobalScope };
}

const NETWORK = 'task code runs without network access';
const STORAGE = 'task code runs without access to storage';

describe('lockDownGlobals', () => {
  it('blocks the network and storage, own or inherited, and leaves the rest', () => {
    const { scope, WorkerGlobalScope } = workerLikeScope();
    expect(stillReachable(scope)).toEqual(['fetch', 'XMLHttpRequest', 'WebSocket', 'importScripts', 'Worker', 'indexedDB', 'caches', 'navigator.sendBeacon', 'navigator.storage']);
    expect(lockDownGlobals(scope)).toEqual([]);
    expect('fetch' in WorkerGlobalScope.prototype).toBe(false);
    expect(scope.Math).toBe(Math);
    // names the scope never had are pinned too, so none can be put there later
    for (const name of REMOVED_GLOBALS) expect(Object.getOwnPropertyDescriptor(scope, name)).toMatchObject({ writable: false, configurable: false });
  });

  it('each use of a blocked name throws a TypeError naming it and what task code runs without', () => {
    const { scope } = workerLikeScope();
    lockDownGlobals(scope);
    expect(() => scope.fetch('http://127.0.0.1:9/')).toThrow(new TypeError(`fetch is blocked: ${NETWORK}`));
    expect(() => new scope.WebSocket('ws://127.0.0.1:9')).toThrow(new TypeError(`WebSocket is blocked: ${NETWORK}`));
    expect(() => scope.importScripts('http://127.0.0.1:9/x.js')).toThrow(new TypeError(`importScripts is blocked: ${NETWORK}`));
    expect(() => scope.indexedDB.open('x')).toThrow(new TypeError(`indexedDB is blocked: ${STORAGE}`));
    expect(() => scope.caches.keys()).toThrow(new TypeError(`caches is blocked: ${STORAGE}`));
    expect(() => scope.navigator.sendBeacon('http://127.0.0.1:9/', 'x')).toThrow(new TypeError(`navigator.sendBeacon is blocked: ${NETWORK}`));
    expect(() => scope.navigator.storage.getDirectory()).toThrow(new TypeError(`navigator.storage is blocked: ${STORAGE}`));
    expect(() => 'open' in scope.indexedDB).toThrow(TypeError);
    // a name this scope never had (BroadcastChannel) throws the same way
    expect(() => new scope.BroadcastChannel('app')).toThrow(new TypeError(`BroadcastChannel is blocked: ${NETWORK}`));
  });

  it('cannot be undone by assignment or redefinition', () => {
    const { scope } = workerLikeScope();
    lockDownGlobals(scope);
    expect(() => {
      'use strict';
      scope.fetch = () => 'sent';
    }).toThrow(TypeError);
    expect(() => Object.defineProperty(scope, 'indexedDB', { value: {} })).toThrow(TypeError);
    expect(() => scope.fetch()).toThrow(`fetch is blocked: ${NETWORK}`);
    expect(stillReachable(scope)).toEqual([]);
  });

  it('reports a name it could not block', () => {
    const { scope } = workerLikeScope();
    Object.defineProperty(scope, 'fetch', { value: () => 'sent', writable: false, configurable: false });
    expect(lockDownGlobals(scope)).toEqual(['fetch']);
  });

  it('names storage as storage and the rest as network', () => {
    expect(blockedMessage('localStorage')).toBe(`localStorage is blocked: ${STORAGE}`);
    expect(blockedMessage('navigator.locks')).toBe(`navigator.locks is blocked: ${STORAGE}`);
    expect(blockedMessage('EventSource')).toBe(`EventSource is blocked: ${NETWORK}`);
  });
});
