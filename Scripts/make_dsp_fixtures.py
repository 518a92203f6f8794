#!/usr/bin/env python3
"""librosa references for spokend's front end (Sources/SpokenDSP).

Usage:
  make_dsp_fixtures.py [OUT_DIR]       write the committed fixtures (default Tests/SpokenDSPTests/Fixtures/melspectrogram)
  make_dsp_fixtures.py --compare IN OUT
      IN:  JSON {"config": <FrontEndConfig JSON>, "signal": "<path to raw little-endian float32 samples>"}
      OUT: JSON {"log_mel": {"shape": [frames, mels], "values": [...]}, "filterbank": {"shape": [mels, bins],
           "values": [...]}} computed by librosa now, so a test can check a freshly synthesised signal.

The reference for a FrontEndConfig is librosa.power_to_db(librosa.feature.melspectrogram(...)) transposed to
frames x mels, then fitted to "frames" as FrameFit documents. The signal is promoted to float64 first, so the
reference is librosa's arithmetic at full precision (its mel basis stays float32, librosa's default).

Fixtures: signal_<rate>.f32 (raw little-endian float32) and one <case>.json per config holding the config, the
log-mel frames and the filterbank (each filter as its first non-zero bin and the run of weights from there).
"""
import json
import os
import sys

import librosa
import numpy as np


def filterbank(cfg, dtype=np.float64):
    return librosa.filters.mel(
        sr=cfg["sample_rate"], n_fft=cfg["n_fft"], n_mels=cfg["mels"], fmin=cfg.get("fmin", 0.0),
        fmax=cfg.get("fmax", cfg["sample_rate"] / 2), htk=cfg.get("mel_scale", "slaney") == "htk",
        norm="slaney" if cfg.get("mel_norm", "slaney") == "slaney" else None, dtype=dtype)


def log_mel(cfg, signal):
    """frames x mels, as FeatureExtractor.features(of:)."""
    y = np.asarray(signal, dtype=np.float64)
    log = cfg.get("log", {})
    S = librosa.feature.melspectrogram(
        y=y, sr=cfg["sample_rate"], n_fft=cfg["n_fft"], hop_length=cfg["hop"], window=cfg.get("window", "hann"),
        center=cfg.get("center", False), pad_mode=cfg.get("pad_mode", "constant"), power=float(cfg.get("power", 2)),
        n_mels=cfg["mels"], fmin=cfg.get("fmin", 0.0), fmax=cfg.get("fmax", cfg["sample_rate"] / 2),
        htk=cfg.get("mel_scale", "slaney") == "htk",
        norm="slaney" if cfg.get("mel_norm", "slaney") == "slaney" else None)
    ref, amin, top_db = log.get("ref", 1.0), log.get("amin", 1e-10), log.get("top_db")
    D = librosa.power_to_db(S, ref=ref, amin=amin, top_db=top_db).T
    if top_db is not None and D.size:
        pad_value = D.max() - top_db
    else:
        pad_value = 10 * np.log10(amin) - 10 * np.log10(max(amin, ref))
    if cfg.get("normalize") == "mel_mean" and D.size:
        D = D - D.mean(axis=0, keepdims=True)
        pad_value = D.min()
    frames = cfg.get("frames")
    if frames is None:
        return D
    n = D.shape[0]
    centred = cfg.get("fit", "pad_or_crop_center") == "pad_or_crop_center"
    if n >= frames:
        start = (n - frames) // 2 if centred else 0
        return D[start:start + frames]
    before = (frames - n) // 2 if centred else 0
    return np.pad(D, ((before, frames - n - before), (0, 0)), constant_values=pad_value)


def synthesize(rate, seconds, seed):
    """Speech-like test signal: a chirp, harmonics under a syllable envelope, a noise floor ~40 dB down."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(rate * seconds)) / rate
    f0 = 120 + 60 * np.sin(2 * np.pi * 1.3 * t)
    phase = 2 * np.pi * np.cumsum(f0) / rate
    voiced = sum(np.sin(k * phase) / k for k in range(1, 12) if k * 180 < rate / 2)
    envelope = 0.05 + 0.95 * np.abs(np.sin(2 * np.pi * 2.5 * t)) ** 2
    chirp = 0.2 * np.sin(2 * np.pi * (200 * t + 0.5 * (rate / 2.5 - 200) / seconds * t * t))
    noise = 0.01 * rng.standard_normal(t.size)
    y = 0.3 * envelope * voiced + chirp * (1 - envelope) + noise
    return (y / np.max(np.abs(y)) * 0.8).astype(np.float32)


CASES = {
    "sr16000_n512_h160_m40_slaney_stream": dict(
        sample_rate=16000, n_fft=512, hop=160, mels=40, center=False),
    "sr16000_n512_h160_m40_htk_centre": dict(
        sample_rate=16000, n_fft=512, hop=160, mels=40, mel_scale="htk", mel_norm="none", center=True,
        pad_mode="constant", log=dict(kind="db", top_db=80.0)),
    "sr8000_n256_h128_m32_slaney_reflect": dict(
        sample_rate=8000, n_fft=256, hop=128, mels=32, center=True, pad_mode="reflect",
        log=dict(kind="db", top_db=80.0)),
    "sr8000_n256_h128_m32_htk_magnitude": dict(
        sample_rate=8000, n_fft=256, hop=128, mels=32, fmin=100.0, fmax=3800.0, power=1, mel_scale="htk",
        mel_norm="slaney", center=False),
    "sr16000_n1024_h396_m96_slaney_hamming_padded": dict(
        sample_rate=16000, n_fft=1024, hop=396, mels=96, window="hamming", center=True, pad_mode="constant",
        log=dict(kind="db", ref=1.0, amin=1e-10, top_db=80.0), frames=30, fit="pad_or_crop_center"),
    "sr16000_n1024_h396_m96_htk_cropped": dict(
        sample_rate=16000, n_fft=1024, hop=396, mels=96, fmin=20.0, fmax=7600.0, mel_scale="htk", mel_norm="none",
        center=False, log=dict(kind="db", ref=10.0, amin=1e-8), frames=16, fit="pad_or_crop_end"),
}


def write_fixtures(out):
    os.makedirs(out, exist_ok=True)
    signals = {}
    for rate in (8000, 16000):
        signals[rate] = synthesize(rate, 0.6, seed=rate)
        signals[rate].astype("<f4").tofile(os.path.join(out, f"signal_{rate}.f32"))
    for name, cfg in CASES.items():
        D = log_mel(cfg, signals[cfg["sample_rate"]])
        W = filterbank(cfg)
        first, runs = [], []
        for row in W:
            nz = np.nonzero(row)[0]
            first.append(int(nz[0]) if nz.size else 0)
            runs.append([float(f"{w:.10g}") for w in row[nz[0]:nz[-1] + 1]] if nz.size else [])
        case = {
            "config": cfg,
            "signal": f"signal_{cfg['sample_rate']}.f32",
            "log_mel": {"shape": list(D.shape), "values": [float(f"{v:.6f}") for v in D.ravel()]},
            "filterbank": {"shape": list(W.shape), "first_bin": first, "weights": runs},
        }
        with open(os.path.join(out, f"{name}.json"), "w") as f:
            json.dump(case, f, separators=(",", ":"))
        print(f"{name}: log-mel {D.shape}, filterbank {W.shape}")


def compare(inp, out):
    with open(inp) as f:
        request = json.load(f)
    cfg = request["config"]
    signal = np.fromfile(request["signal"], dtype="<f4")
    D = log_mel(cfg, signal)
    W = filterbank(cfg)
    with open(out, "w") as f:
        json.dump({
            "log_mel": {"shape": list(D.shape), "values": D.ravel().tolist()},
            "filterbank": {"shape": list(W.shape), "values": W.ravel().tolist()},
        }, f)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    elif len(sys.argv) <= 2 and not (len(sys.argv) == 2 and sys.argv[1].startswith("-")):
        write_fixtures(sys.argv[1] if len(sys.argv) == 2 else os.path.join(
            os.path.dirname(__file__), "..", "Tests", "SpokenDSPTests", "Fixtures", "melspectrogram"))
    else:
        sys.exit(__doc__)
