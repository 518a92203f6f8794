#!/usr/bin/env python3
"""Per-invoke time of TFLite's own interpreter (ai-edge-litert), of tflite-micro and of spokend on .tflite models,
one thread, in one run, with spokend's ratios to TFLite.

The speed goal of the Swift interpreter (issue 4 §9) is stated against these numbers: at least 10x faster than
litert's BUILTIN_REF kernels and within 2x of its default (optimized, XNNPACK-delegated) kernels. `make bench-nn`
runs this with `--spokend .build/release/spokend`; spokend is timed through `spokend invoke` on a small and a large
batch of random inputs, the difference of the two runs' CPU times over the difference of their sizes, so that
starting the process and loading the model cancel out.

Usage: .venv/bin/python3 Scripts/bench_litert.py MODEL.tflite [...] [--seconds 2] [--spokend BINARY] [--json]
Needs ai-edge-litert and tflite-micro (Scripts/requirements.txt).
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402


def litert_interpreter(path, resolver):
    from ai_edge_litert import interpreter as litert

    kinds = {"ref": litert.OpResolverType.BUILTIN_REF, "default": litert.OpResolverType.AUTO}
    interpreter = litert.Interpreter(model_path=path, num_threads=1, experimental_op_resolver_type=kinds[resolver])
    interpreter.allocate_tensors()
    return interpreter


def random_input(shape, dtype, rng):
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return rng.integers(info.min, info.max + 1, size=shape, dtype=dtype)
    return rng.normal(0, 1, size=shape).astype(dtype)


def time_calls(call, seconds):
    """Median per-call CPU time of this thread in microseconds, over batches of calls lasting about `seconds`.

    CPU time rather than wall time, so a busy machine (other processes on the same cores) inflates both sides of
    a comparison less; the Swift benchmark measures the same way (CLOCK_THREAD_CPUTIME_ID)."""
    call()  # warm up
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < 0.05:
        call()
        n += 1
    batch = max(1, n)
    samples = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end or len(samples) < 5:
        t0 = time.thread_time()
        for _ in range(batch):
            call()
        samples.append((time.thread_time() - t0) / batch * 1e6)
    return statistics.median(samples)


def bench_litert(path, resolver, seconds, rng):
    interpreter = litert_interpreter(path, resolver)
    for detail in interpreter.get_input_details():
        interpreter.set_tensor(detail["index"], random_input(detail["shape"], detail["dtype"], rng))
    return time_calls(interpreter.invoke, seconds)


def bench_tflm(path, seconds, rng):
    from tflite_micro.python.tflite_micro import runtime

    with open(path, "rb") as f:
        model = f.read()
    interpreter = runtime.Interpreter.from_bytes(model, arena_size=1 << 20)
    for i in range(len(litert_interpreter(path, "ref").get_input_details())):
        detail = interpreter.get_input_details(i)
        interpreter.set_input(random_input(detail["shape"], detail["dtype"], rng), i)
    return time_calls(interpreter.invoke, seconds)


def bench_spokend(binary, path, rng, small=1000, large=11000, repeats=3):
    """Per-invoke CPU time of `spokend invoke` in microseconds: the best of `repeats` differences between a batch of
    `large` and one of `small` random inputs (the first axis of the .npy is the batch)."""
    detail = litert_interpreter(path, "ref").get_input_details()[0]
    with tempfile.TemporaryDirectory() as folder:
        def child_cpu(count):
            batch = os.path.join(folder, f"x{count}.npy")
            if not os.path.exists(batch):
                np.save(batch, random_input((count, *detail["shape"]), detail["dtype"], rng))
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([binary, "invoke", path, "--input", batch, "--output", os.path.join(folder, "y.npy")],
                           check=True, stdout=subprocess.DEVNULL)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        return min((child_cpu(large) - child_cpu(small)) / (large - small) * 1e6 for _ in range(repeats))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="+")
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per model and runtime")
    parser.add_argument("--spokend", metavar="BINARY", help="also time this spokend binary's interpreter")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    results = []
    for path in args.models:
        row = dict(model=os.path.basename(path),
                   litert_builtin_ref_us=bench_litert(path, "ref", args.seconds, rng),
                   litert_default_us=bench_litert(path, "default", args.seconds, rng),
                   tflite_micro_us=bench_tflm(path, args.seconds, rng))
        if args.spokend:
            row["spokend_us"] = bench_spokend(args.spokend, path, rng)
            row["builtin_ref_over_spokend"] = row["litert_builtin_ref_us"] / row["spokend_us"]
            row["spokend_over_default"] = row["spokend_us"] / row["litert_default_us"]
        results.append(row)
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        print()
        return
    extra = f" {'spokend µs':>11} {'REF/spokend':>12} {'spokend/default':>16}" if args.spokend else ""
    print(f"{'model':28} {'litert REF µs':>14} {'litert default µs':>18} {'tflite-micro µs':>16}" + extra)
    for r in results:
        line = (f"{r['model']:28} {r['litert_builtin_ref_us']:14.1f} {r['litert_default_us']:18.1f} "
                f"{r['tflite_micro_us']:16.1f}")
        if args.spokend:
            line += (f" {r['spokend_us']:11.1f} {r['builtin_ref_over_spokend']:11.1f}x"
                     f" {r['spokend_over_default']:15.2f}x")
        print(line)


if __name__ == "__main__":
    main()
