#!/usr/bin/env python3
"""Makes Tests/SpokenDSPTests/Fixtures/resampler/: scipy.signal.resample_poly references for spokend's Resampler.

For each rate pair users meet (8000, 11025, 22050, 44100, 48000 Hz -> 16000 Hz and back) it designs the low-pass
the way spokend documents it (ResamplerFilter.swift): Kaiser's formulas for 85 dB and a transition band from 0.9 to
1.0 of the lower Nyquist frequency (scipy.signal.kaiserord), an odd tap count, scipy.signal.firwin with a Kaiser
window. It hands those taps to scipy.signal.resample_poly (window=taps) and stores, as raw little-endian files:
  <in>_<out>.input.f32    the test signal (float32)
  <in>_<out>.output.f64   resample_poly's output in float64
  <in>_<out>.taps.f64     the taps (only for filters of at most 1000 taps, to keep the fixtures small)
and a manifest resampler.json with the rates, factors, tap count and beta. Deterministic: rerunning gives the same
files. Usage: .venv/bin/python3 Scripts/make_resampler_fixtures.py [output-dir]
"""

import json
import math
import pathlib
import sys

import numpy as np
import scipy.signal

ATTENUATION_DB = 85.0
PASSBAND = 0.9
RATES = [8000, 11025, 22050, 44100, 48000]


def design(input_rate, output_rate):
    divisor = math.gcd(input_rate, output_rate)
    up, down = output_rate // divisor, input_rate // divisor
    width = (1 - PASSBAND) / max(up, down)  # relative to the up-sampled Nyquist frequency
    numtaps, beta = scipy.signal.kaiserord(ATTENUATION_DB, width)
    numtaps |= 1  # odd: an integer delay, as resample_poly assumes
    cutoff = (1 + PASSBAND) / 2 / max(up, down)
    taps = scipy.signal.firwin(numtaps, cutoff, window=("kaiser", beta))
    return up, down, beta, taps


def signal(rate, seconds=0.05, seed=7):
    """Tones below, near and above 8 kHz plus a little white noise, peak below 1."""
    t = np.arange(int(rate * seconds)) / rate
    x = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 3100 * t + 0.5)
    x += 0.15 * np.sin(2 * np.pi * 0.47 * rate * t + 1.0)  # near the input's own Nyquist frequency
    x += 0.1 * np.random.default_rng(seed).standard_normal(t.size)
    return (x / np.max(np.abs(x)) * 0.9).astype(np.float32)


def main():
    here = pathlib.Path(__file__).resolve().parent.parent
    out_dir = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else here / "Tests/SpokenDSPTests/Fixtures/resampler"
    out_dir.mkdir(parents=True, exist_ok=True)
    cases = []
    for input_rate, output_rate in [(r, 16000) for r in RATES] + [(16000, r) for r in RATES]:
        up, down, beta, taps = design(input_rate, output_rate)
        x = signal(input_rate)
        y = scipy.signal.resample_poly(x.astype(np.float64), up, down, window=taps)
        name = f"{input_rate}_{output_rate}"
        x.astype("<f4").tofile(out_dir / f"{name}.input.f32")
        y.astype("<f8").tofile(out_dir / f"{name}.output.f64")
        case = dict(name=name, input_rate=input_rate, output_rate=output_rate, up=up, down=down,
                    numtaps=len(taps), beta=beta, input_count=len(x), output_count=len(y))
        if len(taps) <= 1000:
            (taps * up).astype("<f8").tofile(out_dir / f"{name}.taps.f64")
            case["taps"] = True
        cases.append(case)
    manifest = dict(attenuation_db=ATTENUATION_DB, passband=PASSBAND, scipy=scipy.__version__, cases=cases)
    (out_dir / "resampler.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {out_dir}")


if __name__ == "__main__":
    main()
