/**
 * Expands a sweep file into one experiment spec per run, in a fixed order, each checked by the spec's own parser.
 * A run's values are written into a copy of the *unparsed* base (so changing `training.optimizer.type` does not
 * meet the old optimizer's filled-in defaults), then parsed: a value the spec refuses names the run, its values and
 * the spec's message. Refused before any run is made: a base that is not a valid spec, a path the base spec's
 * schema does not have, zip lists of unequal lengths, and more than MAX_RUNS runs.
 */
import { formatIssue, formatPath, SpecError, type SpecIssue, showValue } from '../spec/errors.ts';
import { type ExperimentSpec, safeParseSpec } from '../spec/spec.ts';
import { MAX_RUNS, type SweepFile } from './sweep.ts';

export interface SweepRun {
  /** `run-000`, `run-001`, …: the file names of its spec, weights and summary */
  id: string;
  /** the varied values by their dotted spec path (normalised: `curriculum.stages[1].coherence`), seed as `seed` */
  values: Record<string, unknown>;
  /** the values in words, e.g. `model.N_rec=4, seed=1` */
  label: string;
  spec: ExperimentSpec;
}

type Segment = string | number;
/** Paths varied together: one row of values per step (a grid has one path per block, a zip one block of all). */
interface Block {
  paths: { path: string; segments: Segment[] }[];
  rows: unknown[][];
}

/** `curriculum.stages[1].coherence` (or `curriculum.stages.1.coherence`) → ['curriculum', 'stages', 1, 'coherence']. */
export function parsePath(path: string): Segment[] | null {
  const segments: Segment[] = [];
  for (const part of path.split('.')) {
    const match = /^([A-Za-z_][\w]*)?((?:\[\d+\])*)$/.exec(part);
    if (/^\d+$/.test(part)) segments.push(Number(part));
    else if (!match || (match[1] === undefined && match[2] === '')) return null;
    else {
      if (match[1] !== undefined) segments.push(match[1]);
      for (const index of match[2].matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
    }
  }
  return segments.length > 0 && typeof segments[0] === 'string' ? segments : null;
}

/** The keys that pick one arm of the spec's unions (task.name, initializer.type, optimizer.type). */
const DISCRIMINATORS = ['type', 'name'];

/**
 * Writes `value` at `segments` inside `root` (mutated); returns why it cannot, or null. A missing object on the way
 * is made with the parsed base's discriminator, so `training.optimizer.learning_rate` stays the base's Adam's.
 */
function setAt(root: Record<string, unknown>, segments: Segment[], value: unknown, parsedBase: unknown): string | null {
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i];
    const here = formatPath(segments.slice(0, i)) || 'the base spec';
    const last = i === segments.length - 1;
    if (typeof key === 'number') {
      if (!Array.isArray(node)) return `${here} is ${showValue(node)}, not an array to index with [${key}]`;
      if (key >= node.length) return `${here} has ${node.length} entries, so [${key}] is past its end`;
    } else if (node === null || typeof node !== 'object' || Array.isArray(node)) {
      return `${here} is ${showValue(node)}, not an object with a key "${key}"`;
    }
    const container = node as Record<Segment, unknown>;
    if (last) container[key] = value;
    else if (container[key] === undefined && typeof segments[i + 1] === 'number') {
      return `${formatPath(segments.slice(0, i + 1))} is not in the base spec, so [${segments[i + 1]}] has nothing to index`;
    } else if (container[key] === undefined) {
      const filled = rawAt(parsedBase as Record<string, unknown>, formatPath(segments.slice(0, i + 1))) as Record<string, unknown> | undefined;
      container[key] = Object.fromEntries(DISCRIMINATORS.filter((k) => typeof filled?.[k] === 'string').map((k) => [k, filled?.[k]]));
    }
    node = container[key];
  }
  return null;
}

/** The base with `values` written in, parsed by the spec's parser. */
function buildSpec(base: Record<string, unknown>, parsedBase: ExperimentSpec, entries: [Segment[], unknown][]) {
  const json = structuredClone(base);
  for (const [segments, value] of entries) {
    const why = setAt(json, segments, value, parsedBase);
    if (why) return { ok: false as const, issues: [{ path: formatPath(segments), value, message: why }] };
  }
  const result = safeParseSpec(json);
  return result.ok ? result : { ok: false as const, issues: result.error.issues };
}

/** The value at a formatted path of the unparsed base, undefined when absent. */
function rawAt(base: Record<string, unknown>, path: string): unknown {
  return (parsePath(path) ?? []).reduce<unknown>((node, key) => (node as Record<Segment, unknown> | undefined)?.[key], base);
}

/** Refuses a path the base spec's schema does not have: writing a value there makes the parser say "unknown key". */
function checkPathKnown(base: Record<string, unknown>, parsedBase: ExperimentSpec, path: string, segments: Segment[], value: unknown): SpecIssue | null {
  const built = buildSpec(base, parsedBase, [[segments, value]]);
  if (built.ok) return null;
  const inside = (issue: SpecIssue) => path.startsWith(`${issue.path}.`) || path.startsWith(`${issue.path}[`);
  const unknown = built.issues.find(
    (issue) =>
      ((issue.path === path || inside(issue)) && /^unknown key|past its end|not an (object|array)|nothing to index/.test(issue.message)) ||
      // an object made on the way to the path, where the schema wants something else (`seed.x`)
      (inside(issue) && rawAt(base, issue.path) === undefined),
  );
  if (!unknown) return null;
  return { path: `vary.${path}`, value, message: `is not a path of the base spec (at ${unknown.path}: ${unknown.message})` };
}

function blocksOf(sweep: SweepFile, parsedBase: ExperimentSpec): Block[] {
  const issues: SpecIssue[] = [];
  const dims: (Block['paths'][number] & { values: unknown[] })[] = [];
  for (const [raw, values] of Object.entries(sweep.vary)) {
    const segments = parsePath(raw);
    if (!segments) {
      issues.push({ path: `vary.${raw}`, value: values[0], message: 'is not a dotted spec path like model.N_rec or curriculum.stages[0].coherence' });
      continue;
    }
    const path = formatPath(segments);
    const unknown = checkPathKnown(sweep.base, parsedBase, path, segments, values[0]);
    if (unknown) issues.push(unknown);
    else dims.push({ path, segments, values });
  }
  if (issues.length > 0) throw new SpecError(issues);
  const seeds = sweep.seeds ? [{ paths: [{ path: 'seed', segments: ['seed'] }], rows: sweep.seeds.map((s) => [s]) }] : [];
  if (sweep.combine === 'grid') return [...dims.map((d) => ({ paths: [d], rows: d.values.map((v) => [v]) })), ...seeds];
  const lengths = new Set(dims.map((d) => d.values.length));
  if (lengths.size > 1) {
    const each = dims.map((d) => `${d.path} has ${d.values.length}`).join(', ');
    throw new SpecError([{ path: '', value: undefined, message: `vary: "combine": "zip" pairs the i-th values of every list, so the lists must be equally long: ${each}` }]);
  }
  const length = dims[0]?.values.length ?? 0;
  const zipped = dims.length === 0 ? [] : [{ paths: dims, rows: Array.from({ length }, (_, i) => dims.map((d) => d.values[i])) }];
  return [...zipped, ...seeds];
}

/** Every combination of one row per block, the first block varying slowest. */
function* combinations(blocks: Block[]): Generator<unknown[][]> {
  const at = blocks.map(() => 0);
  while (true) {
    yield blocks.map((b, i) => b.rows[at[i]]);
    let i = blocks.length - 1;
    while (i >= 0 && ++at[i] === blocks[i].rows.length) at[i--] = 0;
    if (i < 0) return;
  }
}

/** The runs of a parsed sweep file, or a SpecError naming every problem found. */
export function expandSweep(sweep: SweepFile): SweepRun[] {
  const parsedBase = safeParseSpec(sweep.base);
  if (!parsedBase.ok) {
    throw new SpecError(parsedBase.error.issues.map((issue) => ({ ...issue, path: issue.path ? `base.${issue.path}` : 'base' })));
  }
  const blocks = blocksOf(sweep, parsedBase.spec);
  const count = blocks.reduce((n, b) => n * b.rows.length, 1);
  if (count > MAX_RUNS) {
    const sizes = blocks.map((b) => `${b.paths.map((p) => p.path).join('+')}: ${b.rows.length}`).join(' × ');
    throw new SpecError([{ path: '', value: undefined, message: `vary: makes ${count} runs (${sizes}); at most ${MAX_RUNS} are allowed: split the sweep or vary fewer values` }]);
  }
  const width = Math.max(3, String(count - 1).length);
  const runs: SweepRun[] = [];
  const issues: SpecIssue[] = [];
  let index = 0;
  for (const rows of combinations(blocks)) {
    const id = `run-${String(index++).padStart(width, '0')}`;
    const entries: [Segment[], unknown][] = blocks.flatMap((b, i) => b.paths.map((p, j): [Segment[], unknown] => [p.segments, rows[i][j]]));
    const values = Object.fromEntries(entries.map(([segments, value]) => [formatPath(segments), value]));
    const label = Object.entries(values).map(([path, value]) => `${path}=${showValue(value, 30)}`).join(', ');
    const named = 'name' in values ? entries : [...entries, [['name'], `${sweep.name ?? parsedBase.spec.name ?? 'sweep'} · ${id} (${label})`] as [Segment[], unknown]];
    const built = buildSpec(sweep.base, parsedBase.spec, named);
    if (built.ok) runs.push({ id, values, label, spec: built.spec });
    else issues.push(...built.issues.map((issue) => ({ path: '', value: undefined, message: `${id} (${label}): ${formatIssue(issue)}` })));
  }
  if (issues.length > 0) throw new SpecError(issues);
  return runs;
}
