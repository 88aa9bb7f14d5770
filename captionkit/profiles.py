"""Broadcast caption profiles: the published limits of Netflix, the BBC and the DCMP.

Every number has its source in ``../shared/reference/caption-standards.md`` (section 1.8
has them side by side):

========== ====== ===== =============== ============ ======== ============== ======================
profile    chars  lines reading speed   duration     min gap  gaps closed    two speakers in a cue
========== ====== ===== =============== ============ ======== ============== ======================
netflix    42     2     20 cps (EN)     5/6 s - 7 s  2 frames under 0.5 s    ``-Hi.`` / ``-Hello.``
bbc        37     2     180 wpm         0.3 s -      2 frames under 1 s      en dash + space
dcmp       32     2     225 wpm         2 s -        2 frames (not closed)   ``>> Hi.`` / ``>> Hello.``
========== ====== ===== =============== ============ ======== ============== ======================

* Netflix: General Requirements §1 (5/6 s to 7 s), §3 (2 frames), §4 (2 lines); English
  TTSG I.2 (42), dual speakers "hyphen without a space"; reading speed 20 cps for English
  (17 for most other languages, JA 4, ZH 9, KO 12: SubtitleEdit's Netflix table); Subtitle
  Timing Guidelines: gaps of 0.5 s (12 frames at 24 fps) or less closed to exactly 2
  frames, in-time within 1-2 frames of the audio. 24 fps.
* BBC Subtitle Guidelines 1.2.5: §3.1 37 characters (Teletext), §3.3 2 lines, §4 160-180
  wpm (the limit is 180), §4.1 about 0.3 s per word, §4.5 a gap is at least 1 s (so
  shorter gaps are closed), §5.2 never more than 1.5 s ahead of speech, §7 a dash (an
  en dash) per speaker line when speakers share a colour; with speaker labels (WebVTT
  voices, i.e. colours) no dash. 25 fps.
* DCMP Captioning Key: 32 characters, 2 lines preferred, "no caption should remain
  onscreen less than two seconds"; presentation rate: the Guidelines for the DCMP cap
  near-verbatim adult media at 225 wpm (the 130-160 wpm figures are for educational
  media, which a verbatim transcript cannot meet); ``>>`` marks a change of speaker in
  US closed captioning. No maximum duration. 29.97 fps.

The ``api`` profile is not here: it is the API-compatible path of :mod:`captionkit.segment.api`
(:func:`captionkit.cli.profile_args.profile_from_args` returns None for it).

Units: durations in seconds; ``min_gap`` in frames of ``fps`` (the CLI also takes seconds:
``--min-gap 0.1s`` or ``100ms``). Frame-based limits become whole milliseconds by rounding
up (2 frames at 24 fps = 83.3 ms -> 84 ms), so they hold after rounding to the file's
millisecond precision.

Text width: Latin and other scripts count graphemes (:func:`captionkit.text.width.graphemes`);
Japanese, Chinese and Korean count full-width units (half-width 0.5) with the limits of the
Netflix JA/ZH/KO guides (13/16/16) unless ``max_chars_per_line`` is given explicitly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from captionkit.errors import CaptionkitError
from captionkit.text.width import WidthMode, base_language


class ProfileError(CaptionkitError, ValueError):
    """A bad profile name or limit. A ValueError for library callers; a CaptionkitError, so
    the command line reports it (exit 1) without a traceback."""


#: Names accepted by ``--profile``; ``api`` is the API-compatible path.
PROFILE_NAMES = ("api", "netflix", "bbc", "dcmp")

#: Per-language line limits in full-width units (Netflix Japanese / Chinese TTSGs, Korean as
#: SubtitleEdit's Netflix table): every profile uses them for CJK transcripts.
CJK_CHARS_PER_LINE: tuple[tuple[str, float], ...] = (("ja", 13), ("zh", 16), ("ko", 16))


@dataclass(frozen=True)
class Profile:
    """The limits one caption style sets. Durations in seconds, ``min_gap`` in frames."""

    name: str
    max_chars_per_line: float
    max_lines: int = 2
    #: characters (graphemes, spaces included) per second; None: no limit
    max_cps: float | None = None
    #: words per minute; None: no limit
    max_wpm: float | None = None
    #: the reading speed is a maximum the deliverer's QC checks (Netflix's checks fail a cue
    #: over it), not a recommended range (BBC 160-180 wpm, DCMP): the segmenter then lets a
    #: cue go over it only where every other split would break after a function word, a
    #: name's first part or a number (captionkit.segment.timing.TOO_FAST_LIMIT)
    speed_is_limit: bool = False
    min_duration: float = 0.0
    max_duration: float | None = None
    #: the smallest gap between two cues, in frames
    min_gap: float = 2.0
    fps: float = 24.0
    #: gaps shorter than this (seconds) are closed to exactly ``min_gap``; None: gaps stay
    chain_gaps_under: float | None = None
    #: how long (seconds) a cue may appear before its first word is spoken
    max_lead_in: float = 0.0
    #: how long (seconds) a cue may stay after its last word, beyond what the minimum
    #: duration and the reading speed need (the lint's sync rule)
    max_hang: float = 0.5
    #: how the two lines of a two-speaker cue start (counted in the line width)
    dialogue_dash: str = "-"
    #: keep the dashes when speaker labels (WebVTT voices) identify the speakers
    dash_with_labels: bool = True
    #: whether two short turns of two speakers may share a cue, one speaker per line
    dual_speaker_cues: bool = True
    #: per-language reading speeds in cps (``"*"``: any other language that is given)
    language_cps: tuple[tuple[str, float], ...] = ()
    #: how line width is measured (set by :meth:`for_language`)
    width_mode: WidthMode = "graphemes"
    language: str | None = None
    description: str = ""
    #: the fields set explicitly (by CLI flags or keyword overrides)
    overridden: frozenset[str] = field(default=frozenset(), compare=False)

    # -- the limits in integer milliseconds, as the timing code and the lint use them --

    @property
    def frame_ms(self) -> float:
        return 1000.0 / self.fps

    @property
    def min_gap_ms(self) -> int:
        """``min_gap`` frames in whole ms, rounded up (2 frames at 24 fps: 84 ms)."""
        return _ceil_ms(self.min_gap * 1000.0 / self.fps)

    @property
    def min_duration_ms(self) -> int:
        return _ceil_ms(self.min_duration * 1000.0)

    @property
    def max_duration_ms(self) -> int | None:
        return None if self.max_duration is None else math.floor(self.max_duration * 1000.0 + 1e-6)

    @property
    def chain_gaps_under_ms(self) -> int | None:
        return None if self.chain_gaps_under is None else round(self.chain_gaps_under * 1000.0)

    @property
    def max_lead_in_ms(self) -> int:
        return math.floor(self.max_lead_in * 1000.0 + 1e-6)

    @property
    def max_hang_ms(self) -> int:
        return math.floor(self.max_hang * 1000.0 + 1e-6)

    def dash_for(self, speaker_labels: bool) -> str | None:
        """The dialogue dash of a two-speaker cue, or None when none is written."""
        if not self.dialogue_dash or (speaker_labels and not self.dash_with_labels):
            return None
        return self.dialogue_dash

    def for_language(self, code: str | None) -> Profile:
        """This profile adjusted to a language (``"ja"``, ``"en_us"``...; None: unknown).

        Japanese, Chinese and Korean measure lines in full-width units with their own limit;
        a language with its own reading speed in ``language_cps`` gets it. Limits set
        explicitly (:attr:`overridden`) are kept.
        """
        lang = base_language(code)
        changes: dict[str, Any] = {"language": lang}
        cjk = dict(CJK_CHARS_PER_LINE)
        if lang in cjk:
            changes["width_mode"] = "cjk"
            if "max_chars_per_line" not in self.overridden:
                changes["max_chars_per_line"] = cjk[lang]
        else:
            changes["width_mode"] = "graphemes"
        if lang is not None and self.language_cps and "max_cps" not in self.overridden:
            table = dict(self.language_cps)
            if lang in table:
                changes["max_cps"] = table[lang]
            elif "*" in table:
                changes["max_cps"] = table["*"]
        return replace(self, **changes)

    def summary(self) -> str:
        """One line with every limit, for reports."""
        parts = [
            f"{self.name}:",
            f"{_num(self.max_chars_per_line)} {'full-width units' if self.width_mode == 'cjk' else 'chars'}/line",
            f"{self.max_lines} lines",
        ]
        if self.max_cps is not None:
            parts.append(f"<= {_num(self.max_cps)} cps")
        if self.max_wpm is not None:
            parts.append(f"<= {_num(self.max_wpm)} wpm")
        dur = f"{_num(self.min_duration)} s"
        dur += f" to {_num(self.max_duration)} s" if self.max_duration is not None else " minimum"
        parts.append(dur)
        gap = f"gaps >= {_num(self.min_gap)} frames ({self.min_gap_ms} ms at {_num(self.fps)} fps)"
        if self.chain_gaps_under is not None:
            gap += f", gaps under {_num(self.chain_gaps_under)} s closed to it"
        parts.append(gap)
        if self.language:
            parts.append(f"language {self.language}")
        return " ".join(parts[:1]) + " " + ", ".join(parts[1:])


def _num(value: float) -> str:
    return f"{value:.4g}"


def _ceil_ms(value: float) -> int:
    # tolerate float noise: 5/6 s * 1000 = 833.33.. -> 834, but 80.0000001 -> 80
    return math.ceil(value - 1e-6)


PROFILES: dict[str, Profile] = {
    "netflix": Profile(
        name="netflix",
        max_chars_per_line=42,
        max_lines=2,
        max_cps=20,
        speed_is_limit=True,
        min_duration=5 / 6,
        max_duration=7.0,
        min_gap=2,
        fps=24,
        chain_gaps_under=0.5,
        max_lead_in=2 / 24,
        max_hang=0.5,
        dialogue_dash="-",
        dash_with_labels=True,
        language_cps=(("en", 20), ("ar", 20), ("hi", 22), ("ja", 4), ("ko", 12), ("zh", 9), ("*", 17)),
        description="Netflix Timed Text Style Guide (English): 42 chars, 2 lines, 20 cps, 5/6-7 s, 2-frame gaps",
    ),
    "bbc": Profile(
        name="bbc",
        max_chars_per_line=37,
        max_lines=2,
        max_wpm=180,
        min_duration=0.3,
        max_duration=None,
        min_gap=2,
        fps=25,
        chain_gaps_under=1.0,
        max_lead_in=1.5,
        max_hang=1.5,
        dialogue_dash="\u2013 ",
        dash_with_labels=False,
        description="BBC Subtitle Guidelines 1.2.5: 37 chars, 2 lines, 160-180 wpm, gaps chained or >= 1 s",
    ),
    "dcmp": Profile(
        name="dcmp",
        max_chars_per_line=32,
        max_lines=2,
        max_wpm=225,
        min_duration=2.0,
        max_duration=None,
        min_gap=2,
        fps=30000 / 1001,
        chain_gaps_under=None,
        max_lead_in=0.0,
        max_hang=1.5,
        dialogue_dash=">> ",
        dash_with_labels=True,
        description="DCMP Captioning Key: 32 chars, 2 lines, >= 2 s, <= 225 wpm",
    ),
}

#: The limits that can be overridden, with the CLI flag of each.
OVERRIDES = {
    "max_chars_per_line": "--max-chars-per-line",
    "max_lines": "--max-lines",
    "max_cps": "--max-cps",
    "max_wpm": "--max-wpm",
    "min_duration": "--min-duration",
    "max_duration": "--max-duration",
    "min_gap": "--min-gap",
    "fps": "--fps",
}


#: The longest minimum gap a profile may ask for (ms): longer, and cues of continuous
#: speech could not start with their words.
MAX_MIN_GAP_MS = 1000


def as_profile(profile: Profile | str | None) -> Profile | None:
    """``profile`` as a :class:`Profile`: a name is looked up (``"api"`` and None are the
    API-compatible path, None); anything else is a TypeError."""
    if profile is None or isinstance(profile, Profile):
        return profile
    if isinstance(profile, str):
        return None if profile.lower() == "api" else get_profile(profile)
    raise TypeError(f"a caption profile is a Profile or a profile name, got {type(profile).__name__} {profile!r}")


def get_profile(name: str, /, **overrides: Any) -> Profile:
    """The profile called ``name`` with some limits replaced.

    ``overrides`` are field names of :data:`OVERRIDES` (``max_chars_per_line``,
    ``max_lines``, ``max_cps``, ``max_wpm``, ``min_duration``, ``max_duration`` (seconds),
    ``min_gap`` (frames), ``fps``); a value of None means "keep the profile's". Raises
    ValueError naming the profile, the field and the reason.
    """
    if not isinstance(name, str) or name.lower() not in PROFILES:
        known = ", ".join(PROFILES)
        if isinstance(name, str) and name.lower() == "api":
            raise ProfileError(
                "'api' is the API-compatible caption path (captionkit.segment.api), not a broadcast profile; "
                f"broadcast profiles: {known}"
            )
        raise ProfileError(f"unknown caption profile {name!r}; known profiles: {known}")
    base = PROFILES[name.lower()]
    known_fields = {f.name for f in fields(Profile)}
    changes: dict[str, Any] = {}
    for key, value in overrides.items():
        if key not in OVERRIDES:
            hint = " (it is not a limit that can be overridden)" if key in known_fields else ""
            raise ProfileError(f"unknown profile limit {key!r}{hint}; known: {', '.join(OVERRIDES)}")
        if value is None:
            continue
        changes[key] = _checked(key, value)
    profile = replace(base, **changes, overridden=frozenset(changes))
    if profile.max_duration is not None and profile.max_duration < profile.min_duration:
        raise ProfileError(
            f"profile {profile.name}: max_duration {profile.max_duration:g} s is shorter than "
            f"min_duration {profile.min_duration:g} s"
        )
    if profile.min_gap_ms > MAX_MIN_GAP_MS:
        raise ProfileError(
            f"profile {profile.name}: a minimum gap of {profile.min_gap_ms} ms ({profile.min_gap:g} frames at "
            f"{profile.fps:g} fps) is over {MAX_MIN_GAP_MS} ms: cues of continuous speech could not start "
            "with their words (the standards ask for 2 frames)"
        )
    return profile


def _checked(key: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProfileError(f"{key} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ProfileError(f"{key} must be a finite number, got {value!r}")
    if key == "max_lines":
        if int(value) != value or value < 1:
            raise ProfileError(f"max_lines must be a whole number >= 1, got {value!r}")
        return int(value)
    if key in ("min_duration", "min_gap"):
        if value < 0:
            raise ProfileError(f"{key} must be >= 0, got {value!r}")
        return float(value)
    if value <= 0:
        raise ProfileError(f"{key} must be > 0, got {value!r}")
    if key == "fps" and not 10 <= value <= 1000:
        raise ProfileError(f"fps must be from 10 to 1000 frames per second, got {value!r}")
    return value
