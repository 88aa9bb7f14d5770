"""What a user can ask of an export: :class:`ExportOptions`, shared by every format.

Each format reads the fields it knows; a format's own options that no other format shares
go in ``extra`` (by the name of the format's command-line option, e.g. ``{"karaoke": True}``).
"""

from __future__ import annotations

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
    #: a format's own options, by name (read by that format only)
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "chars_per_caption", check_chars_per_caption(self.chars_per_caption))
        object.__setattr__(self, "profile", as_profile(self.profile))
        check_names(self.speaker_names)


def check_caption_options(options: ExportOptions) -> None:
    """ValueError when the SRT label format is not a template of ``{speaker}``, or when
    options that only the api profile takes come with a broadcast profile."""
    check_label_format(options.label_format)
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
