#!/usr/bin/env python3
"""The independent check of the shipped models: speech that is not espeak-ng, never used to train or tune them.

Usage: independent_eval.py --spokend PATH --models DIR --out DIR [--corpus DIR] [--skew-clips N]

Test sets (made once in OUT, reused when their manifest exists), English numbers 0-99 as 16 kHz mono 16-bit WAVs
with 0.3 s of silence before and after each word, and a manifest.csv per engine (path,language,number,speaker):
- flite: every voice `flite -lv` lists except awb_time (a limited-domain voice that can only say clock times);
- festival: every voice `(voice.list)` gives (Debian bookworm packages English voices only: festvox-kallpc16k,
  festvox-kdlpc16k, festvox-us-slt-hts; festvox-rablpc16k and festvox-don are not in bookworm, and no German, French
  or Mandarin festival voice is packaged).
Each number is given to the engine as digits ("42"), which both engines read as words.
Human recordings: no PyPI package was found that ships Free Spoken Digit Dataset WAVs inside its wheel (torchfsdd
downloads the dataset at run time, metaidigitstt holds no audio), so there is no human set.

For each set, `spokend eval LANGUAGE NUMBER --manifest CSV --json` gives the language and number accuracy of the
clips trimmed as the corpus trims them, and a digits-only score from its per-clip probabilities: on the clips of
0-9, the answer is the argmax over the number model's classes 0-9 only (a digit-only prompt).

Train/serve skew: `spokend classify --models DIR --json` (the daemon's VAD segmenter, longest utterance) on the same
clips, plus a sample of --skew-clips clips of --corpus's fold-0 test speakers (folds.json; numbers spread evenly
over each speaker), beside eval on those clips. Prints one table; writes OUT/results.json.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
from pathlib import Path

NUMBERS = range(100)
PADDING_S = 0.3


def run(command, **kwargs):
    return subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)


def to_16k(raw: Path, wav: Path):
    """Mono, 16 kHz, 16-bit, with silence either side as a microphone would hear around a word."""
    run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(wav), "pad", str(PADDING_S), str(PADDING_S)])


def write_manifest(folder: Path, rows):
    with open(folder / "manifest.csv", "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["path", "language", "number", "speaker"])
        writer.writerows(rows)


def flite_voices():
    listed = run(["flite", "-lv"]).stdout.split(":", 1)[1].split()
    return [voice for voice in listed if voice != "awb_time"]


def make_flite(folder: Path):
    rows = []
    for voice in flite_voices():
        (folder / voice).mkdir(parents=True, exist_ok=True)
        for number in NUMBERS:
            raw, wav = folder / voice / f"{number}.raw.wav", folder / voice / f"{number}.wav"
            run(["flite", "-voice", voice, "-t", str(number), "-o", str(raw)])
            to_16k(raw, wav)
            raw.unlink()
            rows.append([f"{voice}/{number}.wav", "en", number, f"flite-{voice}"])
    write_manifest(folder, rows)


def festival_voices():
    out = run(["festival", "--pipe"], input="(print (voice.list))\n").stdout
    return out.strip().splitlines()[-1].strip("()").split()


def make_festival(folder: Path):
    rows = []
    for voice in festival_voices():
        (folder / voice).mkdir(parents=True, exist_ok=True)
        # One festival process per voice: loading a voice takes longer than saying a number.
        script = [f"(voice_{voice})"]
        for number in NUMBERS:
            raw = (folder / voice / f"{number}.raw.wav").resolve()
            script.append(f'(utt.save.wave (utt.synth (Utterance Text "{number}")) "{raw}" \'riff)')
        run(["festival", "--pipe"], input="\n".join(script) + "\n")
        for number in NUMBERS:
            raw, wav = folder / voice / f"{number}.raw.wav", folder / voice / f"{number}.wav"
            to_16k(raw, wav)
            raw.unlink()
            rows.append([f"{voice}/{number}.wav", "en", number, f"festival-{voice}"])
    write_manifest(folder, rows)


def corpus_sample(corpus: Path, count: int, folder: Path):
    """A manifest of `count` clips of fold 0's test speakers, with absolute paths into the corpus."""
    test = json.loads((corpus / "folds.json").read_text())["folds"][0]["test"]
    speakers = {speaker for group in test.values() for speaker in group}
    with open(corpus / "manifest.csv") as file:
        rows = [row for row in csv.DictReader(file) if row["speaker"] in speakers]
    per_speaker = max(1, count // len(speakers))
    step = max(1, 100 // per_speaker)
    chosen = [row for row in rows if int(row["number"]) % step == 0]
    folder.mkdir(parents=True, exist_ok=True)
    write_manifest(
        folder,
        [[str((corpus / row["path"]).resolve()), row["language"], row["number"], row["speaker"]] for row in chosen],
    )


def evaluate(spokend, models: Path, manifest: Path):
    """eval's accuracies and digits-only score, and classify's accuracies, on the clips of `manifest`."""
    command = [spokend, "eval", str(models / "language.tflite"), str(models / "number.tflite")]
    result = subprocess.run(command + ["--manifest", str(manifest), "--json"], capture_output=True, text=True)
    if not result.stdout.strip():
        sys.exit(f"spokend eval failed on {manifest}: {result.stderr.strip()}")
    evaluation = json.loads(result.stdout)
    by_task = {model["task"]: model for model in evaluation["models"]}
    number = by_task["number"]
    digits = [number["labels"].index(str(d)) for d in range(10)]
    digit_answers = [a for a in number["clipAnswers"] if int(a["truth"]) < 10]
    digit_right = sum(
        number["labels"][max(digits, key=lambda i: a["probabilities"][i])] == a["truth"] for a in digit_answers
    )

    with open(manifest) as file:
        clips = list(csv.DictReader(file))
    paths = [row["path"] if row["path"].startswith("/") else str(manifest.parent / row["path"]) for row in clips]
    heard = subprocess.run(
        [spokend, "classify", "--models", str(models), "--json", *paths], capture_output=True, text=True
    ).stdout
    answers = {record["file"]: record for record in map(json.loads, heard.splitlines())}
    language_right = number_right = no_speech = 0
    for row, path in zip(clips, paths):
        record = answers.get(path, {"error": "no output"})
        if "error" in record:
            no_speech += 1
            continue
        language_right += record["language"]["label"] == row["language"]
        number_right += record["number"]["value"] == int(row["number"])
    return {
        "clips": len(clips),
        "eval": {
            "language": by_task["language"]["overall"],
            "number": number["overall"],
            "digits_only": {"correct": digit_right, "total": len(digit_answers)},
            "unreadable": len(evaluation["unreadable"]),
        },
        "classify": {
            "language": {"correct": language_right, "total": len(clips)},
            "number": {"correct": number_right, "total": len(clips)},
            "no_speech": no_speech,
        },
    }


def percent(tally):
    return f"{100 * tally['correct'] / tally['total']:5.1f}" if tally["total"] else "    -"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spokend", default=".build/debug/spokend")
    parser.add_argument("--models", type=Path, default=Path("Models"))
    parser.add_argument("--out", type=Path, default=Path(".build/independent-eval"))
    parser.add_argument("--corpus", type=Path, help="a corpus from spokend corpus generate, for the skew check")
    parser.add_argument("--skew-clips", type=int, default=300)
    args = parser.parse_args()
    for model in ("language.tflite", "number.tflite"):
        if not (args.models / model).is_file():
            sys.exit(f"independent_eval: no {model} in {args.models}")

    sets = {}
    for name, make in (("flite", make_flite), ("festival", make_festival)):
        folder = args.out / name
        if not (folder / "manifest.csv").is_file():
            print(f"making {folder} …", file=sys.stderr)
            make(folder)
        sets[name] = folder / "manifest.csv"
    if args.corpus:
        corpus_sample(args.corpus, args.skew_clips, args.out / "corpus-fold0-test")
        sets["espeak-ng fold 0 test"] = args.out / "corpus-fold0-test" / "manifest.csv"

    results = {}
    for name, manifest in sets.items():
        print(f"evaluating {name} …", file=sys.stderr)
        results[name] = evaluate(args.spokend, args.models, manifest)
    (args.out / "results.json").write_text(json.dumps({"models": str(args.models), "sets": results}, indent=2))

    print(f"models: {args.models}   (accuracy in %; eval = corpus-style trimmed clips, classify = VAD segmenter)")
    print(
        f"{'set':<24}{'clips':>6} | {'eval lang':>9}{'number':>7}{'digits':>7} | "
        f"{'classify lang':>13}{'number':>7}{'no speech':>10}"
    )
    for name, r in results.items():
        e, c = r["eval"], r["classify"]
        print(
            f"{name:<24}{r['clips']:>6} | {percent(e['language']):>9}{percent(e['number']):>7}"
            f"{percent(e['digits_only']):>7} | {percent(c['language']):>13}{percent(c['number']):>7}"
            f"{c['no_speech']:>10}"
        )


if __name__ == "__main__":
    main()
