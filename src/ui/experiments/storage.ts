/**
 * The page's handle on its saved experiments: every read and write goes through here. Writes are coalesced per
 * record — while one is in flight for a key, later ones wait and only the newest is written next, so a burst of
 * edits costs two writes and the latest value is always the one that lands. A write starts in a task of its own
 * (IndexedDB copies the record when put, which for a spec holding N_rec 256 masks takes milliseconds): the edit that
 * queued it stays short, and edits in the same task coalesce into one write. When IndexedDB fails (the disk is full,
 * the browser withdraws it) the page falls back to memory once: what could still be read is copied there, the
 * failed operation is done there, `onFallback` is told why (said once on the page), and work goes on.
 */
import { copyAll, type ExperimentDb, memoryStore } from './db.ts';

export type SaveStatus = 'saving' | 'saved' | 'memory';

/** A sentence for a failed storage operation: a full disk named as such, anything else by its own message. */
export function storageProblem(error: unknown): string {
  const { name, message } = error instanceof Error || error instanceof DOMException ? error : new Error(String(error));
  if (name === 'QuotaExceededError') return `the browser's storage for this page is full (${message || name})`;
  return `the browser refused to store it (${name}: ${message})`;
}

interface Write {
  /** the write to do once the one in flight is done; each new one replaces the previous */
  pending: ((db: ExperimentDb) => Promise<void>) | null;
}

export class SavedExperiments {
  private writes = new Map<string, Write>();
  /** writes queued in this task, started by a timeout (or at once when the page is being left) */
  private starting = new Map<string, () => void>();
  private idle: (() => void)[] = [];
  private fallingBack: Promise<void> | null = null;

  constructor(
    private db: ExperimentDb,
    /** told once, with why, when the page falls back to memory */
    private readonly onFallback: (why: string) => void,
    /** told each time the status changes */
    private readonly onStatus: (status: SaveStatus) => void = () => undefined,
  ) {
    // a page being left (reload, close) starts what it queued at once rather than dropping its timeouts
    globalThis.addEventListener?.('pagehide', () => this.startQueued());
  }

  /** Starts the writes queued in this task now, not at their timeout. */
  startQueued(): void {
    for (const begin of [...this.starting.values()]) begin();
  }

  get kind(): ExperimentDb['kind'] {
    return this.db.kind;
  }

  get status(): SaveStatus {
    if (this.db.kind === 'memory') return 'memory';
    return this.writes.size > 0 ? 'saving' : 'saved';
  }

  /** Runs `operation` on the store (memory after a failure) and gives its result. */
  async read<T>(operation: (db: ExperimentDb) => Promise<T>): Promise<T> {
    const db = this.db;
    try {
      return await operation(db);
    } catch (error) {
      if (db.kind === 'memory') throw error;
      await this.fallBack(db, error);
      return operation(this.db);
    }
  }

  /** Queues `operation` under `key` (one record): coalesced with the other writes of that key, never lost. */
  write(key: string, operation: (db: ExperimentDb) => Promise<void>): void {
    const queued = this.writes.get(key);
    if (queued) queued.pending = operation;
    else this.start(key, operation);
  }

  /** Resolves once every queued write has landed. */
  flush(): Promise<void> {
    return this.writes.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  private start(key: string, operation: (db: ExperimentDb) => Promise<void>): void {
    const entry: Write = { pending: null };
    const before = this.status;
    this.writes.set(key, entry);
    if (this.status !== before) this.onStatus(this.status);
    const begin = () => {
      clearTimeout(timer);
      this.starting.delete(key);
      void this.drain(key, entry, entry.pending ?? operation);
    };
    const timer = setTimeout(begin, 0);
    this.starting.set(key, begin);
  }

  /** Writes `operation`, then whatever newest write came for the key meanwhile, until none is waiting. */
  private async drain(key: string, entry: Write, operation: (db: ExperimentDb) => Promise<void>): Promise<void> {
    let next: typeof operation | null = operation;
    while (next) {
      entry.pending = null;
      // memory does not fail; a write that failed there too has nowhere else to go
      await this.read(next).catch(() => undefined);
      next = entry.pending;
    }
    this.writes.delete(key);
    if (this.writes.size > 0) return;
    this.onStatus(this.status);
    for (const resolve of this.idle.splice(0)) resolve();
  }

  private fallBack(from: ExperimentDb, error: unknown): Promise<void> {
    this.fallingBack ??= (async () => {
      const memory = memoryStore();
      await copyAll(from, memory);
      this.db = memory;
      from.close();
      this.onFallback(storageProblem(error));
      this.onStatus('memory');
    })();
    return this.fallingBack;
  }
}
