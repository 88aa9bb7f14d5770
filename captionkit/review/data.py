"""What the review page shows, gathered from the library (one adapter: :func:`collect`)."""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from captionkit.errors import CaptionParseError, InputError

if TYPE_CHECKING:
    from captionkit.model.transcript import Transcript
    from captionkit.profiles import Profile

#: words whose confidence is below this are marked (``--confidence-threshold``)


DEFAULT_CONFIDENCE_THRESHOLD = 0.5
#: the profile the captions are made with and checked against when none is given
DEFAULT_PROFILE = "netflix"
#: a cue is drawn "over" above the limit and "far over" above this many times it
FAR_OVER = 1.25

AUDIO_EXTENSIONS = frozenset(
    (".mp3", ".wav", ".wave", ".m4a", ".aac", ".oga", ".ogg", ".opus", ".flac", ".weba", ".mka")
)
VIDEO_EXTENSIONS = frozenset((".mp4", ".m4v", ".webm", ".mov", ".mkv", ".ogv", ".avi", ".3gp"))
MEDIA_KINDS = ("audio", "video")

#: rules drawn on the timeline: a problem of the cue's duration, of the gap after the cue
DURATION_RULES = frozenset(("min_duration", "max_duration"))
GAP_RULES = frozenset(("min_gap", "gap_chaining", "overlap"))


# ---------------------------------------------------------------- what the page shows


@dataclass(frozen=True)
class Block:
    """A run of words shown under one heading: a speaker turn (or a paragraph when the
    transcript has no speakers). ``first``/``last`` are word indices, inclusive."""

    speaker: str | None
    #: 0-based index of the speaker among the page's speakers (its colour), or None
    colour: int | None
    first: int
    last: int


@dataclass(frozen=True)
class ReviewCue:
    """One caption cue as the lint numbered it (1-based ``number``)."""

    number: int
    start: int
    end: int
    lines: tuple[str, ...]
    #: characters per second as the lint counts them; None for a cue of no duration
    cps: float | None


@dataclass(frozen=True)
class Finding:
    """One lint violation; ``cue`` is None for the whole file."""

    cue: int | None
    rule: str
    severity: str
    message: str


@dataclass(frozen=True)
class RuleRow:
    """One row of the lint's per-rule summary."""

    rule: str
    severity: str
    description: str
    checked: int
    failed: int
    unit: str
    limit: str
    conformity: float


@dataclass(frozen=True)
class ReviewData:
    """Everything the page shows, taken from captionkit by :func:`collect`."""

    title: str
    language: str | None
    texts: list[str]
    starts: list[int]
    ends: list[int]
    confidences: list[float | None]
    blocks: list[Block]
    cues: list[ReviewCue]
    #: the captions as WebVTT (the page's <track>)
    vtt: str
    #: where the captions come from: "captionkit --profile netflix" or the file's name
    captions_source: str
    profile_name: str
    profile_summary: str
    max_cps: float | None
    verdict: str
    ok: bool
    rules: list[RuleRow]
    findings: list[Finding]


@dataclass(frozen=True)
class Captions:
    """A caption file's text and the name errors and the page give it."""

    text: str
    source: str


# ---------------------------------------------------------------- the adapter


def load_transcript(path: str | Path) -> Transcript:
    """The transcript in the JSON file ``path`` (errors name the file)."""
    from captionkit.inputs import load

    return load(Path(path), name=str(path))


def collect(
    transcript: Transcript,
    *,
    profile: Profile | str | None = None,
    captions: Captions | None = None,
    speaker_names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> ReviewData:
    """What the page shows of ``transcript``: its words in blocks, the captions (captionkit's
    own for ``profile``, default :data:`DEFAULT_PROFILE`, or ``captions``) and their lint
    report against ``profile`` with the transcript's words (as ``captionkit lint
    --transcript`` makes it).

    This is the one place that calls the rest of captionkit.

    Long on purpose: it is the one adapter between the page and the library (every call
    into captionkit is here, in the order the page uses them), so that it reads as a list.
    """
    from captionkit import formats
    from captionkit.documents.sentences import transcript_paragraphs
    from captionkit.documents.speakers import (
        NoSpeakersError,
        check_names,
        is_channel_keyed,
        label,
        turns,
        word_speakers,
    )
    from captionkit.options import ExportOptions
    from captionkit.profiles import Profile, get_profile
    from captionkit.qa.lint import format_by_name, lint_text, parse_captions, sniff_format
    from captionkit.qa.report import RULES
    from captionkit.text.width import reading_chars, strip_ignorable

    names = dict(speaker_names or {})
    check_names(names)
    if profile is None or (isinstance(profile, str) and profile.lower() == "api"):
        profile = DEFAULT_PROFILE
    if not isinstance(profile, Profile):
        profile = get_profile(profile)

    columns = transcript.word_columns()
    texts, starts, ends = columns.texts, columns.starts, columns.ends
    confidences = columns.confidences
    n_words = len(texts)

    # blocks: a new one at every change of speaker and every turn (utterance) start
    keys = word_speakers(transcript) if n_words else []
    breaks: set[int] = {0} if n_words else set()
    if any(k is not None for k in keys):
        breaks.update(i for i in range(1, n_words) if keys[i] != keys[i - 1])
        with contextlib.suppress(NoSpeakersError):  # the keys say there are speakers
            breaks.update(turn.first_word for turn in turns(transcript) if 0 <= turn.first_word < n_words)
        channel = is_channel_keyed(transcript)
    else:
        breaks.update(a for a, _ in transcript_paragraphs(transcript) if 0 <= a < n_words)
        channel = False
    order = sorted(breaks)
    colours: dict[str, int] = {}
    blocks = []
    for k, first in enumerate(order):
        last = order[k + 1] - 1 if k + 1 < len(order) else n_words - 1
        key = keys[first] if keys else None
        if key is None:
            blocks.append(Block(None, None, first, last))
        else:
            colour = colours.setdefault(key, len(colours))
            blocks.append(Block(label(key, channel=channel, names=names), colour, first, last))

    # the captions and their lint report
    if captions is None:
        text = formats.get("vtt").render(transcript, ExportOptions(profile=profile))
        source = f"captionkit --profile {profile.name}"
        fmt = "vtt"
    else:
        text, source = captions.text, captions.source
        fmt = sniff_format(text) or format_by_name(source)
        if fmt is None:
            raise CaptionParseError(
                "not SRT or WebVTT: no 'WEBVTT' header, no SRT cue at the start, and the name ends in "
                "neither .srt nor .vtt",
                source=source,
            )
    report = lint_text(
        text,
        profile,
        fmt=fmt,
        source=source,
        words=transcript.words,
        language=transcript.language_code,
    )
    parsed = parse_captions(text, fmt, source)
    if captions is not None and not parsed:
        raise CaptionParseError(f"no caption cues could be read from this {fmt.upper()} file", source=source)
    vtt = text if captions is None else formats.get("vtt").dumps(parsed)
    cues = []
    for n, cue in enumerate(parsed, 1):
        duration = cue.end - cue.start
        chars = reading_chars([strip_ignorable(line) for line in cue.lines])
        cps = chars * 1000.0 / duration if duration > 0 else None
        cues.append(ReviewCue(n, cue.start, cue.end, tuple(cue.lines), cps))
    checked = report.profile
    rules = [
        RuleRow(r.rule, r.severity, RULES[r.rule][1], r.checked, r.failed, r.unit, r.limit, r.conformity)
        for r in report.rules
    ]
    findings = [Finding(v.cue, v.rule, v.severity, v.message) for v in report.violations]
    verdict = "PASS" if report.ok else "FAIL: " + ", ".join(report.failed_rules)
    if report.warned_rules:
        verdict += f" (warnings: {', '.join(report.warned_rules)})"
    return ReviewData(
        title=title or transcript.id or "transcript",
        language=transcript.language_code,
        texts=list(texts),
        starts=list(starts),
        ends=list(ends),
        confidences=list(confidences),
        blocks=blocks,
        cues=cues,
        vtt=vtt,
        captions_source=source,
        profile_name=checked.name,
        profile_summary=checked.summary(),
        max_cps=checked.max_cps,
        verdict=verdict,
        ok=report.ok,
        rules=rules,
        findings=findings,
    )


# ---------------------------------------------------------------- inputs


def read_captions(path: str | Path) -> Captions:
    """The text of an SRT/WebVTT file; errors name the file and the reason."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the captions file: {exc.strerror or exc}", source=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CaptionParseError(
            f"the captions file is not UTF-8 (byte 0x{raw[exc.start]:02X} at line {line}): re-save it as UTF-8",
            source=name,
        ) from None
    return Captions(text, name)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_url(media: str) -> bool:
    """True for ``https://...``, ``file:...``, ``data:...``; False for a path (``C:\\x`` too)."""
    return bool(_SCHEME.match(media)) and not re.match(r"^[A-Za-z]:[\\/]", media)


def media_kind(media: str) -> str:
    """``"video"`` for a known video file extension, else ``"audio"``."""
    path = urlsplit(media).path if is_url(media) else media
    return "video" if os.path.splitext(path)[1].lower() in VIDEO_EXTENSIONS else "audio"


def media_url(media: str, output: str | Path | None = None) -> str:
    """The ``src`` of the page's player: a URL as it is; a local file (which must exist)
    relative to the page's folder (``output``'s, else the current folder), percent-encoded."""
    if is_url(media):
        return media
    path = Path(media)
    if not path.is_file():
        why = "is a folder" if path.is_dir() else "not found"
        raise InputError(f"media file {why}", source=media)
    base = Path(output).resolve().parent if output else Path.cwd()
    try:
        rel = os.path.relpath(path.resolve(), base)
    except ValueError:  # another drive (Windows): an absolute file URL
        return path.resolve().as_uri()
    return quote(rel.replace(os.sep, "/"))


# ---------------------------------------------------------------- the page


def check_threshold(value: float) -> None:
    if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValueError(f"the confidence threshold must be a number from 0 to 1, got {value!r}")
