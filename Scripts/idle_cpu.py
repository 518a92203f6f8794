#!/usr/bin/env python3
"""What listening to silence costs: spokend's process CPU (user + system) over wall time while it hears quiet noise.

Usage: idle_cpu.py --spokend PATH [--seconds 60] [--runs 3] [--models DIR]

Each run writes quiet noise (about -60 dBFS, seeded) to a temporary WAV a little longer than the measurement, starts
`spokend listen --input FILE --realtime` (the file paced at real time, as a microphone delivers it), lets it settle
for 3 s (model loading and start-up are not listening), then reads utime + stime of the whole process from
/proc/PID/stat at the start and at the end of a window of `--seconds` wall-clock seconds. The runs go one after the
other; the table gives each run's share of one core and the median. On a shared machine other processes do not add to
this figure (it is this process's CPU time), but they can stretch its wake-ups, so take the median.
"""

import argparse
import os
import statistics
import subprocess
import tempfile
import time

import numpy as np
import soundfile

RATE = 16000
SETTLE = 3.0


def cpu_seconds(pid):
    """utime + stime of process `pid` (all its threads) in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def run(spokend, seconds, models, seed):
    with tempfile.TemporaryDirectory() as directory:
        wav = os.path.join(directory, "quiet.wav")
        rng = np.random.default_rng(seed)
        total = int((seconds + SETTLE + 5) * RATE)
        soundfile.write(wav, rng.standard_normal(total) * 1e-3, RATE, subtype="PCM_16")
        command = [spokend, "listen", "--input", wav, "--realtime"] + (["--models", models] if models else [])
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(SETTLE)
            start_cpu, start_wall = cpu_seconds(process.pid), time.monotonic()
            time.sleep(seconds)
            cpu, wall = cpu_seconds(process.pid) - start_cpu, time.monotonic() - start_wall
        finally:
            process.terminate()
            process.wait()
        return cpu / wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spokend", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--models")
    args = parser.parse_args()
    shares = []
    for index in range(args.runs):
        share = run(args.spokend, args.seconds, args.models, seed=index)
        shares.append(share)
        print(f"run {index + 1}: {100 * share:.3f} % of a core over {args.seconds:.0f} s", flush=True)
    print(f"median: {100 * statistics.median(shares):.3f} % of a core ({args.runs} runs)")


if __name__ == "__main__":
    main()
