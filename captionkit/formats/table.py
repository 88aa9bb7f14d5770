"""Word-level timestamp tables: CSV, TSV or JSON, one row per word, header first.

Columns: ``text,start,end,confidence,speaker`` and ``channel`` when any word has one.
Times are integer milliseconds, or seconds with three decimals when ``seconds`` is set.
CSV and TSV quote a field only when it needs it (a comma/tab, a quote or a line break):
``csv`` module rules, so ``csv.reader`` reads the words back exactly.

Spreadsheet formulas: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, in some, a tab or a carriage return) as a formula, so a word such as
``=HYPERLINK(...)`` or ``-2+3`` in a transcript could run when the table is opened. By
default such a text cell (the ``text``, ``speaker`` and ``channel`` columns; never a
number) gets a leading ``'`` (the OWASP rule for CSV injection), which spreadsheets show
as the text itself. ``escape_formulas=False`` (``--no-formula-escape``) writes every cell
as it is, for exact read-back by programs. JSON is never changed.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from operator import methodcaller
from typing import Any

from captionkit.model.columns import WordColumns
from captionkit.model.transcript import Word

TABLE_FORMATS = ("csv", "tsv", "json")
#: The first characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns(words: Sequence[Word] | WordColumns) -> list[str]:
    """The table's column names for these words."""
    cols = ["text", "start", "end", "confidence", "speaker"]
    if any(c is not None for c in _columns(words).channels):
        cols.append("channel")
    return cols


def _columns(words: Sequence[Word] | WordColumns) -> WordColumns:
    return words if isinstance(words, WordColumns) else WordColumns(words)


def _time(ms: int, seconds: bool) -> int | float:
    return round(ms / 1000, 3) if seconds else ms


def neutralise(cell: str | None) -> str | None:
    """``cell`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    if cell and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def rows(words: Sequence[Word] | WordColumns, seconds: bool = False) -> list[dict[str, Any]]:
    """One dict per word with :func:`columns` as keys (values as given, never neutralised)."""
    cols = columns(words)
    data = _columns(words)
    values = [getattr(data, f"{c}s" if c != "confidence" else "confidences") for c in cols]
    out = []
    for row in zip(*values, strict=True):
        item = dict(zip(cols, row, strict=True))
        if seconds:
            item["start"], item["end"] = _time(item["start"], True), _time(item["end"], True)
        out.append(item)
    return out


def dumps(
    words: Sequence[Word] | WordColumns, fmt: str = "csv", seconds: bool = False, escape_formulas: bool = True
) -> str:
    """The word table of ``words`` (models, or a transcript's ``word_columns()``) as CSV,
    TSV or JSON text; see the module doc for ``escape_formulas``."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"unknown table format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")
    if fmt == "json":
        return json.dumps(rows(words, seconds), ensure_ascii=False, indent=1) + "\n"
    cols = columns(words)
    delimiter = "," if fmt == "csv" else "\t"
    cells = _cells(_columns(words), "channel" in cols, seconds, escape_formulas)
    as_text = [_as_written(column, delimiter) for column in cells]
    lines = [delimiter.join(cols), *map(delimiter.join, zip(*as_text, strict=True))]
    return "\n".join(lines) + "\n"


def _as_written(column: Sequence[Any], delimiter: str) -> list[str]:
    """The cells of ``column`` as ``csv.writer`` writes them in a row of several cells
    (None empty, numbers as ``str`` writes them, text quoted where it needs it): each
    distinct text is given to ``csv.writer`` once, so its quoting rules are the ones used."""
    kinds = set(map(type, column))
    if str not in kinds:  # numbers (and None): csv.writer writes str(number), and '' for None
        return ["" if c is None else str(c) for c in column] if type(None) in kinds else list(map(str, column))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    written: dict[Any, str] = {None: ""}
    for value in set(column):
        if value is None:
            continue
        out.seek(0)
        out.truncate()
        writer.writerow((value, "x"))
        written[value] = out.getvalue()[: -len(delimiter) - 2]  # less the marker cell and the line end
    return [written[c] for c in column]


def _cells(data: WordColumns, channel: bool, seconds: bool, escape: bool) -> list[Sequence[Any]]:
    """The columns of a CSV/TSV table, cells as ``csv.writer`` takes them (None is an empty
    cell, numbers are written as ``str`` writes them)."""
    texts, speakers = data.texts, data.speakers
    starts: Sequence[Any] = data.starts
    ends: Sequence[Any] = data.ends
    if escape:
        texts = [neutralise(t) for t in texts] if _any_formula(texts) else texts
        speakers = [neutralise(s) for s in speakers] if _any_formula(speakers) else speakers
    if seconds:
        starts = [f"{round(ms / 1000, 3):.3f}" for ms in starts]
        ends = [f"{round(ms / 1000, 3):.3f}" for ms in ends]
    if not channel:
        return [texts, starts, ends, data.confidences, speakers]
    channels = data.channels
    if escape and _any_formula(channels):
        channels = [neutralise(c) for c in channels]
    return [texts, starts, ends, data.confidences, speakers, channels]


def _any_formula(cells: Sequence[str | None]) -> bool:
    distinct = set(cells)
    distinct.discard(None)
    return any(map(methodcaller("startswith", FORMULA_STARTS), distinct))
