#!/usr/bin/env python3
"""What listening to silence costs: spokend's process CPU (user + system) over wall time while it hears quiet noise.

Usage: idle_cpu.py --spokend PATH [PATH ...] [--seconds 60] [--runs 3] [--models DIR]

Each run writes quiet noise (about -60 dBFS, seeded) to a temporary WAV a little longer than the measurement, starts
`spokend listen --input FILE --realtime` (the file paced at real time, as a microphone delivers it), lets it settle
for 3 s (model loading and start-up are not listening), then reads, at the start and at the end of a window of
`--seconds` wall-clock seconds, each thread's time on a CPU in nanoseconds (/proc/PID/task/TID/schedstat), its count
of sleeps (voluntary context switches in /proc/PID/task/TID/status: every sleep is a wake-up later), and the whole
process's utime + stime (/proc/PID/stat), which the kernel gives in whole 10 ms clock ticks (0.017 % of a core
over 60 s: the figure of earlier sessions, shown beside). The table gives each run's share of one core (from the
threads' nanoseconds: a thread that appeared in the window counts whole, one that ended in it is missed, which at
rest is none) and wake-ups per second, and the medians. Several binaries (an old one
beside a new one) are measured in turns, run 1 of each, then run 2 of each, so that they share the machine's minutes;
on a shared machine other processes do not add to these figures (they are this process's own), but they can stretch
its wake-ups, so compare binaries measured in the same minutes and take the median.
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


def threads(pid):
    """(nanoseconds on a CPU, voluntary context switches) of each thread of process `pid`, by thread id."""
    counts = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                nanoseconds = int(f.read().split()[0])
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                switches = next(int(line.split()[1]) for line in f if line.startswith("voluntary_ctxt_switches:"))
            counts[tid] = (nanoseconds, switches)
        except FileNotFoundError:  # the thread ended meanwhile
            pass
    return counts


def quiet_wav(directory, seconds, seed):
    """A 16-bit WAV of `seconds` of quiet noise (about -60 dBFS, seeded) in `directory`; returns its path."""
    wav = os.path.join(directory, "quiet.wav")
    rng = np.random.default_rng(seed)
    soundfile.write(wav, rng.standard_normal(int(seconds * RATE)) * 1e-3, RATE, subtype="PCM_16")
    return wav


def run(spokend, seconds, models, seed):
    """One measurement: (share of a core, by ticks, wake-ups per second) of `spokend listen` on paced quiet noise."""
    with tempfile.TemporaryDirectory() as directory:
        wav = quiet_wav(directory, seconds + SETTLE + 5, seed)
        command = [spokend, "listen", "--input", wav, "--realtime"] + (["--models", models] if models else [])
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(SETTLE)
            start_cpu, start, start_wall = cpu_seconds(process.pid), threads(process.pid), time.monotonic()
            time.sleep(seconds)
            end_cpu, end, end_wall = cpu_seconds(process.pid), threads(process.pid), time.monotonic()
        finally:
            process.terminate()
            process.wait()
        wall = end_wall - start_wall
        nanoseconds = sum(end[tid][0] - start.get(tid, (0, 0))[0] for tid in end)
        wakes = sum(end[tid][1] - start.get(tid, (0, 0))[1] for tid in end)
        return nanoseconds * 1e-9 / wall, (end_cpu - start_cpu) / wall, wakes / wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spokend", required=True, nargs="+", help="one binary, or several measured in turns")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--models")
    args = parser.parse_args()
    results = {binary: [] for binary in args.spokend}
    for index in range(args.runs):
        for binary in args.spokend:
            share, ticks, wakes = run(binary, args.seconds, args.models, seed=index)
            results[binary].append((share, ticks, wakes))
            print(
                f"{binary}: run {index + 1}: {100 * share:.3f} % of a core (ticks {100 * ticks:.3f} %), "
                f"{wakes:.1f} wake-ups/s over {args.seconds:.0f} s",
                flush=True,
            )
    for binary, measured in results.items():
        share, ticks, wakes = (statistics.median(m[i] for m in measured) for i in range(3))
        print(
            f"{binary}: median {100 * share:.3f} % of a core (ticks {100 * ticks:.3f} %), {wakes:.1f} wake-ups/s "
            f"({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
