#!/usr/bin/env python3
"""librosa's log-mel features of a WAV file, compared with what `spokend features` wrote for it.

Usage: features_reference.py FILE.wav FRONTEND.json SPOKEND.npy
Prints JSON: shape (librosa's [frames, mels]), spokend_shape, spokend_dtype, max_abs_db (largest difference in dB),
resampled (whether the file's rate differed from the config's).

The reference pipeline is independent of spokend's code: libsndfile reads the file (soundfile, float64), channels
are averaged, a file at another rate goes through scipy.signal.resample_poly with the filter spokend documents
(make_resampler_fixtures.design), and the features are librosa melspectrogram + power_to_db as in
make_dsp_fixtures.log_mel.
"""

import json
import sys
from pathlib import Path

import numpy as np
import scipy.signal
import soundfile

sys.path.insert(0, str(Path(__file__).parent))
from make_dsp_fixtures import log_mel  # noqa: E402
from make_resampler_fixtures import design  # noqa: E402

wav, config_path, npy = sys.argv[1:4]
cfg = json.loads(Path(config_path).read_text())
data, rate = soundfile.read(wav, dtype="float64", always_2d=True)
y = data.mean(axis=1)
resampled = rate != cfg["sample_rate"]
if resampled:
    up, down, _, taps = design(rate, cfg["sample_rate"])
    y = scipy.signal.resample_poly(y, up, down, window=taps)
reference = log_mel(cfg, y)
mine = np.load(npy, allow_pickle=False)
same_shape = mine.shape == reference.shape
print(json.dumps(dict(
    shape=list(reference.shape),
    spokend_shape=list(mine.shape),
    spokend_dtype=mine.dtype.str,
    max_abs_db=float(np.abs(mine.astype(np.float64) - reference).max()) if same_shape and mine.size else None,
    resampled=bool(resampled),
)))
