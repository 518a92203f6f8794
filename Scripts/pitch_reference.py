"""librosa's YIN and pYIN on a raw float32 signal: the reference for spokend's PitchEstimator.

Usage: pitch_reference.py SIGNAL.f32 SAMPLE_RATE FRAME HOP FMIN FMAX
Prints JSON: {"yin": [f0 per frame], "pyin": [f0 per frame or null], "pyin_voiced": [bool per frame]}.
"""

import json
import sys

import librosa
import numpy as np


def main() -> None:
    path, sr, frame, hop, fmin, fmax = sys.argv[1:7]
    y = np.fromfile(path, dtype="<f4").astype(np.float64)
    sr, frame, hop, fmin, fmax = float(sr), int(frame), int(hop), float(fmin), float(fmax)
    yin = librosa.yin(y, fmin=fmin, fmax=fmax, sr=sr, frame_length=frame, hop_length=hop)
    f0, voiced, _ = librosa.pyin(y, fmin=fmin, fmax=fmax, sr=sr, frame_length=frame, hop_length=hop)
    print(
        json.dumps(
            {
                "yin": [float(v) for v in yin],
                "pyin": [None if np.isnan(v) else float(v) for v in f0],
                "pyin_voiced": [bool(v) for v in voiced],
            }
        )
    )


if __name__ == "__main__":
    main()
