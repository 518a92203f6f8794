#!/usr/bin/env python3
"""Re-runs every committed NN fixture (Tests/SpokenNNTests/Fixtures/manifest.json) through the live tflite-micro
package: its committed inputs must give exactly its committed outputs, and the arena figures tflite-micro's
RecordingMicroAllocator prints must be the ones in the manifest (total, head, tail and every category).

The Swift tests compare the interpreter with the committed files; this closes the loop to the oracle itself, so a
fixture that went stale (a tflite-micro upgrade, a hand edit) fails CI instead of being trusted. Prints a JSON report
{"oracle", "checked": [names], "failures": [lines]} and exits 1 when anything differs.

Usage: .venv/bin/python3 Scripts/check_fixtures_tflm.py
"""

import json
import os
import sys
from importlib.metadata import version

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import run_tflm  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "SpokenNNTests", "Fixtures")
ARENA_BYTES = 1 << 20  # the arena make_nn_fixtures.py recorded with


def check(entry):
    """The ways this fixture differs from live tflite-micro, as lines."""
    name = entry["name"]
    interpreter = run_tflm.load(os.path.join(FIXTURES, entry["model"]), ARENA_BYTES)
    inputs = [np.load(os.path.join(FIXTURES, i["file"])) for i in entry["inputs"]]
    expected = [np.load(os.path.join(FIXTURES, o["file"])) for o in entry["outputs"]]
    results = [[] for _ in expected]
    for n in range(inputs[0].shape[0]):
        for i, batch in enumerate(inputs):
            interpreter.set_input(batch[n], i)
        interpreter.invoke()
        for k in range(len(expected)):
            results[k].append(np.array(interpreter.get_output(k)))
    failures = []
    for k, (got, want) in enumerate(zip(results, expected)):
        got = np.stack(got)
        if got.shape != want.shape or got.dtype != want.dtype or not np.array_equal(got, want):
            failures.append(f"{name}: output {k} differs from the committed {entry['outputs'][k]['file']}")
    usage = run_tflm.allocations(interpreter)
    recorded = entry["tflm_arena"]
    for kind in ("total", "head", "tail"):
        if usage.get(kind) != recorded.get(kind):
            failures.append(f"{name}: arena {kind} {usage.get(kind)}, manifest {recorded.get(kind)}")
    if sorted(usage["records"], key=lambda r: r["name"]) != sorted(recorded["records"], key=lambda r: r["name"]):
        failures.append(f"{name}: arena categories {usage['records']}, manifest {recorded['records']}")
    return failures


def main():
    with open(os.path.join(FIXTURES, "manifest.json")) as f:
        models = json.load(f)["models"]
    failures = [line for entry in models for line in check(entry)]
    print(json.dumps(dict(oracle="tflite-micro " + version("tflite-micro"), checked=[m["name"] for m in models],
                          failures=failures), indent=1))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
