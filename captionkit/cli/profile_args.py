"""The caption-profile options of the command line: ``--profile`` and the limit overrides
(``--max-chars-per-line``, ``--min-gap 2f``...), parsed into a
:class:`~captionkit.profiles.Profile` (the profiles themselves, and their numbers, are in
:mod:`captionkit.profiles`)."""

from __future__ import annotations

import argparse
import math
import re
from dataclasses import dataclass

from captionkit.profiles import OVERRIDES, PROFILE_NAMES, PROFILES, Profile, ProfileError, get_profile


def _number(value: str, *, positive: bool, what: str) -> float:
    """argparse type: a finite number, > 0 (``positive``) or >= 0; ``what`` names it in errors."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {value!r}") from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        bound = "> 0" if positive else ">= 0"
        raise argparse.ArgumentTypeError(f"expected {what.split(' (')[0]} {bound}, got {value!r}")
    return number


def _positive_number(value: str) -> float:
    return _number(value, positive=True, what="a number")


def _seconds(value: str) -> float:
    return _number(value, positive=False, what="seconds (a number such as 0.8)")


def positive_int(value: str) -> int:
    """argparse type: a whole number >= 1."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


_GAP = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(f|frames?|s|ms)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class GapValue:
    """A ``--min-gap`` value: frames, or seconds (converted to frames once fps is known)."""

    amount: float
    unit: str  # "frames" or "seconds"

    def frames(self, fps: float) -> float:
        return self.amount if self.unit == "frames" else self.amount * fps


def parse_gap(value: str) -> GapValue:
    """``2``, ``2f``, ``2 frames`` (frames), ``0.08s`` or ``80ms`` (seconds)."""
    m = _GAP.match(value)
    if not m:
        raise argparse.ArgumentTypeError(f"expected frames (2, 2f) or seconds (0.08s, 80ms), got {value!r}")
    amount = float(m.group(1))
    unit = (m.group(2) or "f").lower()
    if unit == "ms":
        return GapValue(amount / 1000.0, "seconds")
    if unit == "s":
        return GapValue(amount, "seconds")
    return GapValue(amount, "frames")


def add_profile_arguments(
    parser: argparse.ArgumentParser, *, default: str = "api", choices: tuple[str, ...] | None = None
) -> None:
    """Add ``--profile`` and the limit overrides to ``parser``.

    ``default``/``choices`` let ``captionkit lint`` (which has no ``api`` profile) reuse
    the flags; ``captionkit srt|vtt`` use the defaults (``api``, all profiles).
    """
    names = choices or PROFILE_NAMES
    group = parser.add_argument_group(
        "caption profile",
        "Broadcast caption styles (numbers and sources: captionkit.profiles).\n"
        "Every limit of a profile can be overridden; durations are in seconds.",
    )
    group.add_argument(
        "--profile",
        choices=names,
        default=default,
        help=f"caption style (default: {default}): "
        + "; ".join(
            ("api = the API's one-line captions" if n == "api" else f"{n} = {PROFILES[n].description}") for n in names
        ),
    )
    group.add_argument(
        "--max-chars-per-line",
        type=positive_int,
        metavar="N",
        help="characters per line (graphemes; full-width units for Japanese, Chinese, Korean)",
    )
    group.add_argument("--max-lines", type=positive_int, metavar="N", help="lines per caption")
    group.add_argument("--max-cps", type=_positive_number, metavar="CPS", help="reading speed, characters per second")
    group.add_argument("--max-wpm", type=_positive_number, metavar="WPM", help="reading speed, words per minute")
    group.add_argument("--min-duration", type=_seconds, metavar="SECONDS", help="shortest caption, in seconds")
    group.add_argument("--max-duration", type=_positive_number, metavar="SECONDS", help="longest caption, in seconds")
    group.add_argument(
        "--min-gap",
        type=parse_gap,
        metavar="GAP",
        help="smallest gap between captions: frames (2 or 2f) or seconds with a unit (0.08s, 80ms)",
    )
    group.add_argument("--fps", type=_positive_number, metavar="FPS", help="frame rate the frame-based limits use")


def profile_from_args(args: argparse.Namespace) -> Profile | None:
    """The profile the parsed arguments ask for; None for the ``api`` profile.

    Raises ValueError when a limit is given with ``--profile api`` (the API path has no such
    limits) or when the limits contradict each other.
    """
    name = getattr(args, "profile", "api") or "api"
    given = {key: getattr(args, key, None) for key in OVERRIDES}
    if name == "api":
        used = [OVERRIDES[k] for k, v in given.items() if v is not None]
        if used:
            raise ProfileError(
                f"{', '.join(used)} need a broadcast profile (--profile netflix, bbc or dcmp); "
                "the api profile has only --chars-per-caption"
            )
        return None
    gap = given.pop("min_gap")
    if isinstance(gap, GapValue):
        fps = given["fps"] or PROFILES[name].fps
        given["min_gap"] = gap.frames(fps)
    elif gap is not None:
        given["min_gap"] = gap
    return get_profile(name, **given)
