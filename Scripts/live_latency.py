#!/usr/bin/env python3
"""How late the live pipeline reports the end of speech: for each utterance of a WAV file paced at real time, the
wall time from the moment the audio of the frame that decided its end was there to the `utterance` line on stdout.

Usage: live_latency.py --spokend PATH [PATH ...] --input FILE.wav [--models DIR]

`spokend segments FILE --json` (the same front end and segmenter, from the file) gives each utterance's end and the
stream time `decided` at which the last sample of the deciding frame had arrived. Each binary then runs
`spokend listen --input FILE --realtime --json`; the stream starts when the paced producer starts, just before
`listen` writes its "listening to" line on stderr (taken as stream time 0, so the figures are a little low: the
front end's set-up between the two, a few ms), and each utterance's lateness is the arrival of its line less
`decided`. This adds what batching the audio while nobody speaks could add (the pipeline seeing speech begin late) to
the classification and the write. Several binaries (an old one beside a new one) run at the same time on the same
file, so they share the machine's minutes; the table gives the median, 95th percentile and largest lateness.
"""

import argparse
import json
import statistics
import subprocess
import threading
import time


def decisions(spokend, wav, models):
    """{end of speech (s, rounded to 1 ms): decided (s)} of every utterance `spokend segments` finds in `wav`."""
    command = [spokend, "segments", wav, "--json"] + (["--models", models] if models else [])
    result = {}
    for line in subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines():
        event = json.loads(line)
        if event["type"] == "utterance":
            result[round(event["end"], 3)] = event["decided"]
    return result


def listen(spokend, wav, models, results):
    """Runs `spokend listen` on `wav` paced at real time; stores [(end, arrival in stream time)] in results."""
    command = [spokend, "listen", "--input", wav, "--realtime", "--json"] + (["--models", models] if models else [])
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = threading.Event()
    start = []

    def watch_stderr():
        for line in process.stderr:
            if "listening to" in line and not started.is_set():
                start.append(time.monotonic())
                started.set()

    watcher = threading.Thread(target=watch_stderr)
    watcher.start()
    arrivals = []
    for line in process.stdout:
        now = time.monotonic()
        event = json.loads(line)
        if event.get("type") == "utterance":
            arrivals.append((event["end"], now))
    process.wait()
    watcher.join()
    results[spokend] = [(end, now - start[0]) for end, now in arrivals]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--spokend", required=True, nargs="+", help="one binary, or several run at the same time")
    parser.add_argument("--input", required=True, help="a WAV file with speech (16 kHz for the shipped models)")
    parser.add_argument("--models")
    args = parser.parse_args()
    decided = decisions(args.spokend[0], args.input, args.models)
    results = {}
    runs = [threading.Thread(target=listen, args=(b, args.input, args.models, results)) for b in args.spokend]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    for spokend in args.spokend:
        late = sorted(1000 * (arrival - decided[round(end, 3)]) for end, arrival in results[spokend]
                      if round(end, 3) in decided)
        print(
            f"{spokend}: {len(late)} utterances: reported after the deciding frame's audio: median "
            f"{statistics.median(late):.1f} ms, p95 {late[int(0.95 * (len(late) - 1))]:.1f} ms, max {late[-1]:.1f} ms"
        )


if __name__ == "__main__":
    main()
