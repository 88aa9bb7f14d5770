"""Word-level timestamp tables: CSV, TSV or JSON, one row per word, header first.

Columns: ``text,start,end,confidence,speaker`` and ``channel`` when any word has one.
Times are integer milliseconds, or seconds with three decimals when ``seconds`` is set.
CSV and TSV quote a field only when it needs it (a comma/tab, a quote or a line break):
``csv`` module rules, so every spreadsheet and ``csv.reader`` reads the words back exactly.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from captionkit.model import Word

TABLE_FORMATS = ("csv", "tsv", "json")


def columns(words: Sequence[Word]) -> list[str]:
    cols = ["text", "start", "end", "confidence", "speaker"]
    if any(w.channel is not None for w in words):
        cols.append("channel")
    return cols


def _time(ms: int, seconds: bool) -> int | float:
    return round(ms / 1000, 3) if seconds else ms


def rows(words: Sequence[Word], seconds: bool = False) -> list[dict[str, Any]]:
    """One dict per word with :func:`columns` as keys."""
    cols = columns(words)
    return [
        {key: (_time(getattr(w, key), seconds) if key in ("start", "end") else getattr(w, key)) for key in cols}
        for w in words
    ]


def dumps(words: Sequence[Word], fmt: str = "csv", seconds: bool = False) -> str:
    """The word table of ``words`` as CSV, TSV or JSON text."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")
    data = rows(words, seconds)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    cols = columns(words)
    writer.writerow(cols)
    for row in data:
        writer.writerow(_cell(row[c], seconds and c in ("start", "end")) for c in cols)
    return out.getvalue()


def _cell(value: Any, is_seconds: bool) -> str:
    if value is None:
        return ""
    if is_seconds:
        return f"{value:.3f}"
    return str(value)
