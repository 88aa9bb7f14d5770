"""SBV (YouTube SubViewer): the layout YouTube writes, reading it back, and an independent
reader (webvtt-py's ``from_sbv``) on generated transcripts."""

from __future__ import annotations

import io
import re

import pytest
import webvtt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit import formats
from captionkit.cli import main
from captionkit.errors import CaptionParseError
from captionkit.formats import sbv
from captionkit.model.cue import Cue
from captionkit.options import ExportOptions

from ..conftest import SAMPLE
from ..strategies import chars_per_caption, transcripts

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _webvtt_ms(stamp: str) -> int:
    h, m, s = stamp.split(":")
    sec, ms = s.split(".")
    return ((int(h) * 60 + int(m)) * 60 + int(sec)) * 1000 + int(ms)


def test_layout_is_youtubes():
    text = sbv.dumps([Cue(1000, 3500, ("Hello there,", "friend.")), Cue(3_600_000, 36_000_001, ("Bye.",))])
    assert text == "0:00:01.000,0:00:03.500\nHello there,\nfriend.\n\n1:00:00.000,10:00:00.001\nBye.\n\n"


def test_speaker_labels_are_a_text_prefix_as_in_srt():
    cues = [Cue(0, 1000, ("Hi.", "Hello."), speakers=("A", "B")), Cue(1000, 2000, ("Yes.",), speakers=("B",))]
    assert sbv.dumps(cues, speaker_labels=True) == (
        "0:00:00.000,0:00:01.000\n[A] Hi.\n[B] Hello.\n\n0:00:01.000,0:00:02.000\n[B] Yes.\n\n"
    )
    assert sbv.dumps(cues, speaker_labels=True, label_format="{speaker}: ", label_turns_only=True).endswith(
        "A: Hi.\nB: Hello.\n\n0:00:01.000,0:00:02.000\nYes.\n\n"
    )


def test_registered_readable_and_sniffed():
    assert formats.get("sbv") is sbv.FORMAT
    assert sbv.FORMAT in formats.readable()
    assert formats.sniff("\ufeff\n0:00:01.000,0:00:02.000\nhi\n") == "sbv"
    assert formats.sniff("1\n00:00:01,000 --> 00:00:02,000\nhi\n") == "srt"
    assert formats.sniff("0:00:01.000,0:00:02.000 hi\n") is None
    assert formats.by_extension("Clip.SBV") == "sbv"


def test_read_crlf_and_extra_blank_lines():
    text = "0:00:01.000,0:00:02.000\r\nHi\r\nthere\r\n\r\n\r\n12:00:01.5,0:00:02.000\r\n"
    with pytest.raises(CaptionParseError, match=r"x.sbv: not valid SBV: line 6: expected a timing line"):
        sbv.FORMAT.read(text, source="x.sbv")
    assert sbv.loads(text, skip_bad_blocks=True) == [Cue(1000, 2000, ("Hi", "there"))]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0:00:01.000,0:00:02.000\n", "line 1: a caption with a timing line and no text"),
        ("0:00:03.000,0:00:02.000\nhi\n", "line 1: ends (0:00:02.000) before it starts"),
        ("hello\n", "line 1: expected a timing line"),
    ],
)
def test_bad_blocks_are_named(text, message):
    with pytest.raises(CaptionParseError, match=re.escape(message)):
        sbv.loads(text)
    assert any(message.split(": ", 1)[1] in p[2] for p in sbv.problems(text))


def test_cli_subcommand(tmp_path, capsys):
    out = tmp_path / "sample.sbv"
    assert main(["sbv", str(SAMPLE), "--speaker-labels", "--label-format", "{speaker}: ", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("0:00:00.") and "\nSpeaker A: " in text and text.endswith("\n\n")
    assert len(webvtt.from_sbv(str(out))) == len(sbv.loads(text))


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption, labels=st.booleans())
def test_round_trip_every_word_once_in_order_times_equal(data, cap, labels):
    labels = labels and any(w["speaker"] for w in data["words"])  # labels of no speaker are an error
    t = captionkit.load(data)
    options = ExportOptions(chars_per_caption=cap, speaker_labels=labels)
    text = formats.get("sbv").render(t, options)
    from captionkit.segment.cues import cues_for

    cues = cues_for(t, options, labels_in_text=True)
    back = sbv.FORMAT.read(text)
    assert [(c.start, c.end) for c in back] == [(c.start, c.end) for c in cues]
    assert sbv.problems(text) == []
    if not labels:
        # every word once, in order
        assert " ".join(" ".join(c.lines) for c in back) == " ".join(w.text for w in t.words)
        assert [c.lines for c in back] == [c.lines for c in cues]
    # an independent reader: webvtt-py's SBV parser
    theirs = webvtt.from_buffer(io.StringIO(text), format="sbv")
    assert [(_webvtt_ms(c.start), _webvtt_ms(c.end)) for c in theirs] == [(c.start, c.end) for c in back]
    assert [tuple(c.lines) for c in theirs] == [c.lines for c in back]
