"""What the scripts that make another engine's training speech share (piper_voices.py, kokoro_voices.py)."""

import argparse
from pathlib import Path


def numbers(text: str) -> list[int]:
    first, _, last = text.partition("-")
    return list(range(int(first), int(last or first) + 1))


def arguments(description: str) -> argparse.ArgumentParser:
    """The options every such script takes: where the `<language>/<speaker>/<number>.wav` tree goes, and which
    numbers to say."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--numbers", type=numbers, default=numbers("0-99"), help="a range such as 0-99")
    return parser
