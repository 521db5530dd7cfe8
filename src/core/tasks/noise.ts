/** Input noise of PsychRNN's tasks (reference §2). */

/**
 * Std of the per-step input noise of PerceptualDiscrimination and DelayedDiscrimination:
 * sqrt(2 · 0.01 · sqrt(10) · sqrt(dt) · stim_noise²) = stim_noise · sqrt(0.02 · sqrt(10 · dt)),
 * ≈ 0.0447 at dt = 10 and stim_noise = 0.1. It does not depend on tau.
 */
export function stimulusNoiseStd(dt: number, stimNoise: number): number {
  return Math.sqrt(2 * 0.01 * Math.sqrt(10) * Math.sqrt(dt) * stimNoise * stimNoise);
}

/** Adds N(0, std²) noise to each of `x`'s channels (PsychRNN draws it on every step of every trial). */
export function addNoise(x: Float32Array, std: number, rng: { normal(): number }): void {
  for (let i = 0; i < x.length; i++) x[i] += std * rng.normal();
}
