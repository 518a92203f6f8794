#!/usr/bin/env python3
"""Utterance detection on continuous speech: spokend's VAD and segmenter against webrtcvad and silero-vad.

Usage: vad_eval.py --corpus DIR --spokend PATH [--work DIR] [--utterances N] [--seed S] [--json] [--only spokend]

Streams: corpus clips (`spokend corpus generate`, each clip is one number with about 50 ms of silence before and
after it) laid end to end with a pause between clips drawn uniformly from 0.5-1.5 s ("long gaps") or 0.15-0.5 s
("short gaps", someone reading digits quickly), 1 s of lead-in and tail, the same clips and pauses for every noise
level. Noise: none ("clean", digital silence between clips), or Gaussian pink (1/f) noise at 20 dB and 10 dB SNR,
where SNR compares the mean power of the clips with the noise's. Streams are written to WORK/<condition>.wav (16 kHz,
16-bit) with WORK/<condition>.json (each clip's start, end, language, number) and reused when present.

Scoring, one event per utterance: a detected segment and a labelled clip match when their overlap is at least half
of the clip; each clip and each segment matches at most once (largest overlap first). Recall = matched clips /
clips (an utterance merged into its neighbour's segment, or missed, is lost); precision = matched segments /
segments (a split utterance or a noise burst costs precision).

End-of-speech decision (spokend only, which says when it decided: `decided` in its JSON, the moment the last sample
of the frame that decided had arrived): for each matched clip, the time from the end of the clip's speech to the
moment spokend closed the segment, in stream time: median and 95th percentile per condition. This is what a listener
waits for beyond the speech itself, before any model runs. The end of the clip's speech is where
librosa.effects.trim(top_db=40) ends it, so the clip's own trailing silence does not count: with 32 ms windows every
4 ms (frame_length 512, hop 64; centred windows, and the end is the hop after the last one within 40 dB of the
loudest), a sound that stops abruptly is still in the windows centred up to 16 ms after it, so that end lies 15 ms
(median; 8-18 ms for 90 % of the clips) after the one found with 2 ms windows every 0.5 ms (frame_length 32, hop 8),
which is where the sound stops. Both are reported; the second is the stricter measure. In noise, a fading end below
the noise is counted as speech by both (no detector can hear it, so there the measure is strict anyway).

Detectors, each with its documented defaults:
- spokend: `spokend segments FILE --json` (the daemon's front end, VAD and segmenter).
- webrtcvad (pip webrtcvad-wheels), aggressiveness 3, 30 ms frames, with the segmentation of its own example
  (example.py's vad_collector): a 300 ms window of frames, speech starts when 90 % of it is voiced and ends when
  90 % is unvoiced. Also with a 150 ms window, to give it the shorter memory short gaps need.
- silero-vad (pip silero-vad, its bundled ONNX model run with onnxruntime; the package's torch dependency is too
  heavy for CI, so torch is not installed and its `get_speech_timestamps_from_probs` is imported with a stub for the
  module-level torch names it never calls): threshold 0.5, min speech 250 ms, min silence 100 ms, pad 30 ms.
"""

import argparse
import importlib.util
import json
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import soundfile

RATE = 16000
CONDITIONS = [
    (gaps, noise)
    for gaps in ("long", "short")
    for noise in ("clean", "20dB", "10dB")
]
GAP_RANGES = {"long": (0.5, 1.5), "short": (0.15, 0.5)}


def manifest(corpus):
    import csv

    with open(Path(corpus) / "manifest.csv") as f:
        return [row for row in csv.DictReader(f) if int(row["sample_rate"]) == RATE]


def pink_noise(count, rng):
    """Gaussian noise with a 1/f power spectrum (unit variance)."""
    white = rng.standard_normal(count)
    spectrum = np.fft.rfft(white)
    freqs = np.fft.rfftfreq(count, 1 / RATE)
    spectrum[1:] /= np.sqrt(freqs[1:])
    spectrum[0] = 0
    pink = np.fft.irfft(spectrum, count)
    return pink / pink.std()


def build_streams(corpus, work, utterances, seed):
    """Writes WORK/<gaps>-<noise>.wav and .json for every condition, unless already there."""
    work.mkdir(parents=True, exist_ok=True)
    rows = manifest(corpus)
    for gaps in ("long", "short"):
        if all((work / f"{gaps}-{noise}.json").exists() for noise in ("clean", "20dB", "10dB")):
            continue
        rng = np.random.default_rng([seed, 0 if gaps == "long" else 1])
        picks = rng.choice(len(rows), size=utterances, replace=False)
        low, high = GAP_RANGES[gaps]
        pieces, labels, position = [np.zeros(RATE)], [], RATE
        for index in picks:
            row = rows[index]
            clip, rate = soundfile.read(Path(corpus) / row["path"], dtype="float64")
            assert rate == RATE
            labels.append(dict(start=position / RATE, end=(position + len(clip)) / RATE, language=row["language"],
                               number=int(row["number"]), path=row["path"]))
            pieces.append(clip)
            position += len(clip)
            pause = int(round(rng.uniform(low, high) * RATE))
            pieces.append(np.zeros(pause))
            position += pause
        pieces.append(np.zeros(RATE))
        clean = np.concatenate(pieces)
        inside = np.zeros(len(clean), dtype=bool)
        for label in labels:
            inside[int(round(label["start"] * RATE)):int(round(label["end"] * RATE))] = True
        speech_power = np.mean(clean[inside] ** 2)
        noise = pink_noise(len(clean), rng)
        for name, snr in (("clean", None), ("20dB", 20), ("10dB", 10)):
            signal = clean if snr is None else clean + noise * np.sqrt(speech_power / 10 ** (snr / 10))
            peak = np.max(np.abs(signal))
            if peak >= 1:
                signal = signal * (0.99 / peak)
            soundfile.write(work / f"{gaps}-{name}.wav", signal, RATE, subtype="PCM_16")
            (work / f"{gaps}-{name}.json").write_text(json.dumps(labels))


def match(labels, segments):
    """One-to-one pairs (label index, segment index) by overlap (at least half of the clip), largest overlap first."""
    pairs = []
    for i, label in enumerate(labels):
        for j, (start, end) in enumerate(segments):
            overlap = min(end, label["end"]) - max(start, label["start"])
            if overlap >= 0.5 * (label["end"] - label["start"]):
                pairs.append((overlap, i, j))
    pairs.sort(reverse=True)
    used_labels, used_segments, matched_pairs = set(), set(), []
    for _, i, j in pairs:
        if i not in used_labels and j not in used_segments:
            used_labels.add(i)
            used_segments.add(j)
            matched_pairs.append((i, j))
    return matched_pairs


def score(labels, segments):
    """Precision, recall and counts with one-to-one matching by overlap (at least half of the clip)."""
    matched = len(match(labels, segments))
    return dict(precision=matched / max(1, len(segments)), recall=matched / max(1, len(labels)),
                segments=len(segments), utterances=len(labels), missed=len(labels) - matched,
                extra=len(segments) - matched)


def spokend_events(binary, wav):
    out = subprocess.run([binary, "segments", str(wav), "--json"], check=True, capture_output=True, text=True).stdout
    return [event for event in map(json.loads, out.splitlines()) if event["type"] == "utterance"]


def spokend_segments(binary, wav):
    return [(event["start"], event["end"]) for event in spokend_events(binary, wav)]


def speech_end(corpus, label, window=512):
    """Stream time at which the clip's speech ends: the clip's end minus its trailing silence (40 dB below peak), with
    `window`-sample windows every `window / 8` samples."""
    import librosa

    clip, _ = soundfile.read(Path(corpus) / label["path"], dtype="float32")
    _, (_, stop) = librosa.effects.trim(clip, top_db=40, frame_length=window, hop_length=window // 8)
    return label["start"] + stop / RATE


def decision_latency(corpus, binary, wav, labels):
    """Median and 95th percentile (ms) of spokend's end-of-speech decision after the matched clips' speech ends, by
    32 ms windows and by 2 ms windows (`sharp_`)."""
    events = spokend_events(binary, wav)
    pairs = match(labels, [(event["start"], event["end"]) for event in events])
    result = dict(matched=len(pairs))
    for prefix, window in (("", 512), ("sharp_", 32)):
        delays = np.array([events[j]["decided"] - speech_end(corpus, labels[i], window) for i, j in pairs]) * 1000
        result.update({f"{prefix}median_ms": float(np.median(delays)),
                       f"{prefix}p95_ms": float(np.percentile(delays, 95)), f"{prefix}max_ms": float(delays.max())})
    return result


def webrtc_segments(wav, window_ms, aggressiveness=3):
    import webrtcvad

    vad = webrtcvad.Vad(aggressiveness)
    audio, _ = soundfile.read(wav, dtype="int16")
    frame = RATE * 30 // 1000
    window = window_ms // 30
    segments, ring, triggered, start = [], [], False, 0.0
    for index in range(len(audio) // frame):
        chunk = audio[index * frame:(index + 1) * frame]
        voiced = vad.is_speech(chunk.tobytes(), RATE)
        time = index * frame / RATE
        ring = (ring + [(time, voiced)])[-window:]
        if not triggered:
            if len(ring) == window and sum(v for _, v in ring) > 0.9 * window:
                triggered, start = True, ring[0][0]
                ring = []
        elif len(ring) == window and sum(not v for _, v in ring) > 0.9 * window:
            segments.append((start, time + frame / RATE))
            triggered, ring = False, []
    if triggered:
        segments.append((start, len(audio) / RATE))
    return segments


def silero_timestamps():
    """silero-vad's own `get_speech_timestamps_from_probs`, imported without torch (see the module's comment)."""
    # find_spec locates the package without running its __init__, which imports torch.
    package = Path(importlib.util.find_spec("silero_vad").submodule_search_locations[0])

    class Anything:
        def __getattr__(self, name):
            return Anything()

        def __call__(self, *args, **kwargs):
            return args[0] if args and callable(args[0]) else Anything()

    # The stub is there only while utils_vad.py is loaded: left in sys.modules, it would make scipy (imported later
    # by librosa for the decision latency) take it for the real torch and fail.
    stubbed = "torch" not in sys.modules
    if stubbed:
        stub = types.ModuleType("torch")
        stub.__getattr__ = lambda name: Anything()
        sys.modules["torch"] = stub
    spec = importlib.util.spec_from_file_location("silero_utils", package / "utils_vad.py")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        if stubbed:
            del sys.modules["torch"]
    return package / "data" / "silero_vad.onnx", module.get_speech_timestamps_from_probs


def silero_segments(wav):
    import onnxruntime

    model, timestamps = silero_timestamps()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(model), sess_options=options, providers=["CPUExecutionProvider"])
    audio, _ = soundfile.read(wav, dtype="float32")
    window, context = 512, 64
    audio = np.concatenate([audio, np.zeros((-len(audio)) % window, dtype=np.float32)])
    state = np.zeros((2, 1, 128), dtype=np.float32)
    previous = np.zeros(context, dtype=np.float32)
    probs = []
    for index in range(0, len(audio), window):
        chunk = audio[index:index + window]
        x = np.concatenate([previous, chunk])[None, :]
        out, state = session.run(None, {"input": x, "state": state, "sr": np.array(RATE, dtype=np.int64)})
        probs.append(float(out[0, 0]))
        previous = chunk[-context:]
    found = timestamps(probs, sampling_rate=RATE, return_seconds=True, audio_length_samples=len(audio))
    return [(s["start"], s["end"]) for s in found]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--spokend", required=True)
    parser.add_argument("--work", default="vad-eval")
    parser.add_argument("--utterances", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", help="run only this detector (e.g. spokend)")
    args = parser.parse_args()
    work = Path(args.work)
    build_streams(args.corpus, work, args.utterances, args.seed)
    detectors = {
        "spokend": lambda wav: spokend_segments(args.spokend, wav),
        "webrtcvad (300 ms)": lambda wav: webrtc_segments(wav, 300),
        "webrtcvad (150 ms)": lambda wav: webrtc_segments(wav, 150),
        "silero-vad": silero_segments,
    }
    if args.only:
        detectors = {args.only: detectors[args.only]}
    results, latencies = [], []
    for gaps, noise in CONDITIONS:
        wav = work / f"{gaps}-{noise}.wav"
        labels = json.loads((work / f"{gaps}-{noise}.json").read_text())
        for name, detect in detectors.items():
            results.append(dict(gaps=gaps, noise=noise, detector=name, **score(labels, detect(wav))))
        if "spokend" in detectors:
            latencies.append(dict(gaps=gaps, noise=noise, **decision_latency(args.corpus, args.spokend, wav, labels)))
    if args.json:
        print(json.dumps(dict(detection=results, decision=latencies), indent=1))
        return
    def gaps(r):
        low, high = GAP_RANGES[r["gaps"]]
        return f"{low}-{high} s"

    print_table(["gaps", "noise", "detector", "precision", "recall", "segments", "missed", "extra"],
                [[gaps(r), r["noise"], r["detector"], f"{r['precision']:.3f}", f"{r['recall']:.3f}",
                  f"{r['segments']}/{r['utterances']}", str(r["missed"]), str(r["extra"])] for r in results])
    if latencies:
        print()
        keys = ("median_ms", "p95_ms", "max_ms", "sharp_median_ms", "sharp_p95_ms")
        print_table(["gaps", "noise", "spokend end-of-speech decision after the speech (32 ms trim): median", "p95",
                     "max", "after its last 2 ms: median", "p95"],
                    [[gaps(r), r["noise"]] + [f"{r[key]:.0f} ms" for key in keys] for r in latencies])


def print_table(columns, rows):
    """A Markdown table."""
    print("| " + " | ".join(columns) + " |")
    print("|" + " --- |" * len(columns))
    for row in rows:
        print("| " + " | ".join(row) + " |")

if __name__ == "__main__":
    main()
