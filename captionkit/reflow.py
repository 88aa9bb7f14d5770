"""Reflow another tool's captions (SRT, WebVTT) to a caption profile: :func:`reflow`.

The caption file is read by its format (:func:`captionkit.formats.sniff`, or named), then
its words are segmented again with the profile by the ordinary segmenters
(:func:`captionkit.segment.cues.cues_for`) and written in the same format (or another):

* with a ``transcript``: the words and their times are the transcript's. The caption text's
  words are matched to the transcript's words in order (case and punctuation ignored,
  :class:`difflib.SequenceMatcher`), and the transcript's words from the first matched to
  the last matched are segmented (so a caption file of part of a recording gives captions
  of that part, every transcript word of it once, with its real time);
* without: each cue's words get times inside the cue, in proportion to their characters
  (a word's share of the cue is its length plus the space after it), and this
  pseudo-transcript is segmented. Speakers of WebVTT voice spans are kept.

How good is the interpolation? On the one real API caption file with its transcript in
``../shared`` (``corpus/meeting04-part1/api.srt``: 416 words, all matched), interpolated
word starts are off the real ones by a mean absolute error of **213.6 ms** (median 136 ms):
about 5 frames at 25 fps, so a reflowed cue boundary inside an API cue is typically a
word's length off the speech (the API cues' own starts and ends are exact, so boundaries
there are too). With ``transcript`` the times are the real ones. Measured by::

    python -c "import captionkit.reflow as r; print(r.interpolation_error(
        open('/work/shared/corpus/meeting04-part1/api.srt').read(),
        '/work/shared/corpus/meeting04-part1/transcript.json'))"
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from captionkit import formats
from captionkit.errors import CaptionkitError
from captionkit.inputs import Source, load
from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript
from captionkit.options import ExportOptions
from captionkit.profiles import Profile

__all__ = ["caption_words", "interpolated_words", "interpolation_error", "match_words", "reflow"]

_TOKEN = re.compile(r"\S+")
_NORMAL = re.compile(r"[^\w]+")


def _format_name(text: str, name: str | None, source: str) -> str:
    if name is not None:
        fmt = formats.get(name)
        if not fmt.readable:
            raise CaptionkitError(f"captionkit does not read {name}", source=source)
        return name
    found = formats.sniff(text) or formats.by_extension(source)
    if found is None:
        known = ", ".join(f.name for f in formats.readable())
        raise CaptionkitError(f"not a caption file captionkit reads ({known})", source=source)
    return found


def caption_words(cues: Sequence[Cue]) -> list[tuple[str, int, str | None]]:
    """Every word of the cues' text, in order: (text, cue index, speaker of its line)."""
    out = []
    for k, cue in enumerate(cues):
        speakers = cue.speakers or (None,) * len(cue.lines)
        for line, speaker in zip(cue.lines, speakers, strict=True):
            out.extend((token, k, speaker) for token in _TOKEN.findall(line))
    return out


def interpolated_words(cues: Sequence[Cue]) -> list[dict[str, Any]]:
    """The cues' words as transcript words, timed inside their cue in proportion to their
    characters (each word's share: its length plus one for the space after it)."""
    words: list[dict[str, Any]] = []
    by_cue: dict[int, list[tuple[str, str | None]]] = {}
    for text, k, speaker in caption_words(cues):
        by_cue.setdefault(k, []).append((text, speaker))
    for k, cue in enumerate(cues):
        tokens = by_cue.get(k, [])
        if not tokens:
            continue
        total = sum(len(t) + 1 for t, _ in tokens) - 1
        span = max(cue.end - cue.start, 0)
        offset = 0
        for text, speaker in tokens:
            start = cue.start + span * offset // total
            offset += len(text)
            end = max(cue.start + span * offset // total, start)
            offset += 1
            word: dict[str, Any] = {"text": text, "start": start, "end": end}
            if speaker is not None:
                word["speaker"] = speaker
            words.append(word)
    return words


def _normal(text: str) -> str:
    return _NORMAL.sub("", text.casefold())


def match_words(caption: Sequence[str], transcript: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (caption word, transcript word) of the words that match, in order (case and
    punctuation ignored)."""
    a = [_normal(t) for t in caption]
    b = [_normal(t) for t in transcript]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(block.a + i, block.b + i) for block in matcher.get_matching_blocks() for i in range(block.size)]


def _transcript_span(transcript: Transcript, cues: Sequence[Cue], source: str) -> Transcript:
    """The transcript's words from the first to the last that the captions show."""
    words = transcript.words
    pairs = match_words([t for t, _, _ in caption_words(cues)], [w.text for w in words])
    if not pairs:
        raise CaptionkitError("no word of the captions is in the transcript", source=source)
    lo, hi = pairs[0][1], pairs[-1][1]
    return _pseudo([w.model_dump(exclude_none=True) for w in words[lo : hi + 1]], transcript.language_code)


def _as_transcript(transcript: Source | Transcript) -> Transcript:
    """A transcript, or what :func:`captionkit.load` takes (a str is a file name)."""
    if isinstance(transcript, Transcript):
        return transcript
    return load(Path(transcript) if isinstance(transcript, str) else transcript)


def _pseudo(words: list[dict[str, Any]], language_code: str | None = None) -> Transcript:
    data: dict[str, Any] = {
        "id": "reflow",
        "status": "completed",
        "text": " ".join(w["text"] for w in words),
        "words": words,
    }
    if language_code:
        data["language_code"] = language_code
    return load(data, name="<reflow>")


def reflow(
    text: str,
    profile: Profile | str | None,
    *,
    transcript: Source | Transcript | None = None,
    source: str = "<captions>",
    input_format: str | None = None,
    output_format: str | None = None,
    options: ExportOptions | None = None,
) -> str:
    """``text`` (a caption file) segmented again for ``profile`` (a profile, its name, or
    None/"api"), written in ``output_format`` (default: the input's format). See the
    module doc for what ``transcript`` changes. ``options`` (e.g. cue controls) are used
    with the profile replaced."""
    name = _format_name(text, input_format, source)
    cues = formats.get(name).read(text, source=source)
    if transcript is not None:
        words_of = _transcript_span(
            transcript if isinstance(transcript, Transcript) else load(transcript), cues, source
        )
    else:
        words = interpolated_words(cues)
        if not words:
            raise CaptionkitError("the captions have no words", source=source)
        words_of = _pseudo(words)
    out = formats.get(output_format or name)
    if not out.captions:
        raise CaptionkitError(f"{out.name} is not a caption format", source=source)
    base = options or ExportOptions()
    speakers = transcript is None and any(c.speakers and any(c.speakers) for c in cues)
    chosen = dataclasses.replace(base, profile=profile, speaker_labels=base.speaker_labels or speakers)
    return out.render(words_of, chosen)


def interpolation_error(text: str, transcript: Source | Transcript, *, source: str = "<captions>") -> dict[str, Any]:
    """How far interpolated word starts (:func:`interpolated_words`) are from the
    transcript's real ones, over the words that match: ``{"words", "matched", "mae_ms",
    "median_ms"}``."""
    name = _format_name(text, None, source)
    cues = formats.get(name).read(text, source=source)
    words = interpolated_words(cues)
    real = (
        transcript
        if isinstance(transcript, Transcript)
        else load(Path(transcript) if isinstance(transcript, str) else transcript)
    )
    pairs = match_words([w["text"] for w in words], [w.text for w in real.words])
    errors = [abs(words[i]["start"] - real.words[j].start) for i, j in pairs]
    return {
        "words": len(words),
        "matched": len(pairs),
        "mae_ms": round(statistics.fmean(errors), 1) if errors else None,
        "median_ms": statistics.median(errors) if errors else None,
    }
