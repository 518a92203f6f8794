#!/usr/bin/env python3
"""Runs a .tflite model in tflite-micro (TFLM's reference kernels): the oracle for spokend's interpreter.

  run_tflm.py MODEL --inputs IN0.npy [IN1.npy ...] --outputs OUT0.npy [...] [--arena-bytes N]
  run_tflm.py MODEL --allocations [--arena-bytes N]

Inputs carry a batch on the first axis; every batch element is run and the outputs are stacked the same way.
--allocations prints TFLM's arena use as JSON ({"total", "head", "tail", "records"}): the RecordingMicroAllocator only prints
it from C++ to the process's stderr, so it is captured at the file-descriptor level. An arena too small for the
model makes TFLM fail to allocate (the interpreter raises or the process aborts): the exit status says so.
"""

import argparse
import json
import os
import re
import sys
import tempfile

import numpy as np


def load(model, arena_bytes):
    from tflite_micro.python.tflite_micro import runtime

    with open(model, "rb") as f:
        data = f.read()
    return runtime.Interpreter.from_bytes(data, arena_size=arena_bytes)


def allocations(interpreter):
    """Calls print_allocations() with fd 2 redirected to a file and parses the totals."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+") as capture:
        os.dup2(capture.fileno(), 2)
        try:
            interpreter.print_allocations()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        capture.seek(0)
        text = capture.read()
    usage = {}
    for kind, value in re.findall(r"Arena allocation (total|head|tail) (\d+) bytes", text):
        usage[kind] = int(value)
    pattern = r"'(.+)' used (\d+) bytes with alignment overhead \(requested (\d+) bytes for (\d+)"
    usage["records"] = [dict(name=name, used=int(used), requested=int(requested), count=int(count))
                        for name, used, requested, count in re.findall(pattern, text)]
    return usage


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--inputs", nargs="*", default=[])
    parser.add_argument("--outputs", nargs="*", default=[])
    parser.add_argument("--arena-bytes", type=int, default=1 << 20)
    parser.add_argument("--allocations", action="store_true")
    args = parser.parse_args()

    interpreter = load(args.model, args.arena_bytes)
    if args.allocations:
        print(json.dumps(allocations(interpreter)))
    if not args.inputs:
        return
    batches = [np.load(path) for path in args.inputs]
    results = []
    for n in range(batches[0].shape[0]):
        for i, batch in enumerate(batches):
            interpreter.set_input(batch[n], i)
        interpreter.invoke()
        results.append([np.array(interpreter.get_output(k)) for k in range(len(args.outputs))])
    for k, path in enumerate(args.outputs):
        np.save(path, np.stack([r[k] for r in results]))


if __name__ == "__main__":
    main()
