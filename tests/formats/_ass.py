"""Reading back what the ASS writer wrote, independently of it (shared by the format tests)."""

from __future__ import annotations

import re

#: ``H:MM:SS.cc`` (hours unpadded, any number of digits)
TIME = re.compile(r"^(\d+):(\d\d):(\d\d)\.(\d\d)$")
#: the override blocks the writer puts in (karaoke and a style switch)
TAG = re.compile(r"\{\\(?:kf?\d+|r[^{}\\]*)\}")
KARAOKE = re.compile(r"\{\\(kf?)(\d+)\}")


def cs(stamp: str) -> int:
    h, m, s, c = map(int, TIME.match(stamp).groups())
    return ((h * 60 + m) * 60 + s) * 100 + c


def dialogues(text: str) -> list[tuple[int, int, str, str]]:
    """(start cs, end cs, style, text) of each Dialogue line, split as the format says."""
    out = []
    for line in text.split("\n"):
        if line.startswith("Dialogue: "):
            layer, start, end, style, name, ml, mr, mv, effect, body = line[10:].split(",", 9)
            assert (layer, name, ml, mr, mv, effect) == ("0", "", "0", "0", "0", "")
            out.append((cs(start), cs(end), style, body))
    return out


def shown(body: str) -> list[str]:
    """The event's lines without the writer's override blocks, ``\\h`` as a space."""
    return [line.replace("\\h", " ") for line in TAG.sub("", body).split("\\N")]
