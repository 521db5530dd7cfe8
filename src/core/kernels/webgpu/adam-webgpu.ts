/**
 * One TF1 Adam step of one variable on tf.js's WebGPU backend (./adam-programs.ts): the clip divisor, m', v'
 * and θ' as four dispatches (three without clipping), the tensors staying on the GPU.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import type { AdamStep, AdamStepResult } from '../adam-step.ts';
import { AdamMomentProgram, AdamParameterProgram, ClipDivisorProgram } from './adam-programs.ts';
import { activeWebGpuBackend } from './fused-rnn-webgpu.ts';

type Uniform = { type: 'float32' | 'int32'; data: number[] };

function run(program: WebGPUProgram, inputs: tf.Tensor[], uniforms: Uniform[]): tf.Tensor {
  const info = activeWebGpuBackend().runWebGPUProgram(program, inputs, 'float32', uniforms);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** m', v' and θ' from θ, m, v and the raw gradient, masking and clipping as PsychRNN does. */
export function webgpuAdamStep(s: AdamStep): AdamStepResult {
  const { theta, m, v, gradient, fixed, clip } = s;
  const shape = theta.shape;
  const masked = fixed !== undefined;
  const maskInputs = masked ? [fixed] : [];
  const divisor = clip ? [run(new ClipDivisorProgram(masked), [gradient, ...maskInputs], [{ type: 'int32', data: [theta.size] }])] : [];
  const moment = (order: 1 | 2, slot: tf.Tensor, beta: number) =>
    run(new AdamMomentProgram(shape, order, masked, clip), [gradient, ...maskInputs, ...divisor, slot], [
      { type: 'float32', data: [beta] },
      { type: 'float32', data: [1 - beta] },
    ]);
  const mNew = moment(1, m, s.beta1);
  const vNew = moment(2, v, s.beta2);
  const thetaNew = run(new AdamParameterProgram(shape), [theta, mNew, vNew], [
    { type: 'float32', data: [s.lrT] },
    { type: 'float32', data: [s.epsilon] },
  ]);
  tf.dispose(divisor);
  return { theta: thetaNew, m: mNew, v: vNew };
}
