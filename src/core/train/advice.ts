/** What to change when training stopped because the loss became NaN or infinite, from the spec that ran. */
import type { ExperimentSpec } from '../spec/spec.ts';

/**
 * One sentence of advice. `names: 'spec'` names spec fields (the CLI), `'page'` the page's labels. Clipping is
 * suggested only when it is off.
 */
export function nonFiniteAdvice(spec: ExperimentSpec, names: 'spec' | 'page'): string {
  const rate = spec.training.optimizer.learning_rate;
  const lower = names === 'spec' ? `a lower training.optimizer.learning_rate (now ${rate})` : `a lower learning rate (now ${rate})`;
  if (spec.training.clip_grads) return `try ${lower}`;
  return `try ${lower}, or ${names === 'spec' ? 'training.clip_grads: true' : 'gradient clipping (training.clip_grads in the spec)'}`;
}
