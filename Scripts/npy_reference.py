#!/usr/bin/env python3
"""Loads a .npy file with NumPy (np.load, no pickles), for tests of spokend's NPYFile writer.

Usage: npy_reference.py FILE.npy
Prints JSON: descr (dtype.str), shape, fortran_order, version (major) and values (flattened in C order).
"""

import json
import sys

import numpy as np

path = sys.argv[1]
with open(path, "rb") as f:
    version = np.lib.format.read_magic(f)
a = np.load(path, allow_pickle=False)
print(json.dumps(dict(
    descr=a.dtype.str,
    shape=list(a.shape),
    fortran_order=bool(a.flags.f_contiguous and not a.flags.c_contiguous),
    version=version[0],
    values=a.reshape(-1).tolist(),
)))
