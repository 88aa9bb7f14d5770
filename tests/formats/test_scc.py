"""SCC (CEA-608) output: read back by an independent SCC reader (ttconv)."""

from __future__ import annotations

import itertools
import json
import re
import warnings
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, example, given, settings

import captionkit
from captionkit.documents.speakers import NoSpeakersError
from captionkit.errors import CaptionkitError
from captionkit.formats import get
from captionkit.formats.scc import COLUMNS, DAY_FRAMES, FORMAT, FPS, ROWS, Charset, SccWarning, layout, schedule, wrap
from captionkit.model.cue import Cue
from captionkit.options import ExportOptions

from ..conftest import SAMPLE
from ..strategies import chars_per_caption, transcripts

scc_reader = pytest.importorskip("ttconv.scc.reader")
from ttconv import model  # noqa: E402

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TIMECODE = re.compile(r"^\d\d:\d\d:\d\d;\d\d\t")


def _text(element) -> str:
    if isinstance(element, model.Text):
        return element.get_text()
    if isinstance(element, model.Br):
        return "\n"
    return "".join(_text(child) for child in element)


def _read(text: str) -> list[tuple[Fraction, Fraction | None, list[str]]]:
    """(begin s, end s, rows) of each caption ttconv's SCC reader finds."""
    doc = scc_reader.to_model(text)
    out = []
    for div in doc.get_body() if doc.get_body() is not None else []:
        for p in div:
            out.append((p.get_begin() or Fraction(0), p.get_end(), [r.strip() for r in _text(p).split("\n")]))
    return out


def _check_file(text: str) -> None:
    lines = text.split("\n")
    assert lines[0] == "Scenarist_SCC V1.0"
    assert all(TIMECODE.match(line) for line in lines[1:] if line)


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
@example(  # two identical special characters in a row (sent twice each, or a decoder shows one)
    data={"id": "hyp", "status": "completed", "text": "àà",
          "words": [{"text": "àà", "start": 0, "end": 0, "confidence": 0.0, "speaker": "A"}]},
    cap=None,
)  # fmt: skip
def test_scc_round_trips_through_an_scc_reader(data, cap):
    t = captionkit.load(data)
    cues = t.captions(cap)
    charset = Charset()
    lines_of = [[charset.replace(line)[0] for line in c.lines] for c in cues]
    expected, _ = schedule(layout(cues, lines_of), charset.special)
    if expected[-1].end >= DAY_FRAMES:
        with pytest.raises(CaptionkitError, match="23:59:59;29"):
            FORMAT.render(t, ExportOptions(chars_per_caption=cap))
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = FORMAT.render(t, ExportOptions(chars_per_caption=cap))
    assert [str(w.message) for w in caught if "ttconv" in str(w.message)] == []  # nothing skipped by the encoder
    _check_file(text)
    got = _read(text)
    assert len(got) == len(expected)
    # every word once, in order (after the character rule)
    shown = " ".join(row for _, _, rows in got for row in rows)
    assert "".join(shown.split()) == "".join("".join(lines) for lines in lines_of).replace(" ", "")
    for (begin, end, rows), caption in zip(got, expected, strict=True):
        assert list(caption.rows) == rows
        assert 1 <= len(rows) <= ROWS and all(len(r) <= COLUMNS for r in rows)
        assert abs(begin * FPS - caption.start) <= 2
        if end is not None:
            assert abs(end * FPS - caption.end) <= 2
    # a caption not moved shows at its words' time, within a frame or two
    for caption, (start, _, _) in zip(expected, layout(cues, lines_of), strict=True):
        if caption.start == round(Fraction(start, 1000) * FPS):
            assert abs(caption.start / FPS - Fraction(start, 1000)) <= 2 / FPS
    for a, b in itertools.pairwise(expected):
        assert a.start < a.end <= b.start


def test_scc_character_rule_and_warning():
    charset = Charset()
    assert charset.replace("Hello, world!") == ("Hello, world!", 0)
    assert charset.replace("\u201cqu\u00f6te\u201d \u2014 it\u2019s\u2026") == ('"quote" - it\'s...', 6)
    assert charset.replace("caf\u00e9 \u00e0 la") == ("caf\u00e9 \u00e0 la", 0)  # in the 608 set
    assert charset.replace("\u65e5\u672c") == ("??", 2)
    assert charset.replace("a*b") == ("a?b", 1)  # 0x2A is \u00e1 in CEA-608
    cues = [Cue(2000, 4000, ("na\u00efve \u65e5\u672c",))]
    with pytest.warns(SccWarning, match="3 character"):
        text = FORMAT.dumps(cues)
    assert [rows for _, _, rows in _read(text)] == [["naive ??"]]


def test_scc_wraps_long_lines_and_splits_tall_cues():
    assert wrap("a " * 20) == ["a " * 15 + "a", "a a a a"]
    assert wrap("x" * 40) == ["x" * 32, "x" * 8]
    words = " ".join(f"word{i:02d}" for i in range(40))  # 4 words a row: 10 rows
    text = FORMAT.dumps([Cue(10_000, 19_000, (words,))])
    got = _read(text)
    assert [len(rows) for _, _, rows in got] == [4, 4, 2]
    assert " ".join(r for _, _, rows in got for r in rows) == words
    assert all(len(r) <= COLUMNS for _, _, rows in got for r in rows)
    assert abs(got[0][0] - 10) < Fraction(2, 30)
    for a, b in itertools.pairwise(got):  # the cue's time, shared: one piece after the other
        assert abs(a[1] - b[0]) * FPS <= 2


def test_scc_timecodes_are_drop_frame():
    text = FORMAT.dumps([Cue(600_000, 602_000, ("ten minutes",))])
    _check_file(text)
    assert ";" in text.split("\n")[2].split("\t")[0]
    ((begin, end, rows),) = _read(text)
    assert rows == ["ten minutes"]
    assert abs(begin - 600) < Fraction(2, 30) and abs(end - 602) < Fraction(2, 30)


def test_scc_of_the_sample_with_speaker_labels():
    t = captionkit.load(json.loads(SAMPLE.read_text()))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SccWarning)
        text = get("scc").render(t, ExportOptions(speaker_labels=True))
    got = _read(text)
    assert got[0][2][0].startswith("[Speaker A] ")
    assert all(len(r) <= COLUMNS for _, _, rows in got for r in rows)


@SETTINGS
@given(data=transcripts(max_words=30))
def test_scc_speaker_labels_are_text_within_the_rows(data):
    t = captionkit.load(data)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            text = FORMAT.render(t, ExportOptions(speaker_labels=True))
        except (NoSpeakersError, CaptionkitError) as exc:
            assert isinstance(exc, NoSpeakersError) or "23:59:59;29" in str(exc)
            return
    assert [str(w.message) for w in caught if "ttconv" in str(w.message)] == []
    got = _read(text)
    assert any("[Speaker " in row for _, _, rows in got for row in rows)
    assert all(1 <= len(rows) <= ROWS and all(len(r) <= COLUMNS for r in rows) for _, _, rows in got)


@pytest.mark.parametrize("text", ["àà", "ààà", "♪♪ la la ♪♪", "aàà èè b"])
def test_repeated_special_characters_all_reach_the_reader(text: str) -> None:
    # a special character's code sent twice in a row is one character to a CEA-608 decoder
    t = captionkit.load(
        {"id": "t", "status": "completed", "text": text,
         "words": [{"text": w, "start": 1000 * k, "end": 1000 * k + 900} for k, w in enumerate(text.split())]}
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scc = FORMAT.render(t, ExportOptions())
    shown = " ".join(row for _, _, rows in _read(scc) for row in rows)
    assert shown.split() == text.split()
