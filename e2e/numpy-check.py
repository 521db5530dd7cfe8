"""Reads a weights .npz downloaded from the page the way a PsychRNN user would (numpy alone, no CogRNN code).

Checks PsychRNN's keys, dtypes and shapes (psychrnn-reference.md section 7), then runs PsychRNN's
BasicSimulator step (section 9) on fixed inputs and prints the outputs and states as JSON:

    new_state = (1 - alpha) * state + alpha * (f(state) @ W_rec.T + u @ W_in.T + b_rec)
    output    = f(new_state) @ W_out.T + b_out

usage: python3 numpy-check.py weights.npz inputs.json   (inputs.json: {"alpha": a, "x": [B][N_steps][N_in]})
"""
import json
import sys

import numpy as np

FUNCTIONS = {
    "relu": lambda x: np.maximum(x, 0),
    "tanh": np.tanh,
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "softplus": lambda x: np.log1p(np.exp(x)),
    "linear": lambda x: x,
}


def check_file(w):
    """PsychRNN's layout: 11 float32 arrays of these shapes; dale_ratio a <f8 scalar when present; no pickles."""
    N_rec, N_in = w["W_in"].shape
    N_out = w["W_out"].shape[0]
    shapes = {
        "init_state": (1, N_rec), "W_in": (N_rec, N_in), "W_rec": (N_rec, N_rec), "W_out": (N_out, N_rec),
        "b_rec": (N_rec,), "b_out": (N_out,), "Dale_rec": (N_rec, N_rec), "Dale_out": (N_rec, N_rec),
        "input_connectivity": (N_rec, N_in), "rec_connectivity": (N_rec, N_rec), "output_connectivity": (N_out, N_rec),
    }
    problems = []
    for key, shape in shapes.items():
        if key not in w.files:
            problems.append(f"missing {key}")
        elif w[key].dtype != np.dtype("<f4") or w[key].shape != shape:
            problems.append(f"{key} is {w[key].dtype} {w[key].shape}, expected float32 {shape}")
    if "dale_ratio" in w.files and (w["dale_ratio"].dtype != np.dtype("<f8") or w["dale_ratio"].shape != ()):
        problems.append(f"dale_ratio is {w['dale_ratio'].dtype} {w['dale_ratio'].shape}, expected float64 ()")
    if "transfer_function" in w.files:
        problems.append("transfer_function is present (PsychRNN would .item() it into a non-callable)")
    return {"N_in": N_in, "N_rec": N_rec, "N_out": N_out}, problems, {k: [str(w[k].dtype), list(w[k].shape)] for k in shapes if k in w.files}


def run_trials(w, x, alpha, f):
    """PsychRNN's BasicSimulator.run_trials with rec_noise 0: the state starts at init_state[0] for every trial."""
    W_in, W_rec, W_out = w["W_in"], w["W_rec"], w["W_out"]
    b_rec, b_out = w["b_rec"], w["b_out"]
    state = np.repeat(w["init_state"][0][None, :], x.shape[0], axis=0)
    outputs, states = [], []
    for t in range(x.shape[1]):
        state = (1 - alpha) * state + alpha * (f(state) @ W_rec.T + x[:, t] @ W_in.T + b_rec)
        outputs.append(f(state) @ W_out.T + b_out)
        states.append(state)
    return np.stack(outputs, axis=1), np.stack(states, axis=1)


def main():
    # allow_pickle=False, as PsychRNN's simulator loads: a file that needs pickles fails here
    w = np.load(sys.argv[1], allow_pickle=False)
    with open(sys.argv[2]) as handle:
        inputs = json.load(handle)
    dims, problems, layout = check_file(w)
    name = bytes(w["cogrnn_transfer_function"]).decode() if "cogrnn_transfer_function" in w.files else "relu"
    x = np.asarray(inputs["x"], dtype=np.float64)
    outputs, states = run_trials(w, x, float(inputs["alpha"]), FUNCTIONS[name])
    json.dump({"numpy": np.__version__, "dims": dims, "layout": layout, "problems": problems, "transfer_function": name,
               "outputs": outputs.tolist(), "states": states.tolist()}, sys.stdout)


if __name__ == "__main__":
    main()
