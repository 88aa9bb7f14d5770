"""``captionkit check`` and :mod:`captionkit.qa.compare`: detection, invariants, scores, exit codes."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path

import pytest

import captionkit
from captionkit.cli import main
from captionkit.errors import CaptionParseError
from captionkit.formats import srt, vtt
from captionkit.qa import compare
from captionkit.qa.invariants import boundary_scores, word_spans

from ..conftest import CORPUS, FIXTURES, SAMPLE, needs_shared, shared_file

needs_sentences = pytest.mark.skipif(
    importlib.util.find_spec("captionkit.documents.sentences") is None,
    reason="captionkit.documents.sentences (sentences/paragraphs) is not in this tree yet",
)


def check(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample():
    return captionkit.load(SAMPLE)


# ---------------------------------------------------------------- detection and parsing


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1\n00:00:00,640 --> 00:00:02,802\nGood morning\n", "srt"),
        ("\ufeffWEBVTT\n\n00:00.640 --> 00:02.802\nGood morning\n", "vtt"),
        ('{"id": "x", "sentences": []}', "sentences"),
        ('{"paragraphs": [], "id": "x"}', "paragraphs"),
        ('{"words": []}', "json"),
        ("First paragraph.\n\nSecond one.\n", "text"),
    ],
)
def test_detect(text, kind):
    assert compare.detect(text) == kind


def test_bad_api_outputs_are_clear_errors(tmp_path, capsys):
    cases = [
        ('{"words": [], "status": "completed"}', "neither a /sentences nor a /paragraphs response"),
        ("1\n00:00:00,640 --> garbage\n", "not valid SRT"),
        ('{"sentences": [{"text": "a", "start": "x", "end": 1, "words": []}]}', "$.sentences[0].start"),
        ("WEBVTT\n\nnot a cue at all", "no cues: not WebVTT captions"),
        ("", "empty"),
    ]
    for i, (content, message) in enumerate(cases):
        path = write(tmp_path, f"api{i}", content)
        code, out, err = check(capsys, str(SAMPLE), str(path))
        assert code == 1 and out == "", content
        assert err.startswith(f"captionkit: error: {path}") and message in err, err
        assert "Traceback" not in err


def test_the_cli_knows_every_kind():
    from captionkit.cli import check as check_command

    assert check_command.KINDS == compare.KINDS


def test_missing_files_and_too_many_arguments(tmp_path, capsys):
    code, _, err = check(capsys, str(SAMPLE), str(tmp_path / "none.srt"))
    assert code == 1 and "none.srt: cannot read the file" in err
    with pytest.raises(SystemExit) as info:
        main(["check", "a", "b", "c"])
    assert info.value.code == 2
    assert "check [-h]" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "--help"])
    usage = capsys.readouterr().out.splitlines()[0]
    assert usage.endswith("[TRANSCRIPT] API_OUTPUT")  # not "[[TRANSCRIPT] API_OUTPUT ...]"


# ---------------------------------------------------------------- captions


def test_our_own_srt_checks_identical(tmp_path, capsys, sample):
    api = write(tmp_path, "api.srt", sample.export_subtitles_srt(32))
    code, out, _ = check(capsys, str(SAMPLE), str(api), "--chars-per-caption", "32")
    assert code == 0
    assert "boundaries: precision 1.00, recall 1.00, F1 1.00" in out
    assert "identical file: yes" in out and "same words: yes" in out
    n = len(sample.captions(32))
    assert f"identical cues (text, start, end): {n} of {n}" in out
    for name in (*captionkit.qa.invariants.INVARIANTS, "layout"):
        assert any(line.split()[:3] == [name, "yes", "yes"] for line in out.splitlines()), name


def test_a_different_split_is_scored_not_failed(tmp_path, capsys, sample):
    """An API file split differently (here: captionkit's split without a cap) keeps every invariant."""
    api = write(tmp_path, "api.vtt", sample.export_subtitles_vtt())
    code, out, _ = check(capsys, str(SAMPLE), str(api), "--chars-per-caption", "32", "--json")
    result = json.loads(out)
    assert code == 0 and result["ok"] is True
    assert result["invariants"]["cap"] == {"api": False, "captionkit": True}  # the API file breaks the cap
    b = result["boundaries"]
    assert 0 < b["f1"] < 1 and b["api"] == len(sample.captions()) and b["captionkit"] == len(sample.captions(32))
    assert result["same_words"] is True and result["identical_file"] is False


def test_exit_1_when_captionkit_breaks_what_the_api_keeps(tmp_path, capsys, sample, monkeypatch):
    api = write(tmp_path, "api.srt", sample.export_subtitles_srt(32))
    from captionkit.qa import compare as compare_module

    real = compare_module.api_cues

    def broken(columns, cap=None):
        cues = real(columns, cap)
        cues[3] = dataclasses.replace(cues[3], start=cues[2].end - 5)  # overlaps the cue before
        return cues

    monkeypatch.setattr(compare_module, "api_cues", broken)
    code, out, _ = check(capsys, str(SAMPLE), str(api), "--chars-per-caption", "32")
    assert code == 1
    assert "result: FAILED: captionkit's output breaks no_overlap" in out
    assert any(line.split()[:3] == ["no_overlap", "yes", "no"] for line in out.splitlines())


def test_api_file_that_breaks_invariants_and_words(tmp_path, capsys, sample):
    cues = sample.captions(32)
    bad = [*cues[:4], dataclasses.replace(cues[4], lines=("Nothing of the kind",)), *cues[5:]]
    api = write(tmp_path, "api.srt", srt.dumps(bad))
    code, out, _ = check(capsys, str(SAMPLE), str(api), "--chars-per-caption", "32")
    assert code == 0  # captionkit keeps everything the API keeps
    assert any(line.split()[:3] == ["words_in_order", "no", "yes"] for line in out.splitlines())
    assert "boundaries: n/a (the API's cues are not the transcript's words in order" in out
    assert "same words: no" in out


def test_strict_fails_when_the_api_output_itself_breaks_an_invariant(tmp_path, capsys, sample):
    cues = sample.captions(32)
    dropped = [*cues[:4], dataclasses.replace(cues[4], lines=(cues[4].text.split(" ", 1)[-1],)), *cues[5:]]
    good = write(tmp_path, "good.srt", srt.dumps(cues))
    bad = write(tmp_path, "bad.srt", srt.dumps(dropped))
    assert check(capsys, str(SAMPLE), str(bad), "--chars-per-caption", "32")[0] == 0  # captionkit keeps it all
    code, out, _ = check(capsys, str(SAMPLE), str(bad), "--chars-per-caption", "32", "--strict")
    assert code == 1 and "the API output breaks: words_in_order" in out
    code, out, _ = check(capsys, str(SAMPLE), str(bad), "--chars-per-caption", "32", "--strict", "--json")
    assert code == 1 and json.loads(out)["api_broken"] == ["words_in_order"]
    assert check(capsys, str(SAMPLE), str(good), "--chars-per-caption", "32", "--strict")[0] == 0


def test_srt_speaker_labels_are_read_as_speakers_not_words(tmp_path, capsys, sample):
    labelled = write(tmp_path, "labels.srt", sample.export_subtitles_srt(42, speaker_labels=True))
    code, out, _ = check(capsys, str(SAMPLE), str(labelled), "--chars-per-caption", "42", "--strict")
    assert code == 0, out
    assert any(line.split()[:3] == ["words_in_order", "yes", "yes"] for line in out.splitlines())
    assert "same words: yes" in out
    # a text that merely contains a colon is not taken for a label
    plain = write(tmp_path, "plain.srt", "1\n00:00:00,640 --> 00:00:02,000\nGood morning, and\n\n")
    cues = compare.parse_api_output(plain.read_text(), source="plain.srt").cues
    assert cues[0].lines == ("Good morning, and",)


def test_text_transcript_checks_order_and_cap_only(tmp_path, capsys, sample):
    words = write(tmp_path, "words.txt", " ".join(w.text for w in sample.words))
    api = write(tmp_path, "api.vtt", sample.export_subtitles_vtt(40))
    code, out, _ = check(capsys, str(words), str(api), "--chars-per-caption", "40")
    assert code == 0
    assert any(line.split()[:2] == ["words_in_order", "yes"] for line in out.splitlines())
    assert any(line.split()[:3] == ["starts_at_first_word", "-", "-"] for line in out.splitlines())
    assert "captionkit: not rendered (the transcript has no word times)" in out


def test_a_file_alone(tmp_path, capsys, sample):
    api = write(tmp_path, "api.srt", sample.export_subtitles_srt(32).replace("\n2\n", "\n7\n", 1))
    code, out, _ = check(capsys, str(api))
    assert code == 0 and "on its own" in out
    assert any(line.split()[:2] == ["layout", "no"] for line in out.splitlines())
    assert "block 2 is numbered 7" in out


def test_the_cap_hint(tmp_path, capsys, sample):
    api = write(tmp_path, "api.srt", sample.export_subtitles_srt(32))
    _, out, _ = check(capsys, str(SAMPLE), str(api))
    assert "the API's longest cue has 32 characters" in out


# ---------------------------------------------------------------- sentences and paragraphs


@needs_sentences
@pytest.mark.parametrize("kind", ["sentences", "paragraphs"])
def test_our_own_items_check_identical(tmp_path, capsys, sample, kind):
    response = sample.sentences_response() if kind == "sentences" else sample.paragraphs_response()
    api = write(tmp_path, f"{kind}.json", json.dumps(response.model_dump(mode="json")))
    code, out, _ = check(capsys, str(SAMPLE), str(api))
    assert code == 0
    n = len(getattr(response, kind))
    assert f"F1 1.00 (API {n} items, captionkit {n}, {n} shared)" in out
    for name in compare.ITEM_INVARIANTS:
        assert any(line.split()[:3] == [name, "yes", "yes"] for line in out.splitlines()), name


@needs_sentences
def test_item_invariants_each_fail_when_broken(sample):
    items = sample.sentences_response().model_dump(mode="json")["sentences"]
    cases = {
        "text_is_words": lambda it: it[1].update(text="changed"),
        "starts_at_first_word": lambda it: it[1].update(start=it[1]["start"] + 1),
        "ends_at_last_word": lambda it: it[1].update(end=it[1]["end"] + 1),
        "confidence_is_first_word": lambda it: it[1].update(confidence=0.123),
        "speaker_is_first_word": lambda it: it[1].update(speaker="Z"),
        "no_overlap": lambda it: it[2].update(start=it[1]["end"] - 1) or it[2]["words"][0].update(start=it[2]["start"]),
        "word_times": lambda it: it[1]["words"][0].update(start=it[1]["words"][0]["start"] + 1),
        "words_in_order": lambda it: it[1]["words"].pop(),
    }
    for name, mutate in cases.items():
        copy = json.loads(json.dumps(items))
        mutate(copy)
        report = compare.item_invariants(sample.words, copy)
        assert report.held(name) is False, name
    report = compare.item_invariants(sample.words, items, api_fields=["text", "channel_x"])
    assert report.held("api_fields") is False


@needs_sentences
def test_a_sentences_response_alone_is_compared_on_its_own_words(tmp_path, capsys, sample):
    api = write(tmp_path, "s.json", json.dumps(sample.sentences_response().model_dump(mode="json")))
    code, out, _ = check(capsys, str(api))
    assert code == 0 and "s.json's own words" in out and "F1 1.00" in out


# ---------------------------------------------------------------- every real API file in ../shared


def _real_cases():
    if not FIXTURES.is_dir():
        return [pytest.param(None, None, None, marks=pytest.mark.skip(reason=f"no real API data at {FIXTURES}"))]
    F = FIXTURES
    react = F / "coogan-research" / "transcript@c1b642c.txt"
    cases = []
    for vtt_file in sorted((F / "coogan-research").glob("*.vtt")):
        commit = vtt_file.stem.split("@")[1]
        words = {"a507413": F / "coogan-research" / "transcript@a507413.txt"}.get(commit)
        if commit in ("1408446", "16d1b1e", "4f1f8b2", "5ae715f", "7e9e9e7", "c1b642c", "f08f4fb"):
            words = react
        cases.append((words, vtt_file, None))
    cases += [
        (None, F / "assemblyai-go-sdk" / "subtitles.srt", 60),
        (None, F / "automatic-subtitle-generator" / "subtittles.srt", None),
        (None, F / "assemblyai-api-spec" / "example_SrtSubtitlesResponse.srt", None),
        (None, F / "assemblyai-api-spec" / "example_VttSubtitlesResponse.vtt", None),
        (None, F / "assemblyai-api-spec" / "example_SentencesResponse.json", None),
        (None, F / "assemblyai-api-spec" / "example_ParagraphsResponse.json", None),
        (
            F / "assemblyai-go-sdk" / "completed.json",
            F / "assemblyai-api-spec" / "example_SentencesResponse.json",
            None,
        ),
        (F / "audio-intelligence-dashboard" / "response.json", F / "audio-intelligence-dashboard" / "paras.txt", None),
    ]
    for folder in sorted(CORPUS.glob("*/")) if CORPUS.is_dir() else []:
        for name, cap in (("api.srt", 40), ("sentences.json", None), ("paragraphs.json", None)):
            if (folder / name).exists():
                cases.append((folder / "transcript.json", folder / name, cap))
    return [pytest.param(*c, id=f"{c[1].parent.name}/{c[1].name}" + ("+" + c[0].name if c[0] else "")) for c in cases]


@needs_shared
@pytest.mark.parametrize(("transcript", "api", "cap"), _real_cases())
def test_check_accepts_every_real_api_file(capsys, transcript, api, cap):
    if api.suffix == ".json" and importlib.util.find_spec("captionkit.documents.sentences") is None:
        pytest.skip("captionkit.documents.sentences is not in this tree yet")
    argv = [str(p) for p in (transcript, api) if p is not None]
    if cap:
        argv += ["--chars-per-caption", str(cap)]
    code, out, err = check(capsys, *argv, "--json")
    assert code == 0, out + err
    result = json.loads(out)
    assert result["ok"] and result["api_count"] > 0
    if transcript is not None and transcript.suffix == ".json":
        assert result["captionkit_count"] and result["same_words"] is not None


@needs_shared
def test_paired_corpus_scores():
    folder = CORPUS / "meeting04-part1"
    if not (folder / "api.srt").exists():
        pytest.skip(f"no paired corpus at {folder}")
    t = captionkit.load(folder / "transcript.json")
    api = compare.parse_api_output((folder / "api.srt").read_text(encoding="utf-8"))
    result = compare.compare(t, api, chars_per_caption=40)
    assert result.ok and all(r.api and r.ours for r in result.rows)
    # the scores are the cue-end words of each side, matched by text
    api_ends = {last for _, last in word_spans(t.words, api.cues)}
    our_ends = {c.last_word for c in t.captions(40)}
    assert result.boundaries == boundary_scores(api_ends, our_ends)
    assert result.boundaries.f1 > 0.5  # well above chance; the benchmark reports the value
    assert result.shared_same_time == (result.boundaries.matched, result.boundaries.matched)


@needs_shared
def test_the_hand_edited_spec_vtt_is_reported_not_refused():
    text = shared_file("assemblyai-api-spec", "example_VttSubtitlesResponse.vtt").read_text(encoding="utf-8")
    result = compare.compare(None, compare.parse_api_output(text))
    held = {r.name: r.api for r in result.rows}
    assert held["layout"] is False and held["no_overlap"] is False
    assert result.ok  # nothing of captionkit's to compare


def test_parse_errors_name_the_source():
    with pytest.raises(CaptionParseError, match=r"^x\.srt: not valid SRT"):
        compare.parse_api_output("1\n00:00:00,640 --> garbage\n", source="x.srt")
    with pytest.raises(CaptionParseError, match=r"^x\.vtt: no cues"):
        compare.parse_api_output("WEBVTT\n\n", source="x.vtt")
    assert compare.parse_api_output(vtt.dumps([captionkit.Cue(0, 5, ("a",))])).kind == "vtt"
