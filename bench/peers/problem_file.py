"""What both peer scripts share: their arguments, the problem file they read (bench/peers/problem.ts writes it),
the timing loop and the JSON line they print (bench/peers/report.ts parses it).

problem.npz holds, all little-endian:
  W_in [N_rec, N_in], W_rec [N_rec, N_rec], W_out [N_out, N_rec], b_rec [N_rec], b_out [N_out],
  init_state [1, N_rec]  -- float32, the EFFECTIVE weights (PsychRNN's saved-weights layout, masks and Dale applied)
  x [N_batch, N_steps, N_in], y [N_batch, N_steps, N_out], mask [N_batch, N_steps, N_out]  -- float32, one batch
  cogrnn_transfer_function  -- uint8, the transfer function's name in ASCII (relu, tanh, sigmoid, softplus, linear)
  alpha, learning_rate, beta1, beta2, epsilon, clip_grads  -- 0-d float64 (clip_grads is 1 or 0)
plus the other arrays of a CogRNN weights file (Dale and connectivity matrices), which the peers do not need
because the weights are already effective.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np

WEIGHTS = ("W_in", "W_rec", "W_out", "b_rec", "b_out", "init_state")
SETTINGS = ("alpha", "learning_rate", "beta1", "beta2", "epsilon", "clip_grads")
TRANSFER_FUNCTIONS = ("relu", "tanh", "sigmoid", "softplus", "linear")


def parse_args(description, threads_option):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("problem", help="problem.npz written by `npm run bench -- --peers` (bench/peers/problem.ts)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed iterations first (JIT compilation, caches)")
    parser.add_argument("--iterations", type=int, default=7, help="timed iterations; the report gives their median")
    if threads_option:
        parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="CPU threads (default: every core)")
    args = parser.parse_args()
    if args.warmup < 0 or args.iterations < 1 or getattr(args, "threads", 1) < 1:
        parser.error("--warmup must be >= 0, --iterations and --threads >= 1")
    return args


def load_problem(path):
    """The weights (float32 arrays), the batch (x, y, mask), the transfer function's name and the settings."""
    with np.load(path) as npz:
        missing = [k for k in WEIGHTS + ("x", "y", "mask", "cogrnn_transfer_function") + SETTINGS if k not in npz]
        if missing:
            sys.exit(f"{path}: missing member(s) {', '.join(missing)}; write it with bench/peers/problem.ts")
        weights = {k: np.ascontiguousarray(npz[k], dtype=np.float32) for k in WEIGHTS}
        batch = {k: np.ascontiguousarray(npz[k], dtype=np.float32) for k in ("x", "y", "mask")}
        transfer = bytes(npz["cogrnn_transfer_function"]).decode("ascii")
        settings = {k: float(npz[k]) for k in SETTINGS}
    if transfer not in TRANSFER_FUNCTIONS:
        sys.exit(f"{path}: transfer function {transfer!r} is not one of {', '.join(TRANSFER_FUNCTIONS)}")
    settings["clip_grads"] = settings["clip_grads"] != 0
    return weights, batch, transfer, settings


def time_training(step, warmup, iterations):
    """Runs `step()` (one optimizer step, finished when it returns; it returns the loss before its update)
    warmup + iterations times: the first call's loss and the timed calls' milliseconds."""
    first_loss = None
    samples = []
    for k in range(warmup + iterations):
        start = time.perf_counter()
        loss = step()
        elapsed = (time.perf_counter() - start) * 1000
        if first_loss is None:
            first_loss = float(loss)
        if k >= warmup:
            samples.append(elapsed)
    return first_loss, samples


def report(peer, version, threads, batch, weights, first_loss, samples, warmup):
    """The one JSON line on stdout that bench/peers/report.ts parses."""
    n_batch, n_steps, n_in = batch["x"].shape
    print(json.dumps({
        "peer": peer,
        "version": version,
        "threads": threads,
        "N_in": int(n_in),
        "N_rec": int(weights["W_rec"].shape[0]),
        "N_out": int(weights["W_out"].shape[0]),
        "N_batch": int(n_batch),
        "N_steps": int(n_steps),
        "first_loss": first_loss,
        "warmup": warmup,
        "samples_ms": samples,
        "ms_per_iteration": statistics.median(samples),
    }))
