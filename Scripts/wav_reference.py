#!/usr/bin/env python3
"""Reads a WAV file with libsndfile (soundfile) and scipy.io.wavfile, for tests of spokend's WAV writer.

Usage: wav_reference.py FILE.wav
Prints JSON: sample_rate, channels, subtype (libsndfile's name), frames, samples (interleaved float64, as
soundfile.read returns them) and scipy_ok (whether scipy.io.wavfile also reads it with the same shape).
"""

import json
import sys

import numpy as np
import scipy.io.wavfile
import soundfile

path = sys.argv[1]
info = soundfile.info(path)
data, rate = soundfile.read(path, dtype="float64", always_2d=True)
scipy_rate, scipy_data = scipy.io.wavfile.read(path)
scipy_shape = scipy_data.reshape(len(scipy_data), -1).shape
print(json.dumps(dict(
    sample_rate=rate,
    channels=data.shape[1],
    subtype=info.subtype,
    frames=data.shape[0],
    samples=data.reshape(-1).tolist(),
    scipy_ok=bool(scipy_rate == rate and scipy_shape == data.shape),
)))
