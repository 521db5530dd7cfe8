/**
 * A lazily started Comlink worker whose requests always answer: when the worker fails (it could not load, or a
 * person's task code broke it) or is ended, every request still waiting answers `{ ok: false, message }`, and the
 * next request starts a fresh worker. The analysis cards' clients (fixed points, perturbation) are built on it.
 * `create` makes the worker (`new Worker(new URL(…), …)` stays in the caller, where the bundler sees it).
 */
import * as Comlink from 'comlink';

export type Failure = { ok: false; message: string };

interface Handle<Api> {
  worker: Worker;
  api: Comlink.Remote<Api>;
  /** answers every request still waiting when the worker is ended or fails */
  fail: Set<(message: string) => void>;
}

export class AnalysisWorker<Api> {
  private current: Handle<Api> | null = null;

  /** `name`: the worker in messages ("the fixed-points worker failed: …") */
  constructor(
    private readonly create: () => Worker,
    private readonly name: string,
  ) {}

  private handle(): Handle<Api> {
    if (this.current) return this.current;
    const worker = this.create();
    const h: Handle<Api> = { worker, api: Comlink.wrap<Api>(worker), fail: new Set() };
    worker.addEventListener('error', (event) => this.end(h, `the ${this.name} worker failed: ${event.message || 'it could not be loaded'}`));
    this.current = h;
    return h;
  }

  private end(h: Handle<Api>, message: string): void {
    h.worker.terminate();
    if (this.current === h) this.current = null;
    for (const fail of h.fail) fail(message);
    h.fail.clear();
  }

  /** Runs `call` on the worker; answers `{ ok: false }` when the worker fails or is ended meanwhile. */
  request<T extends { ok: boolean }>(call: (api: Comlink.Remote<Api>) => Promise<T>): Promise<T | Failure> {
    const h = this.handle();
    return new Promise((resolve) => {
      const fail = (message: string) => resolve({ ok: false, message });
      h.fail.add(fail);
      call(h.api)
        .then(resolve, (error: unknown) => fail(error instanceof Error ? error.message : String(error)))
        .finally(() => h.fail.delete(fail));
    });
  }

  /**
   * Asks the running worker `ask` (e.g. to cancel) and ends it, answering its waiting requests with `message`, when
   * it does not answer within `ms`; nothing when no worker runs.
   */
  async askOrEnd(ask: (api: Comlink.Remote<Api>) => Promise<unknown>, ms: number, message: string): Promise<void> {
    const h = this.current;
    if (!h) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const answered = await Promise.race([ask(h.api).then(() => true), late]);
    clearTimeout(timer);
    if (!answered) this.end(h, message);
  }
}
