#!/usr/bin/env python3
"""Runs a spokend binary's `invoke` on every fixture model (one `--input` per graph input) and checks its outputs
against the ones tflite-micro gave (Tests/SpokenNNTests/Fixtures/manifest.json), bit for bit.

`make nn-release` runs it on the release build: SpokenNN's kernels are compiled there for the building CPU's vector
units (Package.swift), so LLVM picks other instructions than in the debug build the unit tests run. Exits non-zero
on the first model whose outputs differ, naming it and the first differing element.

Usage: .venv/bin/python3 Scripts/check_release_invoke.py [--spokend .build/release/spokend]
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "SpokenNNTests", "Fixtures")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spokend", default=".build/release/spokend")
    args = parser.parse_args()
    with open(os.path.join(FIXTURES, "manifest.json")) as f:
        models = json.load(f)["models"]
    if not models or any(len(m["outputs"]) != 1 for m in models):
        sys.exit("check_release_invoke: the manifest must list fixture models, each with one output")
    with tempfile.TemporaryDirectory() as folder:
        for entry in models:
            output = os.path.join(folder, entry["name"] + ".npy")
            inputs = [arg for i in entry["inputs"] for arg in ("--input", os.path.join(FIXTURES, i["file"]))]
            subprocess.run([args.spokend, "invoke", os.path.join(FIXTURES, entry["model"])] + inputs
                           + ["--output", output], check=True, stdout=subprocess.DEVNULL)
            got = np.load(output)
            expected = np.load(os.path.join(FIXTURES, entry["outputs"][0]["file"]))
            if got.shape != expected.shape or got.dtype != expected.dtype or not np.array_equal(got, expected):
                where = np.argwhere(got != expected)[0] if got.shape == expected.shape else "shape"
                sys.exit(f"check_release_invoke: {entry['name']}: {args.spokend} differs from tflite-micro at {where}")
    print(f"release invoke: {len(models)} passed, 0 failed")


if __name__ == "__main__":
    main()
