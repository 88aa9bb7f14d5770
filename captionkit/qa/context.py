"""What every lint rule function takes (:class:`LintContext`) and returns (:class:`RuleRun`)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

from captionkit.model.cue import Cue
from captionkit.model.transcript import Word
from captionkit.profiles import Profile
from captionkit.qa.align import Mismatch, Span, align
from captionkit.qa.cuetext import content, is_dialogue
from captionkit.qa.report import Violation
from captionkit.text.width import strip_ignorable

#: timestamps have millisecond precision: a frame- or second-based limit passes within 1 ms
TOLERANCE_MS = 1
EPS = 1e-9


class RuleRun(NamedTuple):
    """What one rule function found: ``checked`` items, and the violations."""

    checked: int
    violations: list[Violation]


@dataclass(frozen=True)
class Gap:
    """The gap after cue ``n`` (1-based) to the next cue, measured from the cue that ends
    last so far (``latest_no``): a cue nested in an earlier one does not hide that earlier
    cue from the next."""

    n: int
    nxt: Cue
    latest_no: int
    latest_end: float
    #: the next cue starts before this one (the timing rule reports it, at the next cue)
    unsorted: bool
    overlapping: bool
    ms: int
    frames: int
    #: under the profile's minimum gap (an overlap or an unsorted pair is not a gap too)
    short: bool


class LintContext:
    """The input of every rule function, and what several rules derive from it once."""

    def __init__(
        self, cues: Sequence[Cue], profile: Profile, words: Sequence[Word] | None, extra: Sequence[Violation] = ()
    ) -> None:
        self.cues = cues
        self.profile = profile
        self.words = words
        #: format problems found before the cues were checked (file structure, encoding)
        self.extra = extra
        #: each cue's lines without invisible characters
        self.shown = [[strip_ignorable(line) for line in cue.lines] for cue in cues]
        self.dialogue = [is_dialogue(cue) for cue in cues]
        self.frame = 1000.0 / profile.fps

    def durations(self) -> list[tuple[int, Cue, int]]:
        """(cue number, cue, duration) of the cues that end after they start."""
        return [(n, cue, cue.end - cue.start) for n, cue in enumerate(self.cues, 1) if cue.end > cue.start]

    def tokens(self, index: int) -> list[str]:
        """The tokens cue ``index`` (0-based) shows, without speaker labels."""
        cue = self.cues[index]
        return " ".join(content(cue, k) for k in range(len(cue.lines))).split()

    @cached_property
    def gaps(self) -> list[Gap]:
        p, out = self.profile, []
        latest_no, latest_end = 0, -math.inf
        for n, (cue, nxt) in enumerate(itertools.pairwise(self.cues), 1):
            if cue.end >= latest_end:
                latest_no, latest_end = n, cue.end
            unsorted = nxt.start < cue.start
            overlapping = not unsorted and nxt.start < latest_end
            # a gap is judged in frames (rounded), as the rules and frame-based tools count it
            ms = int(nxt.start - latest_end)
            frames = math.floor(ms / self.frame + 0.5 + EPS)
            short = not unsorted and not overlapping and frames < p.min_gap
            out.append(Gap(n, nxt, latest_no, latest_end, unsorted, overlapping, ms, frames, short))
        return out

    @cached_property
    def alignment(self) -> tuple[list[Span | None], list[Mismatch]]:
        assert self.words is not None
        return align(self.cues, self.words, exact=False)


def num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")
