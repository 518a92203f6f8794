#!/usr/bin/env python3
"""How long spokend takes to stop while nobody speaks: the wall time from the signal to the process's exit.

Usage: stop_latency.py --spokend PATH [PATH ...] [--runs 10] [--models DIR]

Each run starts `spokend serve --input FILE --realtime` (quiet noise paced at real time, as a microphone delivers it;
a socket in a temporary directory) and `spokend listen --input FILE --realtime`, lets each settle for 3 s plus a
seeded part of a second (so the signal falls anywhere in the pipeline's 200 ms batch of silence), sends SIGTERM to
`serve` and SIGINT to `listen` (Ctrl-C), and times the signal to the exit (`waitpid`): the stop, the drain, the
socket server's close and the process's own teardown. Several binaries (an old one beside a new one) are measured in
turns, so that they share the machine's minutes; the table gives each one's median and largest time and its exit
statuses (0 is a clean stop).
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import tempfile
import time

from idle_cpu import quiet_wav

SETTLE = 3.0


def stop_time(spokend, command, models, delay):
    """(seconds from the signal to the exit, exit status) of one `spokend serve` or `spokend listen` in silence."""
    with tempfile.TemporaryDirectory() as directory:
        wav = quiet_wav(directory, 30, seed=0)
        arguments = [spokend, command, "--input", wav, "--realtime"] + (["--models", models] if models else [])
        if command == "serve":
            arguments += ["--socket", os.path.join(directory, "spokend.sock")]
        process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(SETTLE + delay)
        start = time.monotonic()
        process.send_signal(signal.SIGTERM if command == "serve" else signal.SIGINT)
        status = process.wait(timeout=60)
        return time.monotonic() - start, status


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spokend", required=True, nargs="+", help="one binary, or several measured in turns")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--models")
    args = parser.parse_args()
    delays = random.Random(0)
    results = {(binary, command): [] for command in ("serve", "listen") for binary in args.spokend}
    for _ in range(args.runs):
        delay = delays.random()
        for (binary, command), measured in results.items():
            measured.append(stop_time(binary, command, args.models, delay))
    for (binary, command), measured in results.items():
        times = [seconds * 1e3 for seconds, _ in measured]
        statuses = sorted({status for _, status in measured})
        print(
            f"{binary} {command}: signal to exit median {statistics.median(times):.0f} ms, "
            f"largest {max(times):.0f} ms, exit status {statuses} ({args.runs} runs)"
        )


if __name__ == "__main__":
    main()
