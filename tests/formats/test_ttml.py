"""TTML / IMSC 1.1 output: read back by an independent IMSC reader (ttconv)."""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings

import captionkit
from captionkit.documents.speakers import NoSpeakersError
from captionkit.formats import get
from captionkit.formats.ttml import FORMAT, TT, TTM, XML, agent_ids, xml_lang, xml_text
from captionkit.model.cue import Cue
from captionkit.options import ExportOptions

from ..conftest import SAMPLE
from ..strategies import chars_per_caption, transcripts

imsc_reader = pytest.importorskip("ttconv.imsc.reader")
from ttconv import model  # noqa: E402

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TAGS = {f"{{{TT}}}{t}" for t in ("tt", "head", "metadata", "styling", "style", "layout", "region", "body", "div", "p")}
TAGS |= {f"{{{TT}}}span", f"{{{TT}}}br", f"{{{TTM}}}agent", f"{{{TTM}}}name"}


def _squash(text: str) -> str:
    """XML white space collapsed, as a TTML processor presents it."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _text(element) -> str:
    """The text of a ttconv content element, a newline for each <br/>."""
    if isinstance(element, model.Text):
        return element.get_text()
    if isinstance(element, model.Br):
        return "\n"
    return "".join(_text(child) for child in element)


def _paragraphs(text: str) -> list:
    doc = imsc_reader.to_model(ET.ElementTree(ET.fromstring(text.encode("utf-8"))))
    assert doc is not None
    return [p for div in doc.get_body() for p in div]


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
def test_ttml_round_trips_through_an_imsc_reader(data, cap):
    t = captionkit.load(data)
    options = ExportOptions(chars_per_caption=cap)
    text = FORMAT.render(t, options)
    cues = t.captions(cap)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tt ')
    root = ET.fromstring(text.encode("utf-8"))  # well-formed
    assert {e.tag for e in root.iter()} <= TAGS  # no word became markup
    ps = _paragraphs(text)
    assert len(ps) == len(cues)
    # every word once, in order
    shown = " ".join(_squash(_text(p).replace("\n", " ")) for p in ps)
    assert _squash(shown) == _squash(" ".join(xml_text(w.text) for w in t.words))
    for p, cue in zip(ps, cues, strict=True):
        assert (p.get_begin() or 0) == Fraction(cue.start, 1000)  # ttconv: None for 0
        assert p.get_end() == Fraction(cue.end, 1000)
        assert (p.get_begin() or 0) < p.get_end()
        assert _text(p).count("\n") == len(cue.lines) - 1
    for a, b in itertools.pairwise(ps):
        assert a.get_end() <= (b.get_begin() or 0)


def test_ttml_speakers_are_agents_and_a_two_speaker_cue_has_spans():
    cues = [
        Cue(0, 1500, ("Hello <there> & you",), speakers=("Speaker A",)),
        Cue(1500, 3000, ("- Yes?", "- No."), speakers=("Speaker A", "Alice Smith")),
    ]
    text = FORMAT.dumps(cues, speaker_labels=True, language_code="en_us")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.get(f"{{{XML}}}lang") == "en-US"
    agents = {a.get(f"{{{XML}}}id"): a.find(f"{{{TTM}}}name").text for a in root.iter(f"{{{TTM}}}agent")}
    assert agents == {"speaker_A": "Speaker A", "speaker_Alice_Smith": "Alice Smith"}
    p1, p2 = root.iter(f"{{{TT}}}p")
    assert p1.get(f"{{{TTM}}}agent") == "speaker_A"
    assert p1.text == "Hello <there> & you"
    assert "&lt;there&gt; &amp; you" in text
    assert p2.get(f"{{{TTM}}}agent") is None
    spans = p2.findall(f"{{{TT}}}span")
    assert [s.get(f"{{{TTM}}}agent") for s in spans] == ["speaker_A", "speaker_Alice_Smith"]
    assert [s.text for s in spans] == ["- Yes?", "- No."]
    ps = _paragraphs(text)
    assert [_text(p) for p in ps] == ["Hello <there> & you", "- Yes?\n- No."]


def test_ttml_of_the_sample_with_speaker_labels_and_a_profile():
    t = captionkit.load(json.loads(SAMPLE.read_text()))
    for options in (ExportOptions(speaker_labels=True), ExportOptions(speaker_labels=True, profile="netflix")):
        text = get("ttml").render(t, options)
        root = ET.fromstring(text.encode("utf-8"))
        ps = root.findall(f".//{{{TT}}}p")
        assert ps and all(p.get(f"{{{TTM}}}agent", "").startswith("speaker_") for p in ps)
        assert len(_paragraphs(text)) == len(ps)


def test_ttml_language_and_ids():
    assert xml_lang(None) == "en"
    assert xml_lang("en_us") == "en-US"
    assert xml_lang("es") == "es"
    assert xml_lang("zh") == "zh"
    ids = agent_ids(["Speaker A", "Speaker  A", "Speaker A"])
    assert ids == {"Speaker A": "speaker_A", "Speaker  A": "speaker_A_2"}
    assert agent_ids(["a b", "a_b"]) == {"a b": "speaker_a_b", "a_b": "speaker_a_b_2"}
    assert xml_text("a\x00b\ufffe") == "a\ufffdb\ufffd"


def test_ttml_cli(tmp_path, capsys):
    from captionkit.cli import main

    out = tmp_path / "x.ttml"
    assert main(["ttml", "--speaker-labels", "-o", str(out), str(SAMPLE)]) in (0, None)
    assert ET.fromstring(out.read_bytes()).tag == f"{{{TT}}}tt"


@SETTINGS
@given(data=transcripts())
def test_ttml_speaker_labels_name_a_declared_agent_for_every_line(data):
    t = captionkit.load(data)
    options = ExportOptions(speaker_labels=True)
    try:
        text = FORMAT.render(t, options)
    except NoSpeakersError:
        return
    root = ET.fromstring(text.encode("utf-8"))
    declared = {a.get(f"{{{XML}}}id") for a in root.iter(f"{{{TTM}}}agent")}
    ps = root.findall(f".//{{{TT}}}p")
    assert len(ps) == len(_paragraphs(text))
    for p in ps:
        spans = p.findall(f"{{{TT}}}span")
        marked = [p] if p.get(f"{{{TTM}}}agent") else spans
        assert marked and {m.get(f"{{{TTM}}}agent") for m in marked} <= declared
    shown = " ".join(_squash(" ".join(p.itertext())) for p in ps)
    assert _squash(shown) == _squash(" ".join(xml_text(w.text) for w in t.words))
