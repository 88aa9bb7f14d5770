"""The invariants of ``/sentences`` and ``/paragraphs`` items, against the transcript's words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from captionkit.model.transcript import Word
from captionkit.qa.report import InvariantReport

#: The invariants of ``/sentences`` and ``/paragraphs`` items, in the order they are reported.
ITEM_INVARIANTS = (
    "words_in_order",
    "word_times",
    "text_is_words",
    "starts_at_first_word",
    "ends_at_last_word",
    "sorted",
    "no_overlap",
    "confidence_is_first_word",
    "speaker_is_first_word",
    "api_fields",
)


@dataclass
class ItemReport(InvariantReport):
    """Violations per item invariant (:data:`ITEM_INVARIANTS`); an invariant that could not
    be checked is ``skipped``."""

    names: tuple[str, ...] = ITEM_INVARIANTS


def item_invariants(
    words: Sequence[Word] | Sequence[str] | None,
    items: Sequence[Mapping[str, Any]],
    *,
    timed: bool = True,
    api_fields: Sequence[str] = (),
) -> ItemReport:
    """Check ``/sentences`` or ``/paragraphs`` items against the transcript's ``words``."""
    report = ItemReport()
    if not timed:
        for name in ITEM_INVARIANTS[1:]:
            report.skipped[name] = "the items are texts only"
    else:
        _check_items_alone(items, report, api_fields)
    if words is None:
        report.skipped["words_in_order"] = "no transcript words given"
        report.skipped.setdefault("word_times", "no transcript words given")
        return report
    texts = [w if isinstance(w, str) else w.text for w in words]
    item_words = [item_word_texts(item, timed) for item in items]
    flat = [t for ws in item_words for t in ws]
    if flat != texts:
        at = next((i for i, (a, b) in enumerate(zip(flat, texts, strict=False)) if a != b), min(len(flat), len(texts)))
        got = flat[at] if at < len(flat) else "(end)"
        want = texts[at] if at < len(texts) else "(end)"
        report.add("words_in_order", f"word {at} is {got!r} in the items, {want!r} in the transcript")
    if not timed or "word_times" in report.skipped:
        return report
    if not words or isinstance(words[0], str):
        report.skipped["word_times"] = "the transcript's words have no times"
        return report
    k = 0
    for n, item in enumerate(items, 1):
        for w in item.get("words") or []:
            if k >= len(words):
                break
            ref = words[k]
            assert isinstance(ref, Word)
            if (w.get("start"), w.get("end")) != (ref.start, ref.end) and len(report.messages("word_times")) < 20:
                report.add(
                    "word_times",
                    f"item {n} word {w.get('text')!r} is {w.get('start')}-{w.get('end')} ms, "
                    f"the transcript's word {k} {ref.start}-{ref.end} ms",
                )
            k += 1
    return report


def item_word_texts(item: Mapping[str, Any], timed: bool) -> list[str]:
    if timed and isinstance(item.get("words"), list):
        return [" ".join(str(w.get("text", "")).split()) for w in item["words"]]
    return str(item.get("text", "")).split()


def _check_items_alone(items: Sequence[Mapping[str, Any]], report: ItemReport, api_fields: Sequence[str]) -> None:
    prev: Mapping[str, Any] | None = None
    for n, item in enumerate(items, 1):
        ws = item.get("words") or []
        if not ws:
            report.add("text_is_words", f"item {n} has no words")
            prev = item
            continue
        first, last = ws[0], ws[-1]
        joined = " ".join(w.get("text", "") for w in ws)
        if item.get("text") != joined:
            report.add("text_is_words", f"item {n} text {str(item.get('text'))[:40]!r} is not its words joined")
        if item.get("start") != first.get("start"):
            report.add(
                "starts_at_first_word",
                f"item {n} starts at {item.get('start')}, its first word at {first.get('start')}",
            )
        if item.get("end") != last.get("end"):
            report.add("ends_at_last_word", f"item {n} ends at {item.get('end')}, its last word at {last.get('end')}")
        if "confidence" in item and item.get("confidence") != first.get("confidence"):
            report.add(
                "confidence_is_first_word",
                f"item {n} confidence {item.get('confidence')} is not its first word's ({first.get('confidence')})",
            )
        if "speaker" in item and item.get("speaker") != first.get("speaker"):
            report.add(
                "speaker_is_first_word",
                f"item {n} speaker {item.get('speaker')!r} is not its first word's ({first.get('speaker')!r})",
            )
        missing = [f for f in api_fields if f not in item]
        if missing:
            report.add("api_fields", f"item {n} lacks {', '.join(missing)}")
        if prev is not None and isinstance(prev.get("start"), int) and isinstance(item.get("start"), int):
            if item["start"] < prev["start"]:
                report.add("sorted", f"item {n} starts at {item['start']} ms, before item {n - 1}")
            if isinstance(prev.get("end"), int) and item["start"] < prev["end"]:
                report.add(
                    "no_overlap", f"item {n} starts at {item['start']} ms, before item {n - 1} ends ({prev['end']})"
                )
        prev = item


def item_ends(items: Sequence[Mapping[str, Any]], timed: bool) -> dict[int, Any]:
    """Item-end word index -> the item's end time (None for text items)."""
    ends: dict[int, Any] = {}
    k = -1
    for item in items:
        k += len(item_word_texts(item, timed))
        ends[k] = item.get("end")
    return ends
