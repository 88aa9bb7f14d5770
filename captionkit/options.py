"""What a user can ask of an export: :class:`ExportOptions`, shared by every format.

Each format reads the fields it knows; a format's own options that no other format shares
go in ``extra`` (by the name of the format's command-line option, e.g. ``{"karaoke": True}``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from captionkit.documents.speakers import DEFAULT_TEMPLATE, check_names
from captionkit.profiles import Profile, as_profile
from captionkit.segment.api import check_chars_per_caption

#: Default SRT speaker label, put before the first line of each speaker's lines.
DEFAULT_LABEL = "[{speaker}] "


@dataclass(frozen=True)
class ExportOptions:
    """Options shared by the exports (each export reads the ones it knows)."""

    chars_per_caption: int | None = None
    #: captions: a new cue at every speaker change, speaker shown (SRT label, VTT voice)
    speaker_labels: bool = False
    #: SRT speaker label before the text; its length counts within chars_per_caption
    label_format: str = DEFAULT_LABEL
    #: speaker letter (or channel) -> display name, e.g. {"A": "Alice"}
    speaker_names: Mapping[str, str] = field(default_factory=dict)
    #: render utterances' translated_texts[language] instead of the words
    language: str | None = None
    #: words: csv, tsv or json; times in seconds instead of ms; a CSV/TSV text cell that a
    #: spreadsheet would run as a formula gets a leading ' (False: cells exactly as they are)
    word_format: str = "csv"
    seconds: bool = False
    escape_formulas: bool = True
    #: text: line template and timecode style
    template: str = DEFAULT_TEMPLATE
    timecode: str = "hms"
    #: sentences/paragraphs: plain texts instead of the API's JSON
    plain_text: bool = False
    #: captions: a broadcast profile (captionkit.profiles, or its name); None (or "api") is
    #: the API-compatible profile
    profile: Profile | None = None
    #: captions, any profile (captionkit.segment.controls): at most N words per cue (one line
    #: each when split); never a cue across a silence of this many seconds or more between two
    #: of its words; every cue moved by ``offset`` seconds (may be negative) and by
    #: ``start_timecode`` (HH:MM:SS:FF, ``;`` drop-frame) at ``fps`` frames per second (None:
    #: the profile's frame rate)
    max_words: int | None = None
    split_pause: float | None = None
    offset: float = 0.0
    start_timecode: str | None = None
    fps: float | None = None
    #: a format's own options, by name (read by that format only)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_controls(self)
        object.__setattr__(self, "chars_per_caption", check_chars_per_caption(self.chars_per_caption))
        object.__setattr__(self, "profile", as_profile(self.profile))
        check_names(self.speaker_names)


def _check_controls(options: ExportOptions) -> None:
    """TypeError/ValueError for a cue control that is not a value of its kind."""
    if options.max_words is not None and (
        isinstance(options.max_words, bool) or not isinstance(options.max_words, int) or options.max_words < 1
    ):
        raise ValueError(f"max_words must be a whole number >= 1, got {options.max_words!r}")
    for name, low in (("split_pause", 0.001), ("offset", None), ("fps", None)):
        value = getattr(options, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            unit = "frames per second" if name == "fps" else "seconds"
            raise ValueError(f"{name} must be a finite number ({unit}), got {value!r}")
        if low is not None and value < low:
            raise ValueError(f"{name} must be at least {low * 1000:g} ms, got {value!r} s")
        if name == "fps" and not 10 <= value <= 1000:
            raise ValueError(f"fps must be from 10 to 1000 frames per second, got {value!r}")
    if options.start_timecode is not None and not isinstance(options.start_timecode, str):
        raise TypeError(f"start_timecode must be a string HH:MM:SS:FF, got {options.start_timecode!r}")


def control_shift_ms(options: ExportOptions) -> int:
    """The whole time every cue moves by (ms): ``offset`` plus ``start_timecode`` at the
    frame rate (``fps``, else the profile's); ValueError for a timecode without a frame rate
    or a bad timecode."""
    from captionkit.segment.controls import timecode_ms

    shift = round(options.offset * 1000)
    if options.start_timecode is not None:
        fps = options.fps if options.fps is not None else options.profile.fps if options.profile else None
        if fps is None:
            raise ValueError(
                f"--start-timecode {options.start_timecode} needs --fps (e.g. --fps 25 or --fps 29.97): "
                "the api profile has no frame rate"
            )
        shift += timecode_ms(options.start_timecode, fps)
    return shift


def check_caption_options(options: ExportOptions) -> None:
    """ValueError when the SRT label format is not a template of ``{speaker}``, when
    options that only the api profile takes come with a broadcast profile, or when the cue
    controls do not go together (words controls with translated text, a bad timecode)."""
    check_label_format(options.label_format)
    control_shift_ms(options)
    if options.language is not None:
        words = [f for f, v in (("--max-words", options.max_words), ("--split-pause", options.split_pause)) if v]
        if words:
            raise ValueError(f"{' and '.join(words)} split cues by their words: not with --language (translated text)")
    if options.profile is None:
        return
    used = [
        flag
        for flag, value in (("--chars-per-caption", options.chars_per_caption), ("--language", options.language))
        if value is not None
    ]
    if used:
        raise ValueError(
            f"{' and '.join(used)} work{'s' if len(used) == 1 else ''} with the api profile only; "
            f"--profile {options.profile.name} lays out the words itself (use --max-chars-per-line)"
        )


def check_label_format(label_format: str) -> None:
    """ValueError unless ``label_format`` formats with ``{speaker}`` alone (``"[{speaker}] "``)."""
    try:
        label = label_format.format(speaker="Speaker A")
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        reason = f"unknown field {{{exc.args[0]}}}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
        raise ValueError(
            f"bad label format {label_format!r} ({reason}): the only field is {{speaker}}, e.g. '[{{speaker}}] '"
        ) from None
    if "\n" in label or "\r" in label:
        raise ValueError(f"bad label format {label_format!r}: a label must not contain a line break")
