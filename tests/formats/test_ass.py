"""The ``ass`` format: read back by ``pysubs2`` and by the format's own rules (times floored
to centiseconds, escaping, a style per speaker), on generated transcripts."""

from __future__ import annotations

import shutil
import subprocess

import pysubs2
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit.documents.speakers import NoSpeakersError
from captionkit.formats import ass, get
from captionkit.options import ExportOptions
from captionkit.segment.cues import cues_for

from ..conftest import SAMPLE
from ..strategies import chars_per_caption, transcripts
from ._ass import TAG, dialogues, shown

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HOUR_CS = 360_000


def render(data, **options):
    t = captionkit.load(data)
    opts = ExportOptions(**options)
    return t, cues_for(t, opts, labels_in_text=False), get("ass").render(t, opts)


def test_registered_with_its_layout():
    fmt = get("ass")
    assert fmt.captions and fmt.extension == ".ass"
    _, _, text = render({"id": "x", "status": "completed", "text": "hi", "words": [_word("hi", 0, 500)]})
    head = text.split("[Events]")[0]
    for line in (
        "ScriptType: v4.00+",
        "PlayResX: 1920",
        "PlayResY: 1080",
        "WrapStyle: 2",
        "ScaledBorderAndShadow: yes",
    ):
        assert line in head.splitlines()
    assert "Style: Default,Arial,64,&H00FFFFFF," in head
    assert "Dialogue: 0,0:00:00.00,0:00:00.50,Default,,0,0,0,,hi" in text


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
def test_every_word_once_in_order_with_legal_times(data, cap):
    t, cues, text = render(data, chars_per_caption=cap)
    events = dialogues(text)
    assert len(events) == len(cues)
    # every word once, in order: the shown text is the escaped words
    assert " ".join(" ".join(shown(body)) for *_, body in events) == ass.escape(" ".join(w.text for w in t.words))
    previous_end = 0
    for (start, end, style, body), cue in zip(events, cues, strict=True):
        assert style == "Default"
        assert start == cue.start // 10 and cue.end // 10 <= end <= cue.end // 10 + 1
        assert abs(start * 10 - cue.start) < 10 and abs(end * 10 - cue.end) < 10
        assert start >= previous_end and end >= start  # in order, never overlapping
        previous_end = end
        # no word can open an override block or make a \N, \n or \h
        plain = TAG.sub("", body)
        assert "{" not in plain and "}" not in plain
        assert all(
            rest.startswith(ass.WORD_JOINER) for rest in plain.replace("\\N", "").replace("\\h", "").split("\\")[1:]
        )


@SETTINGS
@given(data=transcripts(), cap=chars_per_caption)
def test_pysubs2_reads_it_back(data, cap):
    _t, cues, text = render(data, chars_per_caption=cap)
    assume(max(c.end for c in cues) < 100 * HOUR_CS * 10)  # pysubs2 reads at most 2 hour digits
    subs = pysubs2.SSAFile.from_string(text, format_="ass")
    assert subs.info["PlayResX"] == "1920" and subs.info["WrapStyle"] == "2"
    events = [e for e in subs.events if e.type == "Dialogue"]
    assert len(events) == len(cues)
    for e, cue in zip(events, cues, strict=True):
        assert abs(e.start - cue.start) < 10 and abs(e.end - cue.end) < 10
        assert e.plaintext == ass.escape("\n".join(cue.lines))


def _word(text, start, end, speaker=None):
    return {"text": text, "start": start, "end": end, "confidence": 0.9, "speaker": speaker}


def test_speaker_styles_in_order_of_first_appearance():
    words = [
        _word("Hi", 0, 400, "B"),
        _word("there.", 400, 900, "B"),
        _word("Hello", 1000, 1400, "A"),
        _word("back.", 1400, 1900, "A"),
        _word("Bye.", 2000, 2400, "B"),
    ]
    data = {"id": "s", "status": "completed", "text": "", "words": words}
    _, _cues, text = render(data, speaker_labels=True, speaker_names={"A": "Ann, the host"})
    subs = pysubs2.SSAFile.from_string(text)
    assert list(subs.styles) == ["Default", "Speaker B", "Ann the host"]  # a comma would end the field
    colours = {name: (s.primarycolor.r, s.primarycolor.g, s.primarycolor.b) for name, s in subs.styles.items()}
    assert len(set(colours.values())) == 3
    assert [e.style for e in subs.events] == ["Speaker B", "Ann the host", "Speaker B"]
    # deterministic: the same palette colour for the first speaker whoever it is
    assert colours["Speaker B"] == (0xF0, 0xE4, 0x42)
    assert render(data, speaker_labels=True, speaker_names={"A": "Ann, the host"})[2] == text


def test_a_later_speaker_in_a_cue_switches_style():
    cue = ass.Cue(0, 1000, ("- Hi.", "- Hello."), 0, 1, ("Speaker A", "Speaker B"))
    text = ass.FORMAT.dumps_ass([cue], speaker_labels=True)
    ((_, _, style, body),) = dialogues(text)
    assert style == "Speaker A" and body == "- Hi.\\N{\\rSpeaker B}- Hello."


@SETTINGS
@given(data=transcripts())
def test_speaker_labels_style_every_event(data):
    try:
        _, cues, text = render(data, speaker_labels=True)
    except NoSpeakersError:
        assume(False)
    styles = ass.speaker_styles(cues)
    events = dialogues(text)
    assert [style for _, _, style, _ in events] == [
        styles[c.speakers[0]][0] if c.speakers and c.speakers[0] is not None else "Default" for c in cues
    ]
    assert len(events) == len(cues)


def test_escaping_keeps_words_as_written():
    assert ass.escape("{\\b1}x") == "\uff5b\\\u2060b1\uff5dx"
    assert ass.escape("C:\\New") == "C:\\\u2060New"
    assert ass.hard_edges(" a ") == "\\ha\\h"


def test_centiseconds_floor_and_keep_order():
    C = ass.Cue
    cues = [C(1001, 1009, ("a",)), C(1009, 1015, ("b",)), C(1015, 1019, ("c",))]
    assert ass.centiseconds(cues) == [(100, 100), (100, 101), (101, 102)]
    assert ass.timestamp(123 * HOUR_CS + 5) == "123:00:00.05"


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")
def test_ffmpeg_reads_it(tmp_path):
    out = tmp_path / "out.ass"
    t = captionkit.load(SAMPLE)
    out.write_text(get("ass").render(t, ExportOptions(speaker_labels=True, extra={"karaoke": True})))
    run = subprocess.run(["ffmpeg", "-v", "error", "-i", str(out), "-f", "srt", "-"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("-->") == len(dialogues(out.read_text()))


@settings(max_examples=40, deadline=None)
@given(transcripts(), st.booleans(), st.booleans())
def test_ass_reads_back_what_it_writes(data, labels, karaoke):
    """captionkit reads its own ASS: the same cues (times to the centisecond), every word once
    and in order, override tags (karaoke) gone."""
    from captionkit import formats
    from captionkit.options import ExportOptions

    t = captionkit.load(data)
    try:
        text = formats.get("ass").render(t, ExportOptions(speaker_labels=labels, extra={"karaoke": karaoke}))
    except captionkit.CaptionkitError:
        return  # e.g. speaker labels on a transcript without speakers
    assert formats.sniff(text) == "ass"
    cues = formats.get("ass").read(text)
    written = [line for line in text.splitlines() if line.startswith("Dialogue:")]
    assert len(cues) == len(written)
    shown = " ".join(" ".join(c.lines) for c in cues).split()
    assert "{" not in " ".join(shown)
    assert all(c.start % 10 == 0 and c.end % 10 == 0 for c in cues)


def test_convert_reads_ass():
    """SRT -> ASS -> SRT keeps every cue's lines, and its times to the centisecond."""
    from captionkit.convert import convert
    from captionkit.formats import srt as srt_format

    original = captionkit.load(SAMPLE).export_subtitles_srt(32)
    as_ass, _ = convert(original, "ass")
    back, _ = convert(as_ass, "srt")
    before, after = srt_format.loads(original), srt_format.loads(back)
    assert [c.lines for c in after] == [c.lines for c in before]
    assert [(c.start, c.end) for c in after] == [(c.start // 10 * 10, c.end // 10 * 10) for c in before]
