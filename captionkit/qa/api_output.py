"""What the API returned: its kind, detected from its content, and its cues or items.

:func:`parse_api_output` reads ``/srt`` or ``/vtt`` captions, a ``/sentences`` or
``/paragraphs`` JSON response, or the texts of paragraphs (blank-line separated) or
sentences (one per line) saved as plain text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from captionkit.errors import CaptionParseError
from captionkit.formats import srt, vtt
from captionkit.model.cue import Cue
from captionkit.model.transcript import ParagraphsResponse, SentencesResponse
from captionkit.qa.cuetext import content, label_speakers

CAPTION_KINDS = ("srt", "vtt")
ITEM_KINDS = ("sentences", "paragraphs")
KINDS = CAPTION_KINDS + ITEM_KINDS

WHAT = {
    "srt": "SRT captions",
    "vtt": "WebVTT captions",
    "sentences": "/sentences",
    "paragraphs": "/paragraphs",
}


@dataclass
class ApiOutput:
    """A parsed API output: ``cues`` for captions, ``items`` (dicts as the API writes them) otherwise.

    ``timed`` is False for items read from plain text (texts only).
    """

    kind: str
    text: str
    cues: list[Cue] | None = None
    items: list[dict[str, Any]] | None = None
    timed: bool = True
    document: dict[str, Any] | None = None

    @property
    def count(self) -> int:
        return len(self.cues if self.cues is not None else self.items or [])


def detect(text: str) -> str:
    """The kind of an API output, from its content: srt, vtt, sentences, paragraphs or text."""
    head = text.lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{"):
        try:
            data = json.loads(head)
        except ValueError:  # not JSON, or JSON Python will not decode (an integer of over 4300 digits)
            return "json"
        if isinstance(data, dict):
            for key in ITEM_KINDS:
                if isinstance(data.get(key), list):
                    return key
        return "json"
    lines = head.splitlines()
    if len(lines) >= 2 and lines[0].strip().isdigit() and "-->" in lines[1]:
        return "srt"
    return "text"


def parse_api_output(text: str, *, source: str = "<api output>", kind: str | None = None) -> ApiOutput:
    """Parse an API output (its ``kind`` detected unless given; see the module docstring)."""
    found = detect(text)
    if kind is None:
        kind = found
        if kind == "json":
            raise CaptionParseError(
                "a JSON file that is neither a /sentences nor a /paragraphs response "
                "(a transcript is given first: captionkit check TRANSCRIPT API_OUTPUT)",
                source=source,
            )
        if kind == "text":
            kind = "paragraphs" if "\n\n" in text.strip().replace("\r\n", "\n") else "sentences"
            return _text_items(text, kind, source)
    if kind in CAPTION_KINDS:
        body = text.replace("\r\n", "\n")
        cues = srt.loads(body, source=source) if kind == "srt" else vtt.loads(body, source=source)
        if kind == "srt":
            cues = _without_labels(cues)
        if not cues:
            raise CaptionParseError(f"no cues: not {WHAT[kind]}", source=source)
        return ApiOutput(kind, text, cues=cues)
    if kind not in ITEM_KINDS:
        raise ValueError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    if found != kind:
        if found in ("text",):
            return _text_items(text, kind, source)
        raise CaptionParseError(f"not a {WHAT[kind]} response (it looks like {found})", source=source)
    data = json.loads(text.lstrip("\ufeff"))
    model = SentencesResponse if kind == "sentences" else ParagraphsResponse
    from pydantic import ValidationError

    from captionkit.inputs.checks import _from_validation_error

    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise _from_validation_error(exc, source) from None
    return ApiOutput(kind, text, items=data[kind], document=data)


def _without_labels(cues: list[Cue]) -> list[Cue]:
    """SRT cues whose speaker labels (``[Speaker A] ``, ``JAMES: ``, as captionkit's
    ``--speaker-labels`` writes them) are taken off the text and kept as speakers: the API
    writes none, so labels are read only when the first cue opens with one and every label
    is of one style. The text is then the words alone, as the checks compare it."""
    labelled = [Cue(c.start, c.end, c.lines, speakers=label_speakers(c.lines)) for c in cues]
    if not labelled or not labelled[0].speakers or labelled[0].speakers[0] is None:
        return cues
    return [
        Cue(c.start, c.end, tuple(content(c, k) for k in range(len(c.lines))), speakers=c.speakers) if c.speakers else c
        for c in labelled
    ]


def _text_items(text: str, kind: str, source: str) -> ApiOutput:
    body = text.lstrip("\ufeff").replace("\r\n", "\n").strip()
    parts = body.split("\n\n") if kind == "paragraphs" else body.split("\n")
    items = [{"text": " ".join(p.split())} for p in parts if p.strip()]
    if not items:
        raise CaptionParseError("empty: no text to check", source=source)
    return ApiOutput(kind, text, items=items, timed=False)
