"""JAX peer of `npm run bench`: trains PsychRNN's Basic RNN on one fixed batch with `lax.scan` + `jit`, the whole
step (forward, gradient, clipping, Adam) one compiled XLA function, and prints ms per iteration as JSON.

    python3 bench/peers/jax_rnn.py problem.npz [--warmup 2] [--iterations 7]

The network (PsychRNN reference §3.2, row-vector convention, no recurrent noise):
    x_{t+1} = (1 − α)·x_t + α·(f(x_t)·W_recᵀ + u_t·W_inᵀ + b_rec),   x_0 = init_state (tiled over the batch)
    ŷ_t     = f(x_{t+1})·W_outᵀ + b_out
    loss    = mean((mask ⊙ (ŷ − y))²)  over all N_batch·N_steps·N_out elements (PsychRNN's mean_squared_error)
Each gradient is clipped by its own L2 norm to 1 (tf.clip_by_norm, PsychRNN's clip_grads), then TF1's Adam:
    lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ),  m ← β1·m + (1 − β1)·g,  v ← β2·v + (1 − β2)·g²,  θ ← θ − lr_t·m/(√v + ε)
XLA's CPU backend uses every core by default.
"""
import os

import jax
import jax.numpy as jnp
from jax import lax

from problem_file import load_problem, parse_args, report, time_training

TRANSFER = {"relu": jax.nn.relu, "tanh": jnp.tanh, "sigmoid": jax.nn.sigmoid, "softplus": jax.nn.softplus,
            "linear": lambda v: v}


def make_loss(f, alpha):
    def loss(params, x, y, mask):
        inputs = jnp.swapaxes(x, 0, 1)  # [N_steps, N_batch, N_in]: scan runs over the leading axis
        state0 = jnp.tile(params["init_state"], (x.shape[0], 1))

        def step(state, u):
            new = (1 - alpha) * state + alpha * (f(state) @ params["W_rec"].T + u @ params["W_in"].T + params["b_rec"])
            return new, f(new) @ params["W_out"].T + params["b_out"]

        _, outputs = lax.scan(step, state0, inputs)
        predictions = jnp.swapaxes(outputs, 0, 1)  # [N_batch, N_steps, N_out]
        return jnp.mean((mask * (predictions - y)) ** 2)
    return loss


def make_train_step(loss, s):
    b1, b2 = s["beta1"], s["beta2"]

    def clip(g):
        return g / jnp.maximum(1.0, jnp.sqrt(jnp.sum(g * g))) if s["clip_grads"] else g

    @jax.jit
    def train_step(params, m, v, t, x, y, mask):
        value, grads = jax.value_and_grad(loss)(params, x, y, mask)
        grads = jax.tree_util.tree_map(clip, grads)
        t = t + 1
        lr_t = s["learning_rate"] * jnp.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        m = jax.tree_util.tree_map(lambda m_, g: b1 * m_ + (1 - b1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda v_, g: b2 * v_ + (1 - b2) * g * g, v, grads)
        params = jax.tree_util.tree_map(lambda p, m_, v_: p - lr_t * m_ / (jnp.sqrt(v_) + s["epsilon"]), params, m, v)
        return params, m, v, t, value
    return train_step


def main():
    args = parse_args(__doc__.splitlines()[0], threads_option=False)
    weights, batch, transfer, settings = load_problem(args.problem)
    train_step = make_train_step(make_loss(TRANSFER[transfer], settings["alpha"]), settings)
    state = {
        "params": {k: jnp.asarray(w) for k, w in weights.items()},
        "m": {k: jnp.zeros_like(w) for k, w in weights.items()},
        "v": {k: jnp.zeros_like(w) for k, w in weights.items()},
        "t": jnp.asarray(0.0, jnp.float32),
    }
    x, y, mask = (jnp.asarray(batch[k]) for k in ("x", "y", "mask"))

    def step():
        params, m, v, t, value = train_step(state["params"], state["m"], state["v"], state["t"], x, y, mask)
        jax.block_until_ready((params, m, v, value))
        state.update(params=params, m=m, v=v, t=t)
        return value

    first_loss, samples = time_training(step, args.warmup, args.iterations)
    # XLA's CPU thread pool spans every core
    report("jax", jax.__version__, os.cpu_count() or 1, batch, weights, first_loss, samples, args.warmup)


if __name__ == "__main__":
    main()
