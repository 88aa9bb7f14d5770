"""``captionkit lint``: the QC report on hand-made, generated and real caption files."""

from __future__ import annotations

import codecs
import json

import pytest

import captionkit
from captionkit import formats
from captionkit.cli import main
from captionkit.cli.lint import decode_captions
from captionkit.formats import srt as srt_format
from captionkit.model.cue import Cue
from captionkit.options import ExportOptions
from captionkit.profiles import PROFILES, get_profile
from captionkit.qa.align import align
from captionkit.qa.lint import detect_format, lint_cues, lint_text
from captionkit.segment.broadcast import broadcast_cues

from ..conftest import CORPUS, SAMPLE, needs_shared, shared_file


def run(capsysbinary, *argv):
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def srt_text(*blocks):
    """SRT text from (start_ms, end_ms, text) blocks, numbered from 1."""
    return srt_format.dumps([Cue(a, b, tuple(text.split("\n"))) for a, b, text in blocks])


def by_rule(report, rule):
    return [v for v in report.violations if v.rule == rule]


# -- each rule on a hand-made file -----------------------------------------------------------------


def test_each_rule_reports_the_cue_the_value_and_the_limit():
    text = srt_text(
        (0, 2000, "This line has exactly forty-three characters"),  # 44 > 42
        (2084, 4000, "one\ntwo\nthree"),  # 3 lines
        (4040, 4500, "Short."),  # gap 40 ms before it; 460 ms long
        (4400, 6000, "Overlaps the previous cue."),  # starts 100 ms before cue 3 ends
        (6084, 14000, "Too long on screen."),  # 7916 ms
        (14300, 15000, "Gap of 300 ms not closed."),
    )
    report = lint_text(text, PROFILES["netflix"], source="hand.srt")
    assert not report.ok
    (cpl,) = by_rule(report, "max_chars_per_line")
    assert (cpl.cue, cpl.value, cpl.limit) == (1, 44, 42)
    (lines,) = by_rule(report, "max_lines")
    assert (lines.cue, lines.value, lines.limit) == (2, 3, 2)
    assert [(v.cue, v.value) for v in by_rule(report, "min_duration")] == [(3, 460), (6, 700)]
    assert [(v.cue, v.value) for v in by_rule(report, "min_gap")] == [(2, 40)]  # the overlap is not a gap too
    assert [(v.cue, v.value) for v in by_rule(report, "overlap")] == [(3, -100)]
    assert [(v.cue, v.value, v.limit) for v in by_rule(report, "max_duration")] == [(5, 7916, 7000)]
    assert [(v.cue, v.value) for v in by_rule(report, "gap_chaining")] == [(5, 300)]
    assert set(report.failed_rules) == {
        "max_chars_per_line",
        "max_lines",
        "min_gap",
        "overlap",
        "max_duration",
        "gap_chaining",
    }
    rules = {r.rule: r for r in report.rules}
    assert rules["max_lines"].checked == 6 and rules["max_lines"].failed == 1
    assert rules["max_lines"].conformity == pytest.approx(100 * 5 / 6)
    assert rules["max_chars_per_line"].checked == 8  # lines, not cues


def test_a_clean_file_passes_and_warnings_do_not_fail():
    text = srt_text((1000, 3000, "Hello there."), (3084, 5000, "-How are you?\n-Fine, thanks."))
    report = lint_text(text, PROFILES["netflix"])
    assert report.ok and not report.violations
    fast = lint_text(srt_text((0, 1000, "Far too much text to read in a second.")), PROFILES["netflix"])
    assert fast.ok and fast.warned_rules == ["reading_speed_cps"]
    (v,) = fast.violations
    assert (v.cue, v.value, v.limit) == (1, 38.0, 20)


def test_gaps_are_counted_in_whole_frames():
    """A gap is rounded to frames at the profile's rate, as frame-based tools count it: at
    24 fps 2 frames are 83.3 ms, so 63-104 ms are 2 frames; 62 ms is 1 frame (too short)
    and 105 ms is 3 (not closed to 2)."""
    netflix = PROFILES["netflix"]

    def gap(ms, profile=netflix):
        return lint_text(srt_text((0, 1000, "One."), (1000 + ms, 2000, "Two.")), profile)

    for ms in (63, 82, 83, 84, 100, 104):
        assert gap(ms).ok, ms
    short = gap(62)
    assert short.failed_rules == ["min_gap"]  # a gap too short is not also reported as not chained
    assert "(1 frames)" in by_rule(short, "min_gap")[0].message
    assert gap(105).failed_rules == ["gap_chaining"]
    at25 = get_profile("netflix", fps=25)  # 2 frames are 80 ms
    assert gap(60, at25).ok and gap(99, at25).ok
    assert gap(59, at25).failed_rules == ["min_gap"] and gap(100, at25).failed_rules == ["gap_chaining"]


def test_an_overlap_is_reported_once_and_an_unsorted_pair_as_timing_only():
    nested = lint_text(srt_text((0, 6000, "One."), (1000, 2000, "Two."), (3000, 4000, "Three.")), PROFILES["netflix"])
    assert {v.rule for v in nested.violations} == {"overlap"}
    unsorted = lint_text(
        srt_text((3_601_000, 3_603_000, "Late."), (3_598_000, 3_599_500, "Early.")), PROFILES["netflix"]
    )
    assert [(v.rule, v.cue) for v in unsorted.violations] == [("timing", 2)]


def test_bbc_gaps_are_chained_or_at_least_a_second():
    half = lint_text(srt_text((0, 1000, "One."), (1500, 2500, "Two.")), PROFILES["bbc"])
    assert half.failed_rules == ["gap_chaining"]
    assert lint_text(srt_text((0, 1000, "One."), (2000, 3000, "Two.")), PROFILES["bbc"]).ok
    assert lint_text(srt_text((0, 1000, "One."), (1080, 2000, "Two.")), PROFILES["bbc"]).ok
    dcmp = lint_text(srt_text((0, 2000, "One."), (2500, 4500, "Two.")), PROFILES["dcmp"])
    assert dcmp.ok and dcmp.rule("gap_chaining") is None  # the DCMP closes no gaps


_VTT_CUE = "00:00.000 --> 00:01.000\nhello\n"


@pytest.mark.parametrize(
    ("text", "fmt", "message"),
    [
        ("WEBVTT-x\n\n" + _VTT_CUE, "vtt", "must be 'WEBVTT'"),
        ("WEBVTT\n" + _VTT_CUE, "vtt", "no blank line between the WEBVTT header"),
        ("WEBVTT\n\n00:00:03.1 --> 00:00:04.000\nhello\n", "vtt", "is not 'MM:SS.mmm --> MM:SS.mmm'"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000 align:middle\nhello\n", "vtt", "'align:middle' has a bad value"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000 position:150%\nhello\n", "vtt", "'position:150%' has a bad value"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000 foo:bar\nhello\n", "vtt", "unknown cue setting 'foo:bar'"),
        ("WEBVTT\n\na\n" + _VTT_CUE + "\na\n00:01.100 --> 00:02.000\nx\n", "vtt", "identifiers are unique"),
        ("WEBVTT\n\n" + _VTT_CUE + "\nSTYLE\n::cue { color: red }\n", "vtt", "STYLE block after a cue"),
        ("WEBVTT\n\n" + _VTT_CUE + "00:01.100 --> 00:02.000\nthere\n", "vtt", "a missing blank line"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\n5 < 6\n", "vtt", "a raw '<'"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\n<i>hello\n", "vtt", "<i> is never closed"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\n<blink>hello</blink>\n", "vtt", "unknown tag <blink>"),
        ("WEBVTT\n", "vtt", "no cues"),
        ("", "srt", "no cues"),
        ("1\n00:00:00,000 --> 00:00:01,000\nHello --> there\n\n", "srt", "holds '-->'"),
        ("1\n00:00:00,000 --> 00:00:01,000\n<i>Hello\n\n", "srt", "<i> is never closed"),
        ("1\n00:00:00,000 --> 00:00:01,000\nHello</b>\n\n", "srt", "</b> closes a tag that is not open"),
        ("\n1\n00:00:00,000 --> 00:00:01,000\nHello\n\n", "srt", "starts with blank lines"),
        ("1\n00:00:00,000 --> 00:00:01,000 X1:10\nHello\n\n", "srt", "(no coordinates)"),
        ("1\n00:00:00,000 --> 00:00:01,000\nHel\x00lo\n\n", "srt", "NUL byte"),
    ],
)
def test_the_format_rule_checks_the_file_structure(text, fmt, message):
    report = lint_text(text, PROFILES["netflix"], fmt=fmt)
    assert not report.ok and "format" in report.failed_rules
    assert any(message in v.message for v in by_rule(report, "format")), [v.message for v in report.violations]


def test_well_formed_files_pass_the_format_rule():
    vtt = (
        "WEBVTT - made by hand\n\nNOTE a comment\n\nSTYLE\n::cue { color: yellow }\n\n"
        "intro\n00:00.000 --> 00:01.000 align:start position:10%,line-left line:-1\n<v.loud Ann>Hi &amp; <i>bye</i>\n\n"
        "00:00:01.100 --> 00:00:02.000\n<c.yellow>there</c> <00:00:01.500>now\n"
    )
    srt_file = srt_text((0, 1000, "<i>Hello</i> 5 < 6"), (1100, 2000, '<font color="#ffff00">there</font>'))
    for text, fmt in ((vtt, "vtt"), (srt_file, "srt")):
        report = lint_text(text, PROFILES["netflix"], fmt=fmt)
        assert by_rule(report, "format") == [], [v.message for v in report.violations]


def test_line_shape_and_breaks_are_warnings():
    report = lint_text(
        srt_text((0, 3000, "It fits\non one line."), (3084, 6000, "We walked to the\nstation in the rain.")),
        PROFILES["netflix"],
    )
    assert report.ok
    assert [v.cue for v in by_rule(report, "one_line_if_fits")] == [1, 2]
    (brk,) = by_rule(report, "line_breaks")
    assert brk.cue == 2 and "after an article" in brk.message
    assert [v.cue for v in by_rule(report, "cue_breaks")] == []


def test_two_speakers_on_two_lines_are_not_asked_to_share_one():
    labels = srt_text((0, 2000, "JAMES: Hurry up.\nMARY: Okay."), (2084, 4000, "[Tom] Go.\n[Ann] Now."))
    voices = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Speaker A>Hurry up.</v>\n<v Speaker B>Okay.</v>\n"
    for text in (labels, voices):
        report = lint_text(text, PROFILES["bbc"])
        assert by_rule(report, "one_line_if_fits") == [], text
    one_speaker = lint_text(srt_text((0, 2000, "JAMES: Hurry up.\nOkay.")), PROFILES["bbc"])
    assert [v.cue for v in by_rule(one_speaker, "one_line_if_fits")] == [1]


def test_tags_are_not_counted_and_cjk_uses_full_width_units():
    tagged = "<i>" + "a" * 42 + "</i>"
    assert lint_text(srt_text((0, 3000, tagged)), PROFILES["netflix"]).ok
    thirteen = "\u3042" * 13
    assert lint_text(srt_text((0, 5000, thirteen)), PROFILES["netflix"], language="ja").rule("max_chars_per_line").ok
    fourteen = lint_text(srt_text((0, 5000, thirteen + "\u3042")), PROFILES["netflix"])  # detected as Japanese
    assert [(v.value, v.limit) for v in by_rule(fourteen, "max_chars_per_line")] == [(14, 13)]


def test_vtt_is_parsed_with_entities_and_voices():
    vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\n<v A>-Tom &amp; Jerry?</v>\n<v B>-Yes.</v>\n"
    report = lint_text(vtt, PROFILES["netflix"], source="x.vtt")
    assert report.fmt == "vtt" and report.ok, report.to_text()
    assert detect_format("WEBVTT\n\n") == "vtt" and detect_format("1\n", "a.VTT") == "vtt"
    assert detect_format("WEBVTT", "a.srt") == "vtt"  # the text tells: it wins over the name
    assert detect_format("1\n00:00:00,000 --> 00:00:01,000\nA\n", "a.vtt") == "srt"
    assert detect_format("hello", "a.vtt") == "vtt" and detect_format("hello") == "srt"


def test_numbering_and_line_ends_are_format_errors():
    text = "1\n00:00:00,000 --> 00:00:01,000\nA.\n\n3\n00:00:01,100 --> 00:00:02,000\nB.\n\n"
    report = lint_text(text, PROFILES["netflix"], source="n.srt")
    assert [(v.cue, v.value, v.limit) for v in by_rule(report, "format")] == [(2, 3, 2)]
    mixed = lint_text(text.replace("\n", "\r\n", 2), PROFILES["netflix"], source="m.srt")
    assert any("mixed line ends" in v.message for v in by_rule(mixed, "format"))


# -- against the transcript ---------------------------------------------------------------------


def _sample_cues(profile_name="netflix"):
    t = captionkit.load(SAMPLE)
    return t, broadcast_cues(t, PROFILES[profile_name])


def test_completeness_and_sync_pass_our_output_and_catch_changes():
    t, cues = _sample_cues()
    report = lint_cues(cues, PROFILES["netflix"], words=t.words)
    assert report.ok and report.rule("completeness").checked == len(t.words)
    assert report.rule("sync").conformity == 100.0
    # drop a word
    victim = cues[3]
    dropped = [
        *cues[:3],
        Cue(victim.start, victim.end, (victim.lines[0].split(" ", 1)[1], *victim.lines[1:])),
        *cues[4:],
    ]
    bad = lint_cues(dropped, PROFILES["netflix"], words=t.words)
    assert "completeness" in bad.failed_rules
    assert any(repr(t.words[victim.first_word].text) in v.message for v in by_rule(bad, "completeness"))
    # show a cue a second late
    shifted = [*cues[:5], Cue(cues[5].start + 1000, cues[5].end + 1000, cues[5].lines), *cues[6:]]
    late = lint_cues(shifted, PROFILES["netflix"], words=t.words)
    (v,) = [v for v in by_rule(late, "sync") if v.cue == 6]
    assert v.value == 1000 and "after its first word" in v.message


def test_alignment_is_character_based_so_cjk_without_spaces_aligns():
    words = captionkit.load(
        {
            "words": [
                {"text": x, "start": i * 500, "end": i * 500 + 400}
                for i, x in enumerate(["\u4eca\u65e5\u306f", "\u3044\u3044", "\u5929\u6c17"])
            ]
        }
    ).words
    spans, problems = align(
        [Cue(0, 900, ("\u4eca\u65e5\u306f\u3044\u3044",)), Cue(1000, 1400, ("\u5929\u6c17",))], words, exact=False
    )
    assert spans == [(0, 1), (2, 2)] and problems == []


def test_a_line_that_is_only_a_dash_word_is_that_word():
    """Two lines that both start with a dash look like dialogue, but when a line is only a
    dash, the dash is the transcript's word, not a dialogue mark (found by hypothesis)."""
    texts = ["-->", "the", "\u2014", "next"]
    words = captionkit.load(
        {"words": [{"text": x, "start": i * 500, "end": i * 500 + 400} for i, x in enumerate(texts)]}
    ).words
    spans, problems = align([Cue(0, 1400, ("--> the", "\u2014")), Cue(1500, 1900, ("next",))], words, exact=False)
    assert spans == [(0, 2), (3, 3)] and problems == []


def test_a_dash_word_is_not_half_eaten_as_a_dialogue_dash():
    """Found by hypothesis: in a labelled two-speaker cue whose words are dashes, stripping a
    "dialogue dash" from the word ``--`` matched half of it; a line must end on a whole word."""
    words = captionkit.load({"words": [{"text": x, "start": 0, "end": 0} for x in ["\u2014", "the", "--"]]}).words
    labelled = Cue(0, 300, ("[Speaker A] \u2014 the", "[Speaker B] --"), speakers=("Speaker A", "Speaker B"))
    assert align([labelled], words, exact=False) == ([(0, 2)], [])
    assert align([Cue(0, 300, ("\u2013 \u2014 the", "\u2013 --"))], words, exact=False) == ([(0, 2)], [])


# -- the command ---------------------------------------------------------------------------------


def test_cli_passes_our_own_output_in_every_profile(tmp_path, capsysbinary):
    for name in ("netflix", "bbc", "dcmp"):
        for fmt in ("srt", "vtt"):
            for labels in ([], ["--speaker-labels"]):
                path = tmp_path / f"out-{name}-{len(labels)}.{fmt}"
                code, out, err = run(capsysbinary, fmt, str(SAMPLE), "--profile", name, *labels, "-o", str(path))
                assert code == 0, err
                code, out, err = run(capsysbinary, "lint", str(path), "--profile", name, "--transcript", str(SAMPLE))
                assert code == 0, out + err
                assert out.rstrip().splitlines()[-1].startswith("PASS")
                assert "completeness" not in out.split("\n\n")[-1]  # every word found, labels or not


def test_srt_speaker_labels_are_not_words_and_mark_speaker_changes():
    from captionkit.qa.lint import content, label_speakers

    assert label_speakers(["[Speaker A] Hello there,", "my friend."]) == ("Speaker A", "Speaker A")
    assert label_speakers(["JAMES: Hi.", "MARY: Hello."]) == ("JAMES", "MARY")
    assert label_speakers(["Hello there,", "[B] my friend."]) == (None, "B")
    assert label_speakers(["Hello there,", "my friend."]) == ()
    cue = Cue(0, 1000, ("[Speaker A] Hello there,", "my friend."), speakers=("Speaker A", "Speaker A"))
    assert [content(cue, k) for k in range(2)] == ["Hello there,", "my friend."]
    # a cue that ends on "of" is a bad break, unless the next cue is another speaker's
    turn = srt_text((0, 2000, "[Alice] I was thinking of"), (2084, 4000, "[Bob] the weather?"))
    assert by_rule(lint_text(turn, PROFILES["netflix"]), "cue_breaks") == []
    same = srt_text((0, 2000, "[Alice] I was thinking of"), (2084, 4000, "[Alice] the weather."))
    (v,) = by_rule(lint_text(same, PROFILES["netflix"]), "cue_breaks")
    assert v.value == "of / the"  # the label is not the next word
    # a label-like word after an unlabelled cue is no speaker change, and when the transcript
    # has that word it is matched as a word
    plain = srt_text((0, 2000, "I was thinking of"), (2084, 4000, "Note: the weather."))
    texts = ["I", "was", "thinking", "of", "Note:", "the", "weather."]
    words = captionkit.load(
        {"words": [{"text": x, "start": i * 500, "end": i * 500 + 400} for i, x in enumerate(texts)]}
    )
    report = lint_text(plain, PROFILES["netflix"], words=words.words)
    assert len(by_rule(report, "cue_breaks")) == 1 and by_rule(report, "completeness") == []


def test_cli_json_report(tmp_path, capsysbinary):
    path = tmp_path / "bad.srt"
    path.write_text(srt_text((0, 1000, "One."), (1020, 2000, "Two.")), encoding="utf-8")
    code, out, err = run(capsysbinary, "lint", str(path), "--format", "json")
    assert code == 1 and err == ""
    data = json.loads(out)
    assert data["ok"] is False and data["profile"] == "netflix" and data["cues"] == 2
    assert "min_gap" in data["failed_rules"]
    gap = next(r for r in data["rules"] if r["rule"] == "min_gap")
    assert (gap["checked"], gap["failed"], gap["conformity"], gap["severity"]) == (1, 1, 0.0, "error")
    assert {k: v for k, v in data["violations"][0].items() if k in ("cue", "rule", "value", "limit")} == {
        "cue": 1,
        "rule": "min_gap",
        "value": 20,
        "limit": 84,
    }


def test_cli_overrides_strict_and_output_file(tmp_path, capsysbinary):
    path = tmp_path / "x.srt"
    path.write_text(srt_text((0, 3000, "A line of exactly thirty-four chars")), encoding="utf-8")
    assert run(capsysbinary, "lint", str(path))[0] == 0
    assert run(capsysbinary, "lint", str(path), "--max-chars-per-line", "32")[0] == 1
    assert run(capsysbinary, "lint", str(path), "--profile", "dcmp")[0] == 1  # 32 per line
    fast = tmp_path / "fast.srt"
    fast.write_text(srt_text((0, 900, "Far too much to read in under a second.")), encoding="utf-8")
    assert run(capsysbinary, "lint", str(fast))[0] == 0  # reading speed is a warning
    assert run(capsysbinary, "lint", str(fast), "--strict")[0] == 1
    report = tmp_path / "report.json"
    code, out, _ = run(capsysbinary, "lint", str(fast), "--format", "json", "-o", str(report))
    assert code == 0 and out == ""
    assert json.loads(report.read_text(encoding="utf-8"))["warned_rules"] == ["reading_speed_cps"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n\n", "not UTF-8 at line 3, column 4: byte 0xE9"),
        ("1\n00:00:01,000 --> 00:00:02,000\ncaf\u00e9\n\n".encode("utf-16-le") + b"\x00", "looks like UTF-16"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "byte 0x89"),
    ],
)
def test_cli_unreadable_files_exit_1_with_a_message_and_a_json_report(tmp_path, capsysbinary, content, expected):
    path = tmp_path / "bad.srt"
    path.write_bytes(content)
    code, out, err = run(capsysbinary, "lint", str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"captionkit: error: {path}") and expected in err and "Traceback" not in err
    # a machine reader still gets its JSON, with the same keys as any report
    code, out, err = run(capsysbinary, "lint", str(path), "--format", "json")
    report = json.loads(out)
    assert code == 1 and expected in err
    assert report["ok"] is False and expected in report["error"] and report["failed_rules"] == ["format"]
    assert report["cues"] == 0 and report["violations"][0]["message"] == report["error"]
    good = json.loads(run(capsysbinary, "lint", str(_good_srt(tmp_path)), "--format", "json")[1])
    assert good["error"] is None and set(good) == set(report)
    saved = tmp_path / "r.json"
    assert run(capsysbinary, "lint", str(path), "-o", str(saved))[0] == 1
    assert "FAIL: format" in saved.read_text(encoding="utf-8")


def _good_srt(tmp_path):
    path = tmp_path / "good.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\nHello there.\n", encoding="utf-8")
    return path


def test_a_missing_file_or_transcript_still_gives_a_json_report(tmp_path, capsysbinary):
    code, out, err = run(capsysbinary, "lint", str(tmp_path / "missing.srt"), "--format", "json")
    assert code == 1 and "cannot read the file" in json.loads(out)["error"] and "cannot read the file" in err
    good = _good_srt(tmp_path)
    code, out, _ = run(capsysbinary, "lint", str(good), "--transcript", str(tmp_path / "nope.json"), "--format", "json")
    assert code == 1 and "nope.json" in json.loads(out)["error"]


def test_utf16_with_a_byte_order_mark_is_read_and_reported():
    text = "1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n"
    decoded, problems = decode_captions(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "x.srt")
    assert decoded == text and [p.message.split(" (")[0] for p in problems] == ["the file is UTF-16 LE"]
    assert decode_captions(codecs.BOM_UTF8 + text.encode(), "x.srt") == ("\ufeff" + text, [])
    decoded, problems = decode_captions(text.encode("utf-16-be"), "x.srt")  # no mark: the NUL bytes tell
    assert decoded == text and problems[0].message.startswith("the file is UTF-16 BE without a byte-order mark")


def test_a_bad_srt_block_is_reported_and_the_rest_still_checked():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n"
        "2\n00:00:03,000 -> 00:00:04,000\nTwo.\n\n"
        "3\n00:00:05,000 --> 00:00:06,000\nThis third line is far too long for the forty-two limit.\n\n"
    )
    report = lint_text(text, PROFILES["netflix"], source="x.srt")
    assert report.cues == 2
    messages = [(v.rule, v.cue, v.line) for v in report.violations]
    assert ("format", None, 6) in messages  # the unreadable timing line, by its line
    assert ("max_chars_per_line", 2, None) in messages  # the cue after it is still checked
    assert ("format", 2, None) in messages  # numbered 3, read as the second cue


def test_format_problems_name_the_cue_readers_count_and_the_line():
    blank_inside = (
        "1\n00:00:01,000 --> 00:00:03,000\nFirst paragraph\n\nafter a blank line.\n\n"
        "2\n00:00:03,084 --> 00:00:05,000\n<i>Unclosed italic.\n\n"
    )
    report = lint_text(blank_inside, PROFILES["netflix"], source="x.srt")
    assert [(v.cue, v.line) for v in by_rule(report, "format")] == [(1, 5), (2, 9)]
    missing_blank = (
        "1\n00:00:01,000 --> 00:00:03,000\nFirst.\n2\n00:00:03,084 --> 00:00:05,000\nSecond.\n\n"
        "3\n00:00:05,084 --> 00:00:07,000\n<i>Third.\n\n"
    )
    report = lint_text(missing_blank, PROFILES["netflix"], source="x.srt")
    assert report.cues == 3
    assert [(v.cue, v.line) for v in by_rule(report, "format")] == [(2, 4), (3, 10)]
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\nOne\n\norphan\n\n00:03.084 --> 00:05.000\nTom & Jerry\n"
    report = lint_text(vtt, PROFILES["netflix"], source="x.vtt")
    assert [(v.cue, v.line) for v in by_rule(report, "format")] == [(1, 6), (2, 9)]
    assert "raw '&'" in by_rule(report, "format")[1].message
    assert report.rule("format").failed == 2 and report.rule("format").checked == 2  # cues, not messages


def test_a_file_named_for_the_other_format_is_read_as_what_it_holds():
    vtt = "WEBVTT\n\n00:01.000 --> 00:03.000\nHello there.\n"
    report = lint_text(vtt, PROFILES["netflix"], source="mislabelled.srt")
    assert report.fmt == "vtt" and report.cues == 1
    assert [v.message for v in report.violations] == ["the file is named .srt but holds WebVTT"]


def test_cli_errors(tmp_path, capsysbinary):
    code, _, err = run(capsysbinary, "lint", str(tmp_path / "missing.srt"))
    assert code == 1 and "cannot read the file" in err
    vtt = tmp_path / "no-header.vtt"
    vtt.write_text("00:00.000 --> 00:01.000\nHi\n", encoding="utf-8")
    code, _, err = run(capsysbinary, "lint", str(vtt))
    assert code == 1 and "WEBVTT" in err
    with pytest.raises(SystemExit) as exc:
        main(["lint", str(vtt), "--profile", "api"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["lint", str(vtt), "--max-cps", "fast"])
    assert exc.value.code == 2
    good = tmp_path / "ok.srt"
    good.write_text(srt_text((0, 3000, "Fine.")), encoding="utf-8")
    with pytest.raises(SystemExit) as exc:  # limits that contradict each other: a usage error, as in srt
        main(["lint", str(good), "--min-duration", "5", "--max-duration", "4"])
    assert exc.value.code == 2
    err = capsysbinary.readouterr().err.decode()
    assert "max_duration" in err and "Traceback" not in err


def test_cli_reads_standard_input(monkeypatch, capsysbinary):
    import io
    import sys

    class Stdin:
        buffer = io.BytesIO(srt_text((0, 2000, "From a pipe.")).encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, _ = run(capsysbinary, "lint", "-")
    assert code == 0 and out.startswith("<stdin>: 1 cues (srt)")


# -- the real API files ---------------------------------------------------------------------------


@needs_shared
@pytest.mark.parametrize(
    "parts",
    [
        ("assemblyai-go-sdk", "subtitles.srt"),
        ("automatic-subtitle-generator", "subtittles.srt"),
        ("assemblyai-api-spec", "example_SrtSubtitlesResponse.srt"),
        ("coogan-research", "transcript@1408446.vtt"),
        ("coogan-research", "transcript@a507413.vtt"),
    ],
)
def test_cli_flags_the_real_api_files(capsysbinary, parts):
    path = shared_file(*parts)
    code, out, _ = run(capsysbinary, "lint", str(path), "--profile", "netflix", "--format", "json")
    data = json.loads(out)
    assert code == 1 and "min_gap" in data["failed_rules"]  # the API leaves gaps under 2 frames
    gap = next(r for r in data["rules"] if r["rule"] == "min_gap")
    assert gap["conformity"] < 100


@needs_shared
def test_the_concatenated_windows_export_is_out_of_order():
    path = shared_file("automatic-subtitle-generator", "subtittles.srt")
    report = lint_text(path.read_bytes().decode("utf-8"), PROFILES["netflix"], source=str(path))
    assert {"format", "timing", "overlap"} <= set(report.failed_rules)


@needs_shared
def test_the_paired_api_srt_is_complete_and_in_sync_but_breaks_the_gap_rule(capsysbinary):
    folder = CORPUS / "meeting04-part1"
    if not (folder / "api.srt").exists():
        pytest.skip(f"paired corpus not found in {folder}")
    code, out, _ = run(
        capsysbinary,
        "lint",
        str(folder / "api.srt"),
        "--transcript",
        str(folder / "transcript.json"),
        "--format",
        "json",
    )
    data = json.loads(out)
    rules = {r["rule"]: r for r in data["rules"]}
    assert code == 1
    assert rules["completeness"]["conformity"] == 100 and rules["sync"]["conformity"] == 100
    assert rules["max_chars_per_line"]["conformity"] == 100  # chars_per_caption=40 < 42
    assert rules["min_gap"]["conformity"] < 50


def test_a_line_that_is_one_word_over_the_width_is_a_warning_not_a_length_error():
    url = "https://www.example.com/docs/getting-started/installation-guide"
    report = lint_text(srt_text((0, 4000, url), (4084, 8000, "[Speaker A] " + url)), PROFILES["netflix"])
    assert report.ok and not by_rule(report, "max_chars_per_line"), report.to_text()
    assert [(v.cue, v.value) for v in by_rule(report, "wide_word")] == [(1, 63), (2, 75)]
    # two words are a line break away from fitting: still an error; so is a CJK line (no spaces)
    two = lint_text(srt_text((0, 3000, url + " now")), PROFILES["netflix"])
    assert [v.rule for v in two.violations if v.severity == "error"] == ["max_chars_per_line"]
    cjk = lint_text(srt_text((0, 5000, "\u3042" * 14)), PROFILES["netflix"], language="ja")
    assert by_rule(cjk, "max_chars_per_line") and not by_rule(cjk, "wide_word")


# -- files from elsewhere ------------------------------------------------------------------------


def test_a_timestamp_too_large_for_a_timedelta_is_a_parse_error(tmp_path, capsys):
    path = tmp_path / "huge.srt"
    path.write_text("1\n99999999999999999999:00:01,000 --> 99999999999999999999:00:02,000\nHi.\n\n")
    assert main(["lint", str(path)]) == 1
    err = capsys.readouterr().err
    assert "out of range" in err and "Traceback" not in err


@pytest.mark.parametrize("end", ["\r", "mixed"])
def test_webvtt_takes_every_line_end_and_srt_one_kind(end):
    lines = ["WEBVTT", "", "00:00.000 --> 00:02.000", "Hello there.", "", "00:02.084 --> 00:04.000", "Bye now."]
    vtt = "\r".join(lines) + "\r" if end == "\r" else "\r\n".join(lines[:4]) + "\n" + "\n".join(lines[4:]) + "\n"
    report = lint_text(vtt, PROFILES["netflix"], fmt="vtt")
    assert report.rule("format").ok and report.cues == 2, report.to_text()
    srt_cr = srt_text((0, 2000, "Hello there."), (2084, 4000, "Bye now.")).replace("\n", "\r")
    report = lint_text(srt_cr, PROFILES["netflix"], fmt="srt")
    assert [v.message for v in by_rule(report, "format")] == ["lone CR line ends (0 CRLF, 0 LF, 8 CR)"]


def test_an_srt_with_lone_cr_line_ends_still_gets_its_structure_checked():
    text = "3\n00:00:00,000 --> 00:00:02,000\n<i>Hello there.\n\n7\n00:00:02,084 --> 00:00:04,000\nBye now.\n\n"
    messages = [v.message for v in by_rule(lint_text(text.replace("\n", "\r"), PROFILES["netflix"]), "format")]
    assert any("numbered 3, expected 1" in m for m in messages), messages
    assert any("never closed" in m for m in messages), messages


def test_extra_blank_lines_between_srt_blocks_are_not_lines_of_a_cue():
    text = "1\n00:00:00,000 --> 00:00:02,000\nHello there.\n\n\n\n2\n00:00:02,084 --> 00:00:04,000\nBye now.\n\n\n"
    report = lint_text(text, PROFILES["netflix"])
    assert [v.message for v in report.violations] == ["line 5: more than one blank line between blocks"]
    assert report.rule("max_lines").ok and report.rule("text").ok


def test_a_cue_that_starts_while_an_earlier_long_cue_is_on_screen_overlaps_it():
    report = lint_text(
        srt_text((1000, 7000, "Long one."), (2000, 3000, "Inside."), (4000, 5000, "Also inside.")), PROFILES["netflix"]
    )
    overlaps = by_rule(report, "overlap")
    assert [(v.cue, v.value) for v in overlaps] == [(1, -1000), (2, -1000)]
    assert "cue 3 starts while cue 1 is on screen" in overlaps[1].message


def test_strict_makes_the_verdict_fail_as_well_as_the_exit_status(tmp_path, capsys):
    path = tmp_path / "short.srt"
    path.write_text(srt_text((0, 500, "Hi.")))
    assert main(["lint", str(path)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("PASS (warnings: min_duration)")
    assert main(["lint", str(path), "--strict", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["strict"] is True and data["failed_rules"] == []


def test_a_failing_file_exits_1_even_when_the_reader_stops_early(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "wide.srt"
    path.write_text(srt_text(*[(k * 3000, k * 3000 + 2500, "x " * 28) for k in range(3000)]))
    proc = subprocess.Popen([sys.executable, "-m", "captionkit", "lint", str(path)], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as `| head -1` does
    assert proc.wait(60) == 1


def test_only_markup_players_know_is_left_out_of_the_width():
    """<i>, <b>, <u>, <font> and {\\an8} are markup; an SDH <laughs> is shown as text by
    players, so it counts, and removing it does not leave a false white-space error."""
    text = srt_text(
        (0, 3000, "<laughs> And that was the very end of it all, man!"),
        (3084, 6000, '<i>Fine</i> <font color="red">then</font> {\\an8}yes'),
    )
    report = lint_text(text, PROFILES["netflix"], source="x.srt")
    assert [(v.rule, v.cue, v.value) for v in report.violations if v.rule in ("text", "max_chars_per_line")] == [
        ("max_chars_per_line", 1, 50)
    ]


def test_lint_with_the_transcript_takes_the_language_from_its_words_not_from_latin_speaker_labels():
    """A Chinese transcript without a language_code, captioned with SRT labels ("[Speaker A] "):
    the renderer reads Chinese from the words (9 cps), so must the lint (not English from the
    labels, which failed captionkit's own cue on sync)."""
    t = captionkit.load({"words": [{"text": "\u2e80", "start": 0, "end": 0, "speaker": "A"}]})
    text = formats.get("srt").render(t, ExportOptions(profile="netflix", speaker_labels=True))
    report = lint_text(text, PROFILES["netflix"], fmt="srt", words=t.words)
    assert report.profile.language == "zh"
    assert not report.failed_rules, report.to_text()
