"""What a cue shows: speaker labels, dialogue dashes and the words of each line.

Captions from other tools mark speakers with a label at the start of a line
(``[Speaker A] `` as captionkit writes it, or ``JAMES: ``) and two speakers in one cue with
dialogue dashes. The lint rules, the aligner and ``check`` read cue text through these
helpers so they agree on what is a word.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from captionkit.model.cue import Cue
from captionkit.text.width import strip_ignorable

#: a dialogue dash (or ``>>``) at the start of a line, and the space after it
DASH = regex.compile(r"^(?:>>|[-\u2013\u2014])[ \t]?")
# a speaker label an SRT line may start with: "[Speaker A] " (captionkit's default) or "JAMES: "
_LABEL = regex.compile(
    r"^(?:\[([^\[\]\n]{1,40})\]|(\p{Lu}[\p{L}\p{N}.'\-]*(?: [\p{Lu}\p{N}][\p{L}\p{N}.'\-]*){0,2}):)[ \t]+"
)


def _label(line: str) -> tuple[str, int, bool] | None:
    """The speaker label a line starts with, where its text begins and whether it is in
    brackets, or None."""
    m = _LABEL.match(strip_ignorable(line))
    return (m.group(1) or m.group(2), m.end(), m.group(1) is not None) if m else None


def label_speakers(lines: Sequence[str]) -> tuple[str | None, ...]:
    """Each line's speaker, from SRT speaker labels (``[Speaker A] `` or ``JAMES: ``) at
    the start of the cue's lines: a line without a label (of the style of the cue's first
    label) continues the line above, and lines before the first label have None. Empty when
    no line has a label."""
    found = [_label(line) for line in lines]
    style = next((f[2] for f in found if f is not None), None)
    if style is None:
        return ()
    speakers: list[str | None] = []
    current: str | None = None
    for f in found:
        if f is not None and f[2] == style:
            current = f[0]
        speakers.append(current)
    return tuple(speakers)


def content(cue: Cue, k: int) -> str:
    """Line ``k`` of ``cue`` without invisible characters and without the speaker label
    that gave the line its speaker (:func:`label_speakers`): the words it shows."""
    text = strip_ignorable(cue.lines[k])
    if cue.speakers:
        found = _label(text)
        if found is not None and found[0] == cue.speakers[k]:
            return text[found[1] :]
    return text


def speaker_change(before: Cue, k_before: int, after: Cue, k_after: int) -> bool:
    """True when both lines have a known speaker and they differ."""
    if not before.speakers or not after.speakers:
        return False
    a, b = before.speakers[k_before], after.speakers[k_after]
    return a is not None and b is not None and a != b


def is_dialogue(cue: Cue) -> bool:
    """Two or more lines, each starting with a dialogue dash (after its speaker label)."""
    return len(cue.lines) >= 2 and all(DASH.match(content(cue, k)) for k in range(len(cue.lines)))
