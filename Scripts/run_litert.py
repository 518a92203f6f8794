#!/usr/bin/env python3
"""Runs a .tflite model in TensorFlow Lite (ai-edge-litert, BUILTIN_REF kernels, one thread): proof that a file
spokend's ModelWriter wrote is a standard TFLite model that TFLite itself loads and runs.

  run_litert.py MODEL --inputs IN0.npy [...] --outputs OUT0.npy [...]

Inputs carry a batch on the first axis, as for run_tflm.py. TFLite's kernels round differently from TFLM's (1 LSB
on some outputs of a layer, growing through later layers), so these outputs are compared loosely; run_tflm.py is
the bit-exact oracle.
"""

import argparse

import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model")
    parser.add_argument("--inputs", nargs="+", required=True)
    parser.add_argument("--outputs", nargs="+", required=True)
    args = parser.parse_args()

    interpreter = Interpreter(model_path=args.model, num_threads=1,
                              experimental_op_resolver_type=OpResolverType.BUILTIN_REF)
    interpreter.allocate_tensors()
    inputs = interpreter.get_input_details()
    outputs = interpreter.get_output_details()
    batches = [np.load(path) for path in args.inputs]
    results = []
    for n in range(batches[0].shape[0]):
        for detail, batch in zip(inputs, batches):
            interpreter.set_tensor(detail["index"], batch[n].reshape(detail["shape"]))
        interpreter.invoke()
        results.append([interpreter.get_tensor(d["index"]) for d in outputs[:len(args.outputs)]])
    for k, path in enumerate(args.outputs):
        np.save(path, np.stack([r[k] for r in results]))


if __name__ == "__main__":
    main()
