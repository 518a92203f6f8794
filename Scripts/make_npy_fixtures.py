#!/usr/bin/env python3
"""Writes .npy files with NumPy for the tests of spokend's NPYFile (Tests/SpokenNNTests/Fixtures/npy/).

Element i of every array is a formula the Swift test recomputes: ((37 i) mod 251) - 125 for integers,
0.25 i - 3 for floats. `manifest.json` lists each file with its dtype and shape, and for the files spokend must
refuse (other dtypes, big-endian, Fortran order, structured) the error code and a phrase of the message.
The tests also run this script into a temporary directory, so the committed files cannot go stale.

Usage: .venv/bin/python3 Scripts/make_npy_fixtures.py [OUTPUT_DIR]
"""

import json
import sys
from pathlib import Path

import numpy as np

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "Tests/SpokenNNTests/Fixtures/npy"


def values(shape, dtype):
    i = np.arange(int(np.prod(shape)), dtype=np.int64)
    x = (0.25 * i - 3) if np.dtype(dtype).kind == "f" else ((37 * i) % 251) - 125
    return x.astype(dtype).reshape(shape)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = []

    def save(name, array, version=None, expect=None):
        path = OUT / name
        if version is None:
            np.save(path, array)
        else:
            with open(path, "wb") as f:
                np.lib.format.write_array(f, array, version=version)
        manifest.append(dict(file=name, descr=array.dtype.str, shape=list(array.shape), expect=expect))

    save("f32_2x3_v1.npy", values((2, 3), "<f4"))
    save("i8_1000_v1.npy", values((1000,), "i1"))
    save("i16_2x2x2_v2.npy", values((2, 2, 2), "<i2"), version=(2, 0))
    save("i32_scalar_v1.npy", values((), "<i4"))
    save("f32_4x5_v3.npy", values((4, 5), "<f4"), version=(3, 0))
    save("f32_0x40_v1.npy", values((0, 40), "<f4"))
    save("i8_1x1x3x2_v1.npy", values((1, 1, 3, 2), "i1"))

    save("f64_refused.npy", values((3,), "<f8"), expect=dict(code="unsupportedType", phrase="'<f8'"))
    save("f32_big_endian_refused.npy", values((3,), ">f4"), expect=dict(code="unsupportedType", phrase="big-endian"))
    save("f32_fortran_refused.npy", np.asfortranarray(values((2, 3), "<f4")),
         expect=dict(code="unsupportedFeature", phrase="Fortran"))
    save("u8_refused.npy", values((3,), "u1") + 125, expect=dict(code="unsupportedType", phrase="'|u1'"))
    save("structured_refused.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i4")]),
         expect=dict(code="unsupportedType", phrase="structured"))

    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(manifest)} arrays to {OUT}")


if __name__ == "__main__":
    main()
