"""Check an API output against its transcript and against captionkit's own rendering of it.

:func:`parse_api_output` reads what the API returned and detects which endpoint it came
from: ``/srt`` or ``/vtt`` captions, a ``/sentences`` or ``/paragraphs`` JSON response, or
the texts of paragraphs (blank-line separated) or sentences (one per line) saved as plain
text. :func:`compare` then

1. checks the API output against the transcript's words: for captions the invariants of
   :func:`captionkit.qa.invariants.invariants` and the file layout of :func:`captionkit.qa.invariants.layout`;
   for sentences and paragraphs :data:`ITEM_INVARIANTS` (every word once and in order, each
   item word has the transcript word's times, item text/start/end/confidence/speaker from
   its words, items sorted and not overlapping, and the API's field names);
2. renders the same thing with captionkit from the same words and parameters and checks it
   the same way;
3. reports, per invariant, whether each output keeps it; the precision/recall/F1 of the
   item boundaries (which words end a cue/item; the API's are the reference); whether both
   hold the same words; how many API cues/items captionkit reproduces exactly (text, start,
   end); whether shared boundaries fall at the same millisecond; whether the files are
   identical.

:attr:`Comparison.ok` is True when captionkit's output keeps every invariant that the API's
output keeps (what ``captionkit check`` exits 0 on).

What the transcript may be: a transcript JSON (everything is checked); plain text (its
words, white-space separated: the order and the cap are checked, the times are not, and
nothing is rendered, since rendering needs times); or nothing. Without a transcript a
``/sentences``/``/paragraphs`` response is compared with captionkit's segmentation of its
own words (the response carries them, timed), and captions are checked on their own
(layout and the invariants that need no words).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from captionkit.documents.sentences import paragraphs_response, sentences_response
from captionkit.errors import TranscriptError
from captionkit.formats import srt, vtt
from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript, Word
from captionkit.qa import invariants as check
from captionkit.qa.api_output import CAPTION_KINDS, ITEM_KINDS, KINDS, WHAT, ApiOutput, detect, parse_api_output
from captionkit.qa.invariants import BoundaryScores, boundary_scores
from captionkit.qa.items import ITEM_INVARIANTS, ItemReport, item_ends, item_invariants, item_word_texts
from captionkit.segment.api import api_cues

__all__ = [
    "CAPTION_KINDS",
    "ITEM_INVARIANTS",
    "ITEM_KINDS",
    "KINDS",
    "ApiOutput",
    "Comparison",
    "ItemReport",
    "Row",
    "compare",
    "detect",
    "item_invariants",
    "parse_api_output",
]


# ---------------------------------------------------------------- the comparison


@dataclass
class Row:
    """One invariant: held by the API's output / by captionkit's (None: not checked)."""

    name: str
    api: bool | None
    ours: bool | None
    api_detail: str = ""
    ours_detail: str = ""


@dataclass
class Comparison:
    """The result of :func:`compare`; ``str()`` is the report ``captionkit check`` prints."""

    kind: str
    api_count: int
    ours_count: int | None
    words: int | None
    chars_per_caption: int | None
    rows: list[Row] = field(default_factory=list)
    boundaries: BoundaryScores | None = None
    boundary_note: str = ""
    same_words: bool | None = None
    identical_items: int | None = None
    #: what "identical" compares: text, start and end (timed outputs) or the text only
    identical_by: str = "text, start, end"
    shared_same_time: tuple[int, int] | None = None
    identical_file: bool | None = None
    notes: list[str] = field(default_factory=list)
    api_name: str = "API output"
    transcript_name: str | None = None

    @property
    def broken(self) -> list[str]:
        """The invariants the API's output keeps and captionkit's does not."""
        return [r.name for r in self.rows if r.api is True and r.ours is False]

    @property
    def ok(self) -> bool:
        return not self.broken

    @property
    def api_broken(self) -> list[str]:
        """The invariants the API's output itself breaks (``check --strict`` fails on them)."""
        return [r.name for r in self.rows if r.api is False]

    def to_json(self) -> dict[str, Any]:
        b = self.boundaries
        return {
            "kind": self.kind,
            "api": self.api_name,
            "transcript": self.transcript_name,
            "chars_per_caption": self.chars_per_caption,
            "api_count": self.api_count,
            "captionkit_count": self.ours_count,
            "words": self.words,
            "invariants": {r.name: {"api": r.api, "captionkit": r.ours} for r in self.rows},
            "boundaries": None
            if b is None
            else {
                "precision": b.precision,
                "recall": b.recall,
                "f1": b.f1,
                "api": b.reference,
                "captionkit": b.candidate,
                "shared": b.matched,
            },
            "same_words": self.same_words,
            "identical_items": self.identical_items,
            "shared_boundaries_same_time": list(self.shared_same_time) if self.shared_same_time else None,
            "identical_file": self.identical_file,
            "notes": self.notes,
            "ok": self.ok,
            "broken": self.broken,
            "api_broken": self.api_broken,
        }

    def __str__(self) -> str:
        unit = "cues" if self.kind in CAPTION_KINDS else "items"
        against = f"against {self.transcript_name} ({self.words} words)" if self.transcript_name else "on its own"
        cap = ""
        if self.kind in CAPTION_KINDS:
            cap = (
                f", chars_per_caption={self.chars_per_caption}" if self.chars_per_caption else ", no chars_per_caption"
            )
        lines = [f"check: {self.api_name} ({WHAT[self.kind]}, {self.api_count} {unit}) {against}{cap}"]
        width = max(len(r.name) for r in self.rows) if self.rows else 10
        lines.append(f"  {'invariant':<{width}}  API   captionkit")
        for r in self.rows:
            lines.append(f"  {r.name:<{width}}  {_yn(r.api):<5} {_yn(r.ours)}")
            for who, detail in (("API", r.api_detail), ("captionkit", r.ours_detail)):
                if detail:
                    lines.append(f"  {'':<{width}}    {who}: {detail}")
        if self.ours_count is None:
            lines.append("captionkit: not rendered (" + (self.boundary_note or "no timed transcript") + ")")
        else:
            b = self.boundaries
            if b is not None:
                lines.append(
                    f"boundaries: precision {b.precision:.2f}, recall {b.recall:.2f}, F1 {b.f1:.2f} "
                    f"(API {b.reference} {unit}, captionkit {b.candidate}, {b.matched} shared)"
                )
            else:
                lines.append(f"boundaries: n/a ({self.boundary_note})")
            lines.append(f"same words: {_yn(self.same_words)}")
            if self.identical_items is not None:
                lines.append(f"identical {unit} ({self.identical_by}): {self.identical_items} of {self.api_count}")
            if self.shared_same_time is not None:
                same, shared = self.shared_same_time
                lines.append(f"shared boundaries at the same ms: {same} of {shared}")
            if self.identical_file is not None:
                lines.append(f"identical file: {_yn(self.identical_file)}")
        lines.extend(f"note: {n}" for n in self.notes)
        if self.api_broken:
            lines.append("the API output breaks: " + ", ".join(self.api_broken) + " (check --strict fails on this)")
        if self.ours_count is None:
            lines.append("result: ok: the API output was checked on its own (nothing of captionkit's to compare)")
        elif self.ok:
            lines.append("result: ok: captionkit's output keeps every invariant the API's output keeps")
        else:
            lines.append(
                "result: FAILED: captionkit's output breaks " + ", ".join(self.broken) + ", which the API's keeps"
            )
        return "\n".join(lines)


def _yn(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


def compare(
    transcript: Transcript | Sequence[str] | None,
    api: ApiOutput,
    *,
    chars_per_caption: int | None = None,
    api_name: str = "API output",
    transcript_name: str | None = None,
) -> Comparison:
    """Check ``api`` and captionkit's rendering of ``transcript`` (see the module docstring)."""
    if api.kind in CAPTION_KINDS:
        return _compare_captions(transcript, api, chars_per_caption, api_name, transcript_name)
    return _compare_items(transcript, api, chars_per_caption, api_name, transcript_name)


def _compare_captions(
    transcript: Transcript | Sequence[str] | None,
    api: ApiOutput,
    cap: int | None,
    api_name: str,
    transcript_name: str | None,
) -> Comparison:
    assert api.cues is not None
    words: Sequence[Word] | Sequence[str] | None
    words = transcript.words if isinstance(transcript, Transcript) else transcript
    result = Comparison(api.kind, len(api.cues), None, len(words) if words is not None else None, cap)
    result.api_name, result.transcript_name = api_name, transcript_name
    api_report = check.invariants(words, api.cues, cap)
    api_layout = check.layout(api.text, api.kind)
    ours_report = ours_layout = None
    ours_cues: list[Cue] | None = None
    if isinstance(transcript, Transcript):
        ours_cues = api_cues(transcript.word_columns(), cap)
        ours_text = (srt if api.kind == "srt" else vtt).dumps(ours_cues)
        ours_report = check.invariants(words, ours_cues, cap)
        ours_layout = check.layout(ours_text, api.kind)
        result.ours_count = len(ours_cues)
        result.identical_file = ours_text == api.text
    else:
        result.boundary_note = "the transcript has no word times" if words is not None else "no transcript given"
    for name in check.INVARIANTS:
        result.rows.append(
            Row(
                name,
                api_report.held(name),
                ours_report.held(name) if ours_report else None,
                _first(api_report.messages(name)) or api_report.skipped.get(name, ""),
                _first(ours_report.messages(name)) if ours_report else "",
            )
        )
    result.rows.append(
        Row(
            "layout",
            not api_layout,
            None if ours_layout is None else not ours_layout,
            _first(api_layout),
            _first(ours_layout or []),
        )
    )
    longest = max(len(" ".join(c.lines)) for c in api.cues)
    if cap is None and longest <= 80:
        result.notes.append(
            f"the API's longest cue has {longest} characters; if it was made with chars_per_caption, "
            "give the same --chars-per-caption"
        )
    if ours_cues is None or words is None:
        return result
    api_words = " ".join(" ".join(c.lines) for c in api.cues).split()
    ours_words = " ".join(" ".join(c.lines) for c in ours_cues).split()
    result.same_words = api_words == ours_words
    ours_set = {(c.start, c.end, " ".join(c.lines)) for c in ours_cues}
    result.identical_items = sum((c.start, c.end, " ".join(c.lines)) in ours_set for c in api.cues)
    try:
        api_spans = check.word_spans(words, api.cues)
    except ValueError as exc:
        result.boundary_note = f"the API's cues are not the transcript's words in order: {exc}"
        return result
    api_end = {last: cue.end for (_, last), cue in zip(api_spans, api.cues, strict=False)}
    ours_end = {c.last_word: c.end for c in ours_cues}
    result.boundaries = boundary_scores(set(api_end), set(ours_end))
    shared = set(api_end) & set(ours_end)
    result.shared_same_time = (sum(api_end[k] == ours_end[k] for k in shared), len(shared))
    return result


def _compare_items(
    transcript: Transcript | Sequence[str] | None,
    api: ApiOutput,
    cap: int | None,
    api_name: str,
    transcript_name: str | None,
) -> Comparison:
    assert api.items is not None
    kind = api.kind
    if transcript is None and api.document is not None:
        transcript = _transcript_of(api, api_name)
        transcript_name = f"{api_name}'s own words"
    words: Sequence[Word] | Sequence[str] | None
    words = transcript.words if isinstance(transcript, Transcript) else transcript
    result = Comparison(kind, len(api.items), None, len(words) if words is not None else None, None)
    result.api_name, result.transcript_name = api_name, transcript_name
    if cap is not None:
        result.notes.append("--chars-per-caption applies to captions only; ignored")
    api_fields = tuple(api.items[0]) if api.timed and api.items else ()
    api_report = item_invariants(words, api.items, timed=api.timed)
    ours_report: ItemReport | None = None
    ours_items: list[dict[str, Any]] | None = None
    if isinstance(transcript, Transcript):
        try:
            response = sentences_response(transcript) if kind == "sentences" else paragraphs_response(transcript)
        except ModuleNotFoundError as exc:  # captionkit.documents.sentences not installed in this tree
            raise TranscriptError(f"captionkit cannot render {kind} here: {exc}") from None
        ours_items = response.model_dump(mode="json")[kind]
        ours_report = item_invariants(words, ours_items, api_fields=api_fields)
        result.ours_count = len(ours_items)
    else:
        result.boundary_note = "the transcript has no word times" if words is not None else "no transcript given"
    for name in ITEM_INVARIANTS:
        result.rows.append(
            Row(
                name,
                api_report.held(name),
                ours_report.held(name) if ours_report else None,
                _first(api_report.messages(name)),
                _first(ours_report.messages(name)) if ours_report else "",
            )
        )
    if ours_items is None:
        return result
    api_words = [t for it in api.items for t in item_word_texts(it, api.timed)]
    ours_words = [t for it in ours_items for t in item_word_texts(it, True)]
    result.same_words = api_words == ours_words
    if api.timed:
        ours_set = {(it["text"], it["start"], it["end"]) for it in ours_items}
        result.identical_items = sum((it.get("text"), it.get("start"), it.get("end")) in ours_set for it in api.items)
    else:
        result.identical_by = "text"
        ours_texts = {it["text"] for it in ours_items}
        result.identical_items = sum(it["text"] in ours_texts for it in api.items)
    if api_report.held("words_in_order") is False:
        result.boundary_note = "the API's items are not the transcript's words in order"
        return result
    api_ends = item_ends(api.items, api.timed)
    ours_ends = item_ends(ours_items, True)
    result.boundaries = boundary_scores(set(api_ends), set(ours_ends))
    if api.timed:
        shared = set(api_ends) & set(ours_ends)
        result.shared_same_time = (sum(api_ends[k] == ours_ends[k] for k in shared), len(shared))
    return result


def _transcript_of(api: ApiOutput, name: str) -> Transcript:
    from captionkit.inputs import load

    return load(api.document, name=name)


def _first(messages: Sequence[str]) -> str:
    if not messages:
        return ""
    more = f" (+{len(messages) - 1} more)" if len(messages) > 1 else ""
    return messages[0] + more
