"""Word tables, speaker-labelled text and speaker-labelled captions (issue 3 exports)."""

from __future__ import annotations

import csv
import io
import itertools
import json

import pytest
import srt
from hypothesis import given, settings
from hypothesis import strategies as st

import captionkit
from captionkit import formats
from captionkit import pipeline as exports
from captionkit.cli import main
from captionkit.documents import speakers
from captionkit.documents.speakers import NoSpeakersError
from captionkit.formats import table, vtt
from captionkit.options import ExportOptions
from captionkit.pipeline import render
from captionkit.segment import turns as segment_turns

from .conftest import SAMPLE
from .strategies import chars_per_caption, transcripts

PROPS = settings(max_examples=150, deadline=None)


def with_speakers(data, letters=("A", "B")):
    for i, w in enumerate(data["words"]):
        w["speaker"] = letters[(i // 3) % len(letters)]
    return data


# ------------------------------------------------------------------ word table


@PROPS
@given(data=transcripts(), fmt=st.sampled_from(["csv", "tsv"]), seconds=st.booleans())
def test_word_table_reads_back_exactly(data, fmt, seconds):
    t = captionkit.load(data)
    text = table.dumps(t.words, fmt, seconds, escape_formulas=False)
    rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == ["text", "start", "end", "confidence", "speaker"]
    assert len(rows) == len(t.words) + 1
    for w, row in zip(t.words, rows[1:], strict=True):
        assert row[0] == w.text
        if seconds:
            assert row[1] == f"{w.start / 1000:.3f}" and row[2] == f"{w.end / 1000:.3f}"
        else:
            assert (int(row[1]), int(row[2])) == (w.start, w.end)
        assert float(row[3]) == w.confidence
        assert row[4] == (w.speaker or "")


@PROPS
@given(data=transcripts(), seconds=st.booleans())
def test_word_table_json(data, seconds):
    t = captionkit.load(data)
    rows = json.loads(table.dumps(t.words, "json", seconds))
    assert [r["text"] for r in rows] == [w.text for w in t.words]
    scale = 1000 if seconds else 1
    assert [round(r["start"] * scale) for r in rows] == [w.start for w in t.words]


def test_word_table_quotes_commas_and_quotes_and_adds_channel():
    t = captionkit.load(
        {"words": [{"text": 'said,"no"', "start": 0, "end": 5, "confidence": 0.5, "speaker": None, "channel": "2"}]}
    )
    text = table.dumps(t.words, "csv")
    assert text == 'text,start,end,confidence,speaker,channel\n"said,""no""",0,5,0.5,,2\n'


FORMULAS = ['=HYPERLINK("http://x.test","click")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "=1+1"]


def _formula_transcript():
    words = [{"text": text, "start": 10 * i, "end": 10 * i + 5, "confidence": 0.5} for i, text in enumerate(FORMULAS)]
    words.append({"text": "plain", "start": 100, "end": 110, "confidence": -0.5})
    for w in words:
        w["speaker"] = "=A1"
    words[-1]["speaker"] = "B"
    return captionkit.load({"words": words})


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_word_table_cells_that_a_spreadsheet_would_run_start_with_a_quote(fmt):
    t = _formula_transcript()
    rows = list(csv.reader(io.StringIO(table.dumps(t.words, fmt)), delimiter="," if fmt == "csv" else "\t"))
    assert [r[0] for r in rows[1:]] == ["'" + f for f in FORMULAS] + ["plain"]
    assert [r[4] for r in rows[1:]] == ["'=A1"] * len(FORMULAS) + ["B"]
    assert rows[-1][3] == "-0.5"  # numbers are never changed
    # the JSON table keeps every text as it is
    assert [r["text"] for r in json.loads(table.dumps(t.words, "json"))] == [*FORMULAS, "plain"]


def test_words_cli_escapes_formulas_unless_told_not_to(tmp_path, capsysbinary):
    source = tmp_path / "f.json"
    source.write_text(_formula_transcript().model_dump_json(), encoding="utf-8")
    assert main(["words", str(source)]) == 0
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode())))
    assert rows[1][0] == "'" + FORMULAS[0]
    assert main(["words", str(source), "--format", "tsv", "--no-formula-escape"]) == 0
    rows = list(csv.reader(io.StringIO(capsysbinary.readouterr().out.decode()), delimiter="\t"))
    assert [r[0] for r in rows[1:]] == [*FORMULAS, "plain"]
    out = tmp_path / "out"
    assert main(["render", str(source), "--to", "words", "--out", str(out), "-j", "1"]) == 0
    rows = list(csv.reader(io.StringIO((out / "f.words.csv").read_text(encoding="utf-8"))))
    assert rows[3][0] == "'@SUM(1)"


def test_words_cli_formats(capsysbinary):
    assert main(["words", str(SAMPLE), "--format", "tsv", "--seconds"]) == 0
    out = capsysbinary.readouterr().out.decode()
    assert out.splitlines()[0] == "text\tstart\tend\tconfidence\tspeaker"
    assert out.splitlines()[1].startswith("Good\t0.640\t0.970\t")


# ------------------------------------------------------------------ speaker text


def test_default_line_format():
    t = captionkit.load(SAMPLE)
    lines = speakers.speaker_text(t).splitlines()
    assert len(lines) == len(t.utterances)
    u = t.utterances[3]
    assert lines[3] == f"[Speaker {u.speaker}] {speakers.timecode(u.start)} -> {u.text}"
    assert lines[0].startswith("[Speaker A] 00:00:00 -> Good morning,")


@pytest.mark.parametrize(
    ("style", "expected"), [("hms", "01:02:03"), ("hms.ms", "01:02:03.456"), ("seconds", "3723.456"), ("ms", "3723456")]
)
def test_timecodes(style, expected):
    assert speakers.timecode(3_723_456, style) == expected


@PROPS
@given(data=transcripts(), names=st.booleans())
def test_template_round_trips_every_field(data, names):
    data = with_speakers(data)
    t = captionkit.load(data)
    sep = "\x1f"
    template = sep.join(["{speaker}", "{start}", "{end}", "{confidence}", "{channel}", "{text}"])
    mapping = {"A": "Alice", "B": "Bob & Co"} if names else None
    out = speakers.speaker_text(t, template, "ms", mapping)
    turns = speakers.turns(t)
    lines = out.split("\n")[:-1]
    assert len(lines) == len(turns)
    for line, turn in zip(lines, turns, strict=True):
        spk, start, end, conf, channel, text = line.split(sep, 5)
        assert spk == (mapping[turn.speaker] if mapping else f"Speaker {turn.speaker}")
        assert (int(start), int(end)) == (turn.start, turn.end)
        assert text == turn.text
        assert channel == ""
        assert conf == f"{turn.confidence:.4f}"
    # the turns cover every word once, in order, one speaker each
    words = [w for turn in turns for w in t.words[turn.first_word : turn.last_word + 1]]
    assert words == t.words
    assert all(len({w.speaker for w in t.words[x.first_word : x.last_word + 1]}) == 1 for x in turns)


def test_turns_from_words_when_utterances_absent():
    data = json.loads(SAMPLE.read_text())
    utterances = data.pop("utterances")
    t = captionkit.load(data)
    assert [(x.speaker, x.text, x.start, x.end) for x in speakers.turns(t)] == [
        (u["speaker"], u["text"], u["start"], u["end"]) for u in utterances
    ]


def test_speaker_from_utterances_when_words_lack_it():
    data = json.loads(SAMPLE.read_text())
    for w in data["words"]:
        w["speaker"] = None
    t = captionkit.load(data)
    assert speakers.word_speakers(t)[:3] == ["A", "A", "A"]
    cues = segment_turns.speaker_cues(t, 32)
    assert {c.speaker for c in cues} == {"Speaker A", "Speaker B"}


def test_multichannel_labels_by_channel():
    words = [
        {"text": "hi", "start": 0, "end": 100, "confidence": 0.9, "speaker": None, "channel": "1"},
        {"text": "there", "start": 50, "end": 300, "confidence": 0.9, "speaker": None, "channel": "2"},
    ]
    t = captionkit.load({"words": words, "multichannel": True})
    assert speakers.speaker_text(t) == "[Channel 1] 00:00:00 -> hi\n[Channel 2] 00:00:00 -> there\n"
    assert speakers.speaker_text(t, "{speaker}|{channel}", names={"2": "Guest"}) == "Channel 1|1\nGuest|2\n"
    cues = segment_turns.speaker_cues(t)
    assert [c.speaker for c in cues] == ["Channel 1", "Channel 2"]


def test_multichannel_utterances_that_overlap_label_every_word():
    # two channels talk over each other: their words interleave in `words`, each utterance
    # holds one channel's words, and only the utterances carry the speaker
    def word(text, start, end, channel):
        return {"text": text, "start": start, "end": end, "confidence": 0.9, "speaker": None, "channel": channel}

    left = [word("Left", 0, 500, "1"), word("speaks.", 520, 900, "1")]
    right = [word("right", 200, 600, "2"), word("Yes.", 650, 1000, "2")]
    data = {
        "words": [left[0], right[0], left[1], right[1]],
        "utterances": [
            {"text": "Left speaks.", "start": 0, "end": 900, "confidence": 0.9, "speaker": "1", "channel": "1"}
            | {"words": left},
            {"text": "right Yes.", "start": 200, "end": 1000, "confidence": 0.9, "speaker": "2", "channel": "2"}
            | {"words": right},
        ],
        "multichannel": True,
    }
    t = captionkit.load(data)
    assert speakers.word_speakers(t) == ["1", "2", "1", "2"]
    cues = segment_turns.speaker_cues(t)
    assert [(c.text, c.speaker) for c in cues] == [
        ("Left", "Speaker 1"),
        ("right", "Speaker 2"),
        ("speaks.", "Speaker 1"),
        ("Yes.", "Speaker 2"),
    ]
    assert [(x.first_word, x.last_word) for x in speakers.turns(t)] == [(0, 2), (1, 3)]


def speakerless() -> dict:
    """The sample made without speaker labels: no speaker on its words, no utterances, no channel."""
    data = json.loads(SAMPLE.read_text())
    data.pop("utterances")
    for w in data["words"]:
        w["speaker"] = None
        w["channel"] = None
    return data


def test_no_speaker_information_is_an_error_never_speaker_none(tmp_path, capsysbinary):
    data = speakerless()
    t = captionkit.load(data)
    with pytest.raises(NoSpeakersError, match="without speaker labels"):
        speakers.speaker_text(t)
    with pytest.raises(NoSpeakersError):
        segment_turns.speaker_cues(t)
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(data))
    for argv in (
        ["text", str(path), "--template", "{speaker}: {text}"],  # asks for speakers there are none of
        ["srt", str(path), "--speaker-labels"],
        ["vtt", str(path), "--speaker-labels"],
    ):
        assert main(argv) == 1
        out, err = capsysbinary.readouterr()
        assert out == b"" and b"without speaker labels" in err and b"paragraphs --text" in err
        assert err.startswith(f"captionkit: error: {path}: ".encode())  # found after loading, still names the file
        assert b"Speaker None" not in err


def test_text_without_speakers_is_one_line_per_paragraph():
    """A transcript made without speaker labels still has a `text` export: its paragraphs,
    with the default template's speaker part dropped; the other fields work as usual."""
    t = captionkit.load(speakerless())
    paragraphs = t.paragraphs_response().paragraphs
    assert len(paragraphs) > 1
    text = formats.get("text").render(t, ExportOptions())
    assert text == "".join(f"{speakers.timecode(p.start)} -> {p.text}\n" for p in paragraphs)
    assert text.startswith("00:00:00 -> Good morning, and thanks for joining us.")
    assert "Speaker" not in text
    assert render("text", t) == text
    own = formats.get("text").render(
        t, ExportOptions(template="{start}-{end} ({confidence}) [{channel}] {text}", timecode="hms.ms")
    )
    assert own.splitlines() == [
        f"{speakers.timecode(p.start, 'hms.ms')}-{speakers.timecode(p.end, 'hms.ms')} ({p.confidence:.4f}) [] {p.text}"
        for p in paragraphs
    ]
    assert formats.get("text").render(t, ExportOptions(timecode="ms", speaker_names={"A": "Alice"})).splitlines() == [
        f"{p.start} -> {p.text}" for p in paragraphs
    ]
    # a template of the user's that asks for the speaker: there is none to give
    with pytest.raises(NoSpeakersError, match="without speaker labels"):
        formats.get("text").render(t, ExportOptions(template="{speaker}: {text}"))
    with pytest.raises(NoSpeakersError, match="without speaker labels"):
        formats.get("text").render(t, ExportOptions(template="{text} ({speaker:>12})"))
    # translations live on utterances: as before
    with pytest.raises(NoSpeakersError, match="without speaker labels"):
        formats.get("text").render(t, ExportOptions(language="es"))


def test_text_command_without_speakers(tmp_path, capsysbinary):
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(speakerless()))
    t = captionkit.load(path)
    assert main(["text", str(path)]) == 0
    out, err = capsysbinary.readouterr()
    assert out.decode() == formats.get("text").render(t, ExportOptions()) and err == b""
    assert main(["text", str(path), "--timecode", "seconds", "--template", "{start}\t{text}"]) == 0
    first = t.paragraphs_response().paragraphs[0]
    assert capsysbinary.readouterr().out.decode().splitlines()[0] == f"{first.start / 1000:.3f}\t{first.text}"
    assert main(["text", str(path), "--language", "es"]) == 1
    assert b"without speaker labels" in capsysbinary.readouterr().err


def test_bad_template_and_names_are_usage_errors(capsysbinary):
    for argv in (
        ["text", str(SAMPLE), "--template", "{speaker} {bogus}"],
        ["text", str(SAMPLE), "--template", "{speaker"],
        ["text", str(SAMPLE), "--speaker-names", "A:Alice"],
        ["text", str(SAMPLE), "--timecode", "frames"],
    ):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        err = capsysbinary.readouterr().err.decode()
        assert "usage:" in err


def test_bad_label_format_is_a_usage_error_not_a_traceback(capsysbinary, tmp_path):
    for fmt in ("{who}: ", "{speaker", "{0}", "{speaker:d}", "{speaker}\n"):
        for argv in (
            ["srt", str(SAMPLE), "--speaker-labels", "--label-format", fmt],
            ["render", str(SAMPLE), "--to", "srt", "--out", str(tmp_path), "--label-format", fmt],
        ):
            with pytest.raises(SystemExit) as info:
                main(argv)
            assert info.value.code == 2
            err = capsysbinary.readouterr().err.decode()
            assert "bad label format" in err and "Traceback" not in err
    assert not any(tmp_path.iterdir())
    with pytest.raises(ValueError, match="bad label format"):
        render("srt", captionkit.load(SAMPLE), ExportOptions(speaker_labels=True, label_format="{who}"))


def test_template_field_error_names_the_fields():
    with pytest.raises(ValueError, match=r"unknown template field \{bogus\}.*\{speaker\}"):
        speakers.check_template("{bogus}")


# ------------------------------------------------------------------ speaker-labelled captions


@PROPS
@given(data=transcripts(), cap=chars_per_caption)
def test_speaker_cues_never_mix_speakers(data, cap):
    data = with_speakers(data, ("A", "B", "C"))
    t = captionkit.load(data)
    fmt_label = "[{speaker}] "
    cues = segment_turns.speaker_cues(t, cap, label_format=fmt_label)
    assert " ".join(c.lines[0] for c in cues) == " ".join(w.text for w in t.words)
    for i, c in enumerate(cues):
        span = t.words[c.first_word : c.last_word + 1]
        assert len({w.speaker for w in span}) == 1
        assert c.speakers == (f"Speaker {span[0].speaker}",)
        if cap is not None and c.first_word != c.last_word:
            label = fmt_label.format(speaker=c.speakers[0])
            assert len(label + c.lines[0]) <= max(cap, len(label) + 1)
        assert c.end > c.start and (i == 0 or c.start >= cues[i - 1].end)
    text = render("srt", t, ExportOptions(chars_per_caption=cap, speaker_labels=True))
    assert srt.compose(list(srt.parse(text))) == text
    for sub, c in zip(srt.parse(text), cues, strict=True):
        assert sub.content == f"[{c.speakers[0]}] {c.lines[0]}"


@PROPS
@given(data=transcripts(), cap=chars_per_caption)
def test_srt_label_is_counted_within_the_cap(data, cap):
    data = with_speakers(data)
    t = captionkit.load(data)
    text = render("srt", t, ExportOptions(chars_per_caption=cap, speaker_labels=True))
    for sub in srt.parse(text):
        label_end = sub.content.index("] ") + 2
        if cap is not None and " " in sub.content[label_end:] and cap > label_end:
            assert len(sub.content) <= cap


@PROPS
@given(data=transcripts(), cap=chars_per_caption)
def test_vtt_voice_spans_parse_back(data, cap):
    data = with_speakers(data)
    t = captionkit.load(data)
    names = {"A": "Tom & Jerry", "B": "a>b<c"}
    text = render("vtt", t, ExportOptions(chars_per_caption=cap, speaker_labels=True, speaker_names=names))
    assert "<v Tom &amp; Jerry>" in text or "<v a&gt;b&lt;c>" in text
    parsed = vtt.loads(text)
    cues = segment_turns.speaker_cues(t, cap, names=names)
    assert [(c.start, c.end, c.lines, c.speakers) for c in parsed] == [
        (c.start, c.end, c.lines, c.speakers) for c in cues
    ]


def test_srt_label_format_is_configurable(capsysbinary):
    assert (
        main(
            [
                "srt",
                str(SAMPLE),
                "--speaker-labels",
                "--label-format",
                "{speaker}: ",
                "--speaker-names",
                "A=Ann,B=Ben",
                "--chars-per-caption",
                "40",
            ]
        )
        == 0
    )
    subs = list(srt.parse(capsysbinary.readouterr().out.decode()))
    assert subs[0].content.startswith("Ann: Good morning,")
    assert all(len(s.content) <= 40 for s in subs if " " in s.content.partition(": ")[2])
    assert any(s.content.startswith("Ben: ") for s in subs)


# ------------------------------------------------------------------ translations


def translated_sample():
    data = json.loads(SAMPLE.read_text())
    for i, u in enumerate(data["utterances"]):
        u["translated_texts"] = {"es": f"Frase número {i} traducida al español, con bastante texto para cortar."}
    return data


@pytest.mark.parametrize("cap", [None, 24])
def test_translated_captions_are_timed_by_the_utterance(cap):
    data = translated_sample()
    t = captionkit.load(data)
    cues = segment_turns.translated_cues(t, "es", cap)
    for u in t.utterances:
        inside = [c for c in cues if u.start <= c.start and c.end <= u.end]
        assert " ".join(c.lines[0] for c in inside) == " ".join(u.translated_texts["es"].split())
        assert inside[0].start == u.start and inside[-1].end == u.end
        if cap:
            assert all(len(c.lines[0]) <= cap for c in inside)
    assert all(b.start >= a.end for a, b in itertools.pairwise(cues))


def test_translated_text_and_missing_language(tmp_path, capsysbinary):
    path = tmp_path / "tr.json"
    path.write_text(json.dumps(translated_sample()))
    assert main(["text", str(path), "--language", "es"]) == 0
    assert "Frase número 0" in capsysbinary.readouterr().out.decode()
    assert main(["vtt", str(path), "--language", "es", "--speaker-labels"]) == 0
    assert "<v Speaker A>Frase número 0" in capsysbinary.readouterr().out.decode()
    assert main(["srt", str(path), "--language", "de"]) == 1
    assert b"no 'de' translation" in capsysbinary.readouterr().err


def test_every_export_is_registered_with_a_suffix():
    t = captionkit.load(SAMPLE)
    assert set(formats.REGISTRY) >= {"srt", "vtt", "sentences", "paragraphs", "text", "words"}
    for name in formats.REGISTRY:
        assert formats.get(name).name == name
        assert formats.get(name).suffix(ExportOptions()).startswith(".")
        if name not in ("sentences", "paragraphs"):
            assert render(name, t)


# ------------------------------------------------------------------ sentences / paragraphs commands


def test_sentences_and_paragraphs_commands(capsysbinary):
    t = captionkit.load(SAMPLE)
    assert main(["sentences", str(SAMPLE)]) == 0
    data = json.loads(capsysbinary.readouterr().out)
    assert set(data) == {"sentences", "id", "confidence", "audio_duration"}
    assert data["id"] == t.id and data["audio_duration"] == t.audio_duration
    assert " ".join(s["text"] for s in data["sentences"]) == " ".join(w.text for w in t.words)
    first = data["sentences"][0]
    assert (first["start"], first["confidence"]) == (t.words[0].start, t.words[0].confidence)
    assert main(["sentences", str(SAMPLE), "--text"]) == 0
    assert capsysbinary.readouterr().out.decode().splitlines() == [s["text"] for s in data["sentences"]]
    assert main(["paragraphs", str(SAMPLE), "--text"]) == 0
    texts = capsysbinary.readouterr().out.decode().split("\n\n")
    assert [p.strip() for p in texts] == [p.text for p in t.get_paragraphs()]
    assert main(["paragraphs", str(SAMPLE)]) == 0
    assert json.loads(capsysbinary.readouterr().out)["paragraphs"][0]["text"].startswith("Good morning,")


def test_library_equivalents_on_the_transcript():
    t = captionkit.load(SAMPLE)
    opts = ExportOptions(chars_per_caption=40, speaker_labels=True, speaker_names={"A": "Ann"})
    assert t.export_subtitles_srt(40, speaker_labels=True, speaker_names={"A": "Ann"}) == render("srt", t, opts)
    assert t.export_subtitles_vtt(40, speaker_labels=True, speaker_names={"A": "Ann"}) == render("vtt", t, opts)
    assert t.export_subtitles_srt(profile="api") == t.export_subtitles_srt()
    from captionkit.profiles import get_profile

    netflix = render("srt", t, ExportOptions(profile=get_profile("netflix")))
    assert t.export_subtitles_srt(profile="netflix") == netflix != t.export_subtitles_srt()
    with pytest.raises(ValueError, match="profile"):
        t.export_subtitles_srt(profile="cinema")


# --- the library checks its arguments as the CLI does -------------------------------------


@pytest.mark.parametrize("bad", [float("nan"), 32.5, True, "32"])
def test_chars_per_caption_must_be_a_whole_number(bad):
    t = captionkit.load(SAMPLE)
    # NaN used to pass the "< 1" check and put the whole transcript in one cue
    with pytest.raises(TypeError, match="whole number"):
        t.export_subtitles_srt(bad)
    with pytest.raises(TypeError, match="whole number"):
        ExportOptions(chars_per_caption=bad)
    with pytest.raises(TypeError, match="whole number"):
        segment_turns.speaker_cues(t, bad)


def test_a_profile_is_given_by_name_or_as_a_profile_everywhere():
    from captionkit.profiles import PROFILES, ProfileError
    from captionkit.segment.broadcast import broadcast_cues

    t = captionkit.load(SAMPLE)
    by_name = render("srt", t, ExportOptions(profile="netflix"))
    assert (
        by_name
        == render("srt", t, ExportOptions(profile=PROFILES["netflix"]))
        == t.export_subtitles_srt(profile="netflix")
    )
    assert broadcast_cues(t, "netflix") == broadcast_cues(t, PROFILES["netflix"])
    assert ExportOptions(profile="api").profile is None
    with pytest.raises(TypeError, match="profile name"):
        ExportOptions(profile=123)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="profile name"):
        t.export_subtitles_srt(profile=123)  # type: ignore[arg-type]
    with pytest.raises(ProfileError, match="broadcast profile is needed"):
        broadcast_cues(t, None)  # type: ignore[arg-type]
    with pytest.raises(ProfileError, match="unknown caption profile"):
        ExportOptions(profile="netflx")


@pytest.mark.parametrize(
    ("names", "error", "match"),
    [
        ({"A": "Ann\nB"}, ValueError, "line break"),
        ({"A": "Ann\u2028B"}, ValueError, "line break"),
        ({"A": "  "}, ValueError, "blank"),
        ({"A": None}, TypeError, "text to text"),
        ({"A": 5}, TypeError, "text to text"),
    ],
)
def test_speaker_names_must_be_one_line_of_text(names, error, match):
    t = captionkit.load(SAMPLE)
    with pytest.raises(error, match=match):
        t.export_subtitles_vtt(speaker_labels=True, speaker_names=names)
    with pytest.raises(error, match=match):
        speakers.speaker_text(t, names=names)


def test_a_speaker_name_with_a_line_break_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["srt", str(SAMPLE), "--speaker-labels", "--speaker-names", "A=Ann\nB"])
    assert info.value.code == 2
    assert "must not contain a line break" in capsys.readouterr().err


@pytest.mark.parametrize("template", ["{confidence:.2f}", "{start:>d}", "{text!z}"])
def test_a_template_spec_the_fields_do_not_take_is_a_usage_error(template, capsys):
    with pytest.raises(ValueError, match="bad template"):
        speakers.speaker_text(captionkit.load(SAMPLE), template)
    with pytest.raises(SystemExit) as info:
        main(["text", str(SAMPLE), "--template", template])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "bad template" in err and "Traceback" not in err


def test_text_specs_work_in_a_template():
    out = speakers.speaker_text(captionkit.load(SAMPLE), "{speaker:>12}|{confidence}")
    assert out.splitlines()[0] == "   Speaker A|" + out.splitlines()[0].split("|")[1]
    assert len(out.splitlines()[0].split("|")[1]) == 6  # 0.xxxx


def test_render_loads_what_load_takes_and_invariants_take_a_transcript():
    from captionkit.qa import invariants as check

    t = captionkit.load(SAMPLE)
    assert render("srt", str(SAMPLE)) == render("srt", json.loads(SAMPLE.read_text())) == render("srt", t)
    report = check.invariants(t, t.captions(32), chars_per_caption=32)
    assert report.ok and report == check.invariants(t.words, t.captions(32), chars_per_caption=32)
    with pytest.raises(TypeError, match="ExportOptions"):
        render("srt", t, {"chars_per_caption": 32})  # type: ignore[arg-type]


def test_the_word_table_takes_a_words_speaker_from_its_utterance():
    # multichannel with speaker labels: the speakers are on the utterances only
    words = [
        {"text": "Hi", "start": 0, "end": 100, "channel": "1"},
        {"text": "yo", "start": 50, "end": 150, "channel": "2"},
    ]
    utterances = [
        {"text": w["text"], "start": w["start"], "end": w["end"], "speaker": w["channel"], "channel": w["channel"],
         "words": [w]}
        for w in words
    ]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(render("words", {"words": words, "utterances": utterances}))))
    assert [(r["text"], r["speaker"], r["channel"]) for r in rows] == [("Hi", "1", "1"), ("yo", "2", "2")]
    # channels alone are no speakers: the speaker column stays empty
    rows = list(csv.DictReader(io.StringIO(render("words", {"words": words}))))
    assert [r["speaker"] for r in rows] == ["", ""]


def test_translations_that_are_all_empty_are_an_error_not_an_empty_file(tmp_path, capsysbinary):
    data = translated_sample()
    for u in data["utterances"]:
        u["translated_texts"] = {"es": "  "}
    path = tmp_path / "empty.json"
    path.write_text(json.dumps(data))
    assert main(["srt", str(path), "--language", "es"]) == 1
    err = capsysbinary.readouterr().err.decode()
    assert "translation is empty" in err and "translated_texts.es" in err


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("A=Alice,B=Bob", {"A": "Alice", "B": "Bob"}),
        (r"A=Smith\, Jane,B=Bob", {"A": "Smith, Jane", "B": "Bob"}),
        (r"A=back\\,B=Bob", {"A": "back\\", "B": "Bob"}),
        (r"A=C:\temp", {"A": r"C:\temp"}),
        (" A = Ann , ", {"A": "Ann"}),
    ],
)
def test_speaker_names_parse_with_escaped_commas(spec, expected):
    assert speakers.parse_names(spec) == expected


@pytest.mark.parametrize(("spec", "match"), [("A=Alice,Bob", "'Bob'"), ("A=1,A=2", "named twice")])
def test_malformed_speaker_names_say_why(spec, match):
    with pytest.raises(ValueError, match=match):
        speakers.parse_names(spec)


def test_speaker_names_can_be_repeated_and_hold_a_comma(capsysbinary):
    assert main(["text", str(SAMPLE), "--speaker-names", r"A=Smith\, Jane", "--speaker-names", "B=Bob"]) == 0
    lines = capsysbinary.readouterr().out.decode().splitlines()
    assert lines[0].startswith("[Smith, Jane] ") and lines[1].startswith("[Bob] ")
    with pytest.raises(SystemExit) as info:
        main(["srt", str(SAMPLE), "--speaker-labels", "--speaker-names", "A=x", "--speaker-names", "A=y"])
    assert info.value.code == 2
    assert b"speaker 'A' is named twice" in capsysbinary.readouterr().err


def test_a_missing_speaker_is_filled_from_its_own_channel():
    """On multichannel audio the word before may be another person's: a word with no
    speaker takes its own channel's speaker, and a channel with none is shown by its number
    (captions) or left empty (the word table never invents a speaker)."""
    spec = [("Hello.", 0, 400, "A", "1"), ("Hi.", 500, 800, "B", "2"), ("Yes,", 900, 1200, None, "1")]
    spec += [("hi.", 1300, 1600, None, "3")]
    words = [{"text": w, "start": a, "end": b, "confidence": 0.9, "speaker": s, "channel": c} for w, a, b, s, c in spec]
    t = captionkit.load({"id": "x", "status": "completed", "words": words})
    assert speakers.word_speakers(t) == ["A", "B", "A", "3"]
    assert speakers.word_speakers(t, channel_fallback=False) == ["A", "B", "A", None]
    table = exports.render("words", t, exports.ExportOptions()).splitlines()
    assert table[3:] == ['"Yes,",900,1200,0.9,A,1', "hi.,1300,1600,0.9,,3"]
    srt = t.export_subtitles_srt(speaker_labels=True)
    assert "[Speaker A] Yes," in srt and "[Speaker 3] hi." in srt and "[Speaker B] Yes," not in srt


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from('ab,"\t\r\n =+-@é'), min_size=1, max_size=6),
            st.integers(0, 10_000),
            st.one_of(st.none(), st.floats(0, 1, allow_nan=False)),
            st.one_of(st.none(), st.sampled_from(["A", "B,", '"C"', "=D"])),
        ),
        max_size=20,
    ),
    st.sampled_from(["csv", "tsv"]),
    st.booleans(),
    st.booleans(),
)
def test_word_table_is_what_csv_writer_writes(rows, fmt, seconds, escape) -> None:
    """The table joined from per-distinct-cell quoting is byte for byte the csv module's own."""
    from captionkit.model.transcript import Word

    words = [Word(text=t, start=s, end=s + 5, confidence=c, speaker=sp) for t, s, c, sp in rows]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
    writer.writerow(table.columns(words))
    for w in words:
        cells = [w.text, w.start, w.end, w.confidence, w.speaker]
        if seconds:
            cells[1:3] = [f"{round(ms / 1000, 3):.3f}" for ms in cells[1:3]]
        if escape:
            cells[0], cells[4] = table.neutralise(cells[0]), table.neutralise(cells[4])
        writer.writerow(cells)
    assert table.dumps(words, fmt, seconds, escape) == out.getvalue()
