#!/usr/bin/env python3
"""Writes the WAV fixtures of Tests/SpokenAudioTests/Fixtures/wav/ with independent writers.

Each fixture is written by Python's `wave`, `soundfile` (libsndfile) or `scipy.io.wavfile`, or byte by byte for the
chunk-layout cases (odd-sized unknown chunks and their pad bytes, `data` before `fmt `). Beside each `NAME.wav` goes
`NAME.f64`: the samples as libsndfile reads them (`soundfile.read(dtype="float64")`, interleaved, little-endian
float64), which the Swift reader must reproduce. `manifest.json` lists rate, channels and format of each.

Usage: .venv/bin/python3 Scripts/make_wav_fixtures.py [OUTPUT_DIR]
"""

import io
import json
import struct
import sys
import wave
from pathlib import Path

import numpy as np
import scipy.io.wavfile
import soundfile

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "Tests/SpokenAudioTests/Fixtures/wav"


def signal(rate, channels, seconds=0.01, seed=0):
    """A tone per channel plus noise, with exact full-scale extremes at the start (clipping edge cases)."""
    rng = np.random.default_rng(seed)
    n = int(rate * seconds)
    t = np.arange(n) / rate
    x = np.stack([0.6 * np.sin(2 * np.pi * (220 * (c + 1)) * t) for c in range(channels)], axis=1)
    x += 0.1 * rng.standard_normal((n, channels))
    x = np.clip(x, -1.0, 1.0)
    x[0, :] = -1.0
    x[1, :] = 0.999
    return x


def pcm_bytes(x, bits):
    """Integer PCM bytes as `wave` expects them: unsigned 8-bit, signed little-endian otherwise."""
    scale = 2 ** (bits - 1)
    q = np.clip(np.round(x * scale), -scale, scale - 1).astype(np.int64)
    if bits == 8:
        return (q + 128).astype(np.uint8).tobytes()
    if bits == 24:
        b = (q.astype(np.int32).astype("<i4").view(np.uint8)).reshape(-1, 4)[:, :3]
        return b.tobytes()
    return q.astype({16: "<i2", 32: "<i4"}[bits]).tobytes()


def with_wave(path, x, rate, bits):
    with wave.open(str(path), "wb") as w:
        w.setnchannels(x.shape[1])
        w.setsampwidth(bits // 8)
        w.setframerate(rate)
        w.writeframes(pcm_bytes(x, bits))


def chunk(cid, body):
    pad = b"\0" if len(body) % 2 else b""
    return cid + struct.pack("<I", len(body)) + body + pad


def fmt_pcm(channels, rate, bits):
    block = channels * bits // 8
    return chunk(b"fmt ", struct.pack("<HHIIHH", 1, channels, rate, rate * block, block, bits))


def riff(*chunks):
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = []

    def record(name, rate, channels, fmt, writer):
        data, sr = soundfile.read(str(OUT / name), dtype="float64", always_2d=True)
        assert sr == rate and data.shape[1] == channels, name
        (OUT / name).with_suffix(".f64").write_bytes(data.astype("<f8").tobytes())
        manifest.append(dict(file=name, sample_rate=rate, channels=channels, format=fmt, writer=writer))

    # Python's wave module: plain WAVE_FORMAT_PCM.
    for bits, rate, channels in [(8, 8000, 1), (16, 16000, 2), (24, 22050, 1), (32, 11025, 2)]:
        name = f"wave_pcm{bits}_{channels}ch_{rate}.wav"
        with_wave(OUT / name, signal(rate, channels, seed=bits), rate, bits)
        record(name, rate, channels, f"{bits}-bit PCM", "wave")

    # libsndfile: float, double, unsigned 8-bit, and WAVE_FORMAT_EXTENSIBLE with many channels.
    for fmt, subtype, container, rate, channels, label in [
        ("WAV", "FLOAT", "float32", 48000, 2, "32-bit float"),
        ("WAV", "DOUBLE", "float64", 16000, 1, "64-bit float"),
        ("WAV", "PCM_U8", "pcm8", 11025, 2, "8-bit PCM"),
        ("WAVEX", "PCM_16", "pcm16", 48000, 6, "16-bit PCM"),
        ("WAVEX", "PCM_24", "pcm24", 44100, 3, "24-bit PCM"),
        ("WAVEX", "FLOAT", "float32", 8000, 4, "32-bit float"),
    ]:
        name = f"soundfile_{fmt.lower()}_{container}_{channels}ch_{rate}.wav"
        soundfile.write(str(OUT / name), signal(rate, channels, seed=rate + channels), rate, subtype=subtype, format=fmt)
        record(name, rate, channels, label, "soundfile")

    # scipy.io.wavfile: float32 and int32 from arrays.
    x = signal(16000, 1, seed=7)
    scipy.io.wavfile.write(OUT / "scipy_float32_1ch_16000.wav", 16000, x[:, 0].astype(np.float32))
    record("scipy_float32_1ch_16000.wav", 16000, 1, "32-bit float", "scipy")
    x = signal(22050, 2, seed=8)
    scipy.io.wavfile.write(OUT / "scipy_pcm32_2ch_22050.wav", 22050, np.round(x * 2**31 - 0.5).astype(np.int32))
    record("scipy_pcm32_2ch_22050.wav", 22050, 2, "32-bit PCM", "scipy")

    # By hand: unknown chunks of odd size (each followed by its pad byte) around fmt and data, an odd-sized data
    # chunk with its pad byte followed by another chunk.
    x = signal(8000, 1, seed=9)
    pcm16 = pcm_bytes(x, 16)
    (OUT / "hand_odd_chunks_pcm16_1ch_8000.wav").write_bytes(
        riff(chunk(b"junk", b"abc"), fmt_pcm(1, 8000, 16), chunk(b"LIST", b"INFOISFT\x05\0\0\0spoke"),
             chunk(b"data", pcm16), chunk(b"cue ", b"\x01")))
    record("hand_odd_chunks_pcm16_1ch_8000.wav", 8000, 1, "16-bit PCM", "hand")
    pcm8 = pcm_bytes(signal(8000, 1, seed=10)[:-1], 8)  # 79 bytes: odd
    (OUT / "hand_odd_data_pcm8_1ch_8000.wav").write_bytes(
        riff(fmt_pcm(1, 8000, 8), chunk(b"data", pcm8), chunk(b"LIST", b"INFOx")))
    record("hand_odd_data_pcm8_1ch_8000.wav", 8000, 1, "8-bit PCM", "hand")

    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    print(f"wrote {len(manifest)} fixtures to {OUT}")


if __name__ == "__main__":
    main()
