"""PyTorch peer of `npm run bench`: trains PsychRNN's Basic RNN on one fixed batch in eager mode, a Python loop over
the time steps as a researcher would write it, and prints ms per iteration as JSON.

    python3 bench/peers/torch_rnn.py problem.npz [--warmup 2] [--iterations 7] [--threads N]

The network (PsychRNN reference §3.2, row-vector convention, no recurrent noise):
    x_{t+1} = (1 − α)·x_t + α·(f(x_t)·W_recᵀ + u_t·W_inᵀ + b_rec),   x_0 = init_state (tiled over the batch)
    ŷ_t     = f(x_{t+1})·W_outᵀ + b_out
    loss    = mean((mask ⊙ (ŷ − y))²)  over all N_batch·N_steps·N_out elements (PsychRNN's mean_squared_error)
Each gradient is clipped by its own L2 norm to 1 (PsychRNN's clip_grads), then torch.optim.Adam. PyTorch adds ε to
√v̂ where TF1 adds it to √v; with ε = 1e-8 the steps differ in the last bits and cost the same.
"""
import torch

from problem_file import load_problem, parse_args, report, time_training

TRANSFER = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
            "softplus": torch.nn.functional.softplus, "linear": lambda v: v}


def forward(p, x, f, alpha):
    """predictions [N_batch, N_steps, N_out] for inputs x [N_batch, N_steps, N_in]"""
    state = p["init_state"].expand(x.shape[0], -1)
    outputs = []
    for t in range(x.shape[1]):
        state = (1 - alpha) * state + alpha * (f(state) @ p["W_rec"].T + x[:, t] @ p["W_in"].T + p["b_rec"])
        outputs.append(f(state) @ p["W_out"].T + p["b_out"])
    return torch.stack(outputs, dim=1)


def main():
    args = parse_args(__doc__.splitlines()[0], threads_option=True)
    torch.set_num_threads(args.threads)
    weights, batch, transfer, s = load_problem(args.problem)
    params = {k: torch.tensor(w, requires_grad=True) for k, w in weights.items()}
    x, y, mask = (torch.from_numpy(batch[k]) for k in ("x", "y", "mask"))
    f = TRANSFER[transfer]
    optimizer = torch.optim.Adam(params.values(), lr=s["learning_rate"], betas=(s["beta1"], s["beta2"]), eps=s["epsilon"])

    def step():
        optimizer.zero_grad()
        loss = torch.mean((mask * (forward(params, x, f, s["alpha"]) - y)) ** 2)
        loss.backward()
        if s["clip_grads"]:
            for p in params.values():
                torch.nn.utils.clip_grad_norm_([p], 1.0)  # each tensor by its own norm, as tf.clip_by_norm
        optimizer.step()
        return loss.item()

    first_loss, samples = time_training(step, args.warmup, args.iterations)
    report("torch", torch.__version__, torch.get_num_threads(), batch, weights, first_loss, samples, args.warmup)


if __name__ == "__main__":
    main()
