/**
 * Which backends a run tries, in which order, and the sentence that says why (session.ts follows the plan: the
 * first backend trains, the next takes over from the last checkpoint when one fails).
 */
import { formatDuration } from '../core/resources.ts';
import { BACKENDS, type BackendName, type BackendProbe } from './protocol.ts';

/** Probes read as "webgpu: no WebGPU adapter; wasm: WebAssembly is unavailable". */
function reasons(probes: BackendProbe[]): string {
  return probes.map((p) => `${p.name}: ${p.reason ?? 'failed'}`).join('; ');
}

/**
 * The backends to try in turn, and a sentence on the choice. The person's choice comes first, then the other
 * usable (hardware or CPU) backends in the usual order. When the worker chooses: the measured backends, fastest
 * first, or — when a step is too long to time (`untimedStepSeconds`) — the usable ones in the usual order; a
 * software GPU comes last, and first (with a note) when nothing else can train.
 */
export function backendPlan(
  chosen: BackendName | null,
  probes: BackendProbe[],
  untimedStepSeconds: number | null,
): { order: BackendName[]; message: string } {
  const usual = (list: BackendProbe[]) => [...list].sort((a, b) => BACKENDS.indexOf(a.name) - BACKENDS.indexOf(b.name)).map((p) => p.name);
  const hardware = probes.filter((p) => p.available && !p.software);
  const software = usual(probes.filter((p) => p.available && p.software));
  if (chosen) {
    const probe = probes.find((p) => p.name === chosen);
    if (!probe?.available) return { order: [], message: `the ${chosen} backend is not available here (${probe?.reason ?? 'not offered by this browser'})` };
    return { order: [chosen, ...usual(hardware).filter((name) => name !== chosen)], message: `training on ${chosen}, as chosen in Backend` };
  }
  const fast =
    untimedStepSeconds === null
      ? hardware.filter((p) => p.msPerStep !== undefined).sort((a, b) => (a.msPerStep as number) - (b.msPerStep as number)).map((p) => p.name)
      : usual(hardware);
  const order = [...fast, ...software];
  if (order.length === 0) return { order, message: `no backend can train here (${reasons(probes)})` };
  const first = probes.find((p) => p.name === order[0]) as BackendProbe;
  if (first.software) {
    return {
      order,
      message: `training on ${first.name}, a software GPU (slow): no other backend could train here (${reasons(probes.filter((p) => p !== first))})`,
    };
  }
  if (untimedStepSeconds !== null) {
    return {
      order,
      message: `chose ${first.name} without timing each backend: one training step is estimated at ${formatDuration(untimedStepSeconds)} on a CPU, too long to measure them all (the usual order: ${usual(hardware).join(', ')})`,
    };
  }
  const skipped = probes.filter((p) => p.name !== first.name && p.msPerStep === undefined).map((p) => p.name);
  return {
    order,
    message: `chose ${first.name}: the fastest measured here${skipped.length > 0 ? `; not used: ${skipped.join(', ')} (see Backends measured)` : ''}`,
  };
}
