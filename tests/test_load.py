"""Loading: every accepted input shape, every rejected input with its message, every repair."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import pytest

import captionkit
from captionkit.errors import InputError, TranscriptError, TranscriptFailedError, TranscriptNotReadyError

from .conftest import SAMPLE, needs_shared, shared_file

WORDS = [
    {"text": "Hello,", "start": 100, "end": 400, "confidence": 0.9, "speaker": "A"},
    {"text": "world.", "start": 450, "end": 900, "confidence": 0.8, "speaker": "A"},
]


def doc(**extra):
    return {"id": "t1", "status": "completed", "text": "Hello, world.", "words": copy.deepcopy(WORDS), **extra}


def error_of(data, kind=TranscriptError):
    with pytest.raises(kind) as info:
        captionkit.load(data)
    return str(info.value)


# ---------------------------------------------------------------- accepted inputs


def test_path_str_bytes_text_dict_and_stream_give_the_same_transcript(tmp_path):
    path = tmp_path / "t.json"
    raw = json.dumps(doc())
    path.write_text(raw, encoding="utf-8")
    loaded = [
        captionkit.load(path),
        captionkit.load(str(path)),
        captionkit.load(raw),
        captionkit.load(raw.encode()),
        captionkit.load(doc()),
        captionkit.load(io.BytesIO(raw.encode())),
    ]
    assert all(t == loaded[0] for t in loaded)
    assert loaded[0].words[1].text == "world." and loaded[0].words[1].end == 900


def test_utf8_bom_is_accepted():
    assert captionkit.load(b"\xef\xbb\xbf" + json.dumps(doc()).encode()).id == "t1"


def test_unknown_fields_are_kept():
    d = doc(future_field={"x": 1})
    d["words"][0]["new_word_field"] = "kept"
    t = captionkit.load(d)
    dumped = t.model_dump()
    assert dumped["future_field"] == {"x": 1}
    assert dumped["words"][0]["new_word_field"] == "kept"


def test_model_fields_have_api_names_and_types():
    t = captionkit.load(SAMPLE)
    w = t.words[0]
    assert isinstance(w.start, int) and isinstance(w.end, int) and isinstance(w.confidence, float)
    assert w.speaker == "A" and w.channel is None
    assert t.utterances and t.utterances[0].words[0] == w
    assert t.status == "completed" and t.language_code == "en_us" and isinstance(t.audio_duration, int)


def test_loading_a_transcript_returns_it_unchanged():
    t = captionkit.load(doc())
    assert captionkit.load(t) is t


class FakeSdkTranscript:
    """Duck-typed stand-in for assemblyai.Transcript (json_response property)."""

    def __init__(self, data):
        self.json_response = data


class FakePydanticV1Response:
    def __init__(self, data):
        self._data = data

    def dict(self):
        return self._data


class FakePydanticV2Response:
    def __init__(self, data):
        self._data = data

    def model_dump(self):
        return self._data


@pytest.mark.parametrize("wrapper", [FakeSdkTranscript, FakePydanticV1Response, FakePydanticV2Response])
def test_sdk_like_objects_are_duck_typed(wrapper):
    t = captionkit.load(wrapper(doc()))
    assert [w.text for w in t.words] == ["Hello,", "world."]


def test_real_assemblyai_sdk_objects_when_installed():
    aai = pytest.importorskip("assemblyai")
    response = aai.types.TranscriptResponse.parse_obj(json.loads(SAMPLE.read_text()))
    from_response = captionkit.load(response)
    assert from_response.export_subtitles_srt(32) == captionkit.load(SAMPLE).export_subtitles_srt(32)
    client = aai.Client(api_key="offline-test")
    transcript = aai.Transcript.from_response(client=client, response=response)
    assert captionkit.load(transcript).words == captionkit.load(SAMPLE).words


@needs_shared
@pytest.mark.parametrize(
    ("name", "key"),
    [("example_SentencesResponse.json", "sentences"), ("example_ParagraphsResponse.json", "paragraphs")],
)
def test_sentences_and_paragraphs_responses_give_their_words(name, key):
    data = json.loads(shared_file("assemblyai-api-spec", name).read_text())
    t = captionkit.load(data)
    expected = [w["text"] for item in data[key] for w in item["words"]]
    assert [w.text for w in t.words] == expected
    assert t.id == data["id"]
    assert t.model_dump()[key] == data[key]  # the response itself is kept


@needs_shared
def test_every_real_transcript_loads():
    for path in sorted(shared_file().rglob("*.json")):
        data = json.loads(path.read_text())
        if not isinstance(data, dict) or not (data.get("words") or data.get("sentences") or data.get("paragraphs")):
            continue
        t = captionkit.load(path)
        assert t.words, path


# ---------------------------------------------------------------- repairs


def test_repair_integral_float_times_become_integers():
    d = doc()
    d["words"][0]["start"] = 100.0
    d["words"][1]["end"] = 900.0
    t = captionkit.load(d)
    assert t.words[0].start == 100 and type(t.words[0].start) is int
    assert t.words[1].end == 900 and type(t.words[1].end) is int


def test_repair_word_whitespace_is_normalised():
    d = doc()
    d["words"][0]["text"] = "  Hello,\n"
    d["words"][1]["text"] = "New\r\n\tYork"
    t = captionkit.load(d)
    assert [w.text for w in t.words] == ["Hello,", "New York"]
    assert "\n" not in t.export_subtitles_srt().split("\n", 2)[2].split("\n\n")[0]


def test_repair_words_taken_from_utterances_when_words_missing():
    d = doc()
    d["utterances"] = [
        {"text": "Hello, world.", "start": 100, "end": 900, "confidence": 0.85, "speaker": "A", "words": d.pop("words")}
    ]
    t = captionkit.load(d)
    assert [w.text for w in t.words] == ["Hello,", "world."]
    d["words"] = None
    assert [w.text for w in captionkit.load(d).words] == ["Hello,", "world."]


def test_repair_multichannel_words_taken_from_overlapping_utterances_in_time_order():
    def word(text, start, channel):
        return {"text": text, "start": start, "end": start + 300, "confidence": 0.9, "channel": channel}

    left, right = [word("Left", 0, "1"), word("speaks.", 520, "1")], [word("right", 200, "2"), word("Yes.", 650, "2")]
    d = {
        "multichannel": True,
        "words": None,
        "utterances": [
            {"text": "Left speaks.", "start": 0, "end": 820, "speaker": "1", "channel": "1", "words": left},
            {"text": "right Yes.", "start": 200, "end": 950, "speaker": "2", "channel": "2", "words": right},
        ],
    }
    for source in (d, json.dumps(d)):
        assert [w.text for w in captionkit.load(source).words] == ["Left", "right", "speaks.", "Yes."]
    d.pop("multichannel")  # words on two channels say the same
    assert [w.start for w in captionkit.load(d).words] == [0, 200, 520, 650]
    one_channel = copy.deepcopy(d)  # one channel: words out of order stay an error
    for u in one_channel["utterances"]:
        for w in u["words"]:
            w["channel"] = None
    assert "words out of order" in error_of(one_channel)


def test_repair_missing_text_is_rebuilt_from_words():
    d = doc()
    del d["text"]
    assert captionkit.load(d).text == "Hello, world."


def test_input_dict_is_not_modified():
    d = doc()
    d["words"][0]["start"] = 100.0
    d["words"][1]["text"] = " world. "
    before = copy.deepcopy(d)
    captionkit.load(d)
    assert d == before


def test_overlapping_words_are_accepted():
    d = doc()
    d["words"][1]["start"] = 300  # starts before word 0 ends (multichannel audio does this)
    assert captionkit.load(d).words[1].start == 300


# ---------------------------------------------------------------- rejected inputs


def test_not_json(tmp_path):
    path = tmp_path / "notes.json"
    path.write_text("this is not json", encoding="utf-8")
    msg = error_of(path, InputError)
    assert str(path) in msg and "not valid JSON" in msg and "line 1 column 1" in msg


def test_truncated_json(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(doc())[:-25], encoding="utf-8")
    msg = error_of(path, InputError)
    assert str(path) in msg and "truncated JSON" in msg


def test_empty_file(tmp_path):
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    assert "empty input" in error_of(path, InputError)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"text": "caf\xe9"}')
    assert "not UTF-8" in error_of(path, InputError)


def test_missing_file(tmp_path):
    msg = error_of(tmp_path / "nope.json", InputError)
    assert "nope.json" in msg and "cannot read the file" in msg


def test_top_level_must_be_an_object():
    msg = error_of("[1, 2]")
    assert "$: expected a JSON object" in msg and "got an array" in msg


@pytest.mark.parametrize("status", ["queued", "processing"])
def test_unfinished_transcript(status):
    msg = error_of({"id": "x", "status": status, "words": None}, TranscriptNotReadyError)
    assert f"transcript is still {status}" in msg and "$.status" in msg


def test_failed_transcript_quotes_the_api_error():
    msg = error_of({"id": "x", "status": "error", "error": "Download error, unable to download"}, TranscriptFailedError)
    assert "'Download error, unable to download'" in msg and "$.status" in msg


@needs_shared
def test_real_queued_response_is_rejected_as_queued():
    msg = error_of(shared_file("assemblyai-go-sdk", "queued.json"), TranscriptNotReadyError)
    assert "queued.json" in msg and "still queued" in msg


@pytest.mark.parametrize("words", [[], None, "missing"])
def test_no_words(words):
    d = doc()
    if words == "missing":
        del d["words"]
    else:
        d["words"] = words
    msg = error_of(d)
    assert "$.words" in msg and "no words" in msg


def test_end_before_start_names_the_word():
    d = doc()
    d["words"][1]["end"] = 440
    msg = error_of(d)
    assert "$.words[1].end" in msg and "'world.'" in msg and "ends before it starts" in msg


def test_negative_time():
    d = doc()
    d["words"][0]["start"] = -5
    msg = error_of(d)
    assert "$.words[0].start" in msg and "negative" in msg


@pytest.mark.parametrize(("value", "kind"), [(450.5, "fractional"), ("450", "a string"), (True, "a boolean")])
def test_non_integer_time(value, kind):
    d = doc()
    d["words"][1]["start"] = value
    msg = error_of(d)
    assert "$.words[1].start" in msg and "integer number of milliseconds" in msg and kind in msg


def test_words_out_of_order():
    d = doc()
    d["words"][1]["start"] = 50
    d["words"][1]["end"] = 90
    msg = error_of(d)
    assert "$.words[1].start" in msg and "out of order" in msg


@pytest.mark.parametrize("key", ["start", "end"])
def test_untimed_word_is_named(key):
    d = doc()
    del d["words"][1][key]
    msg = error_of(d)
    assert f"$.words[1].{key}" in msg and "'world.'" in msg and "not aligned" in msg


def test_null_time_is_named():
    d = doc()
    d["words"][0]["end"] = None
    msg = error_of(d)
    assert "$.words[0].end" in msg and "has a null end" in msg


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("   ", "blank"),
        ("\ufeff", "blank"),
        (" \u200b\u2060 ", "blank"),
        (None, "must be a string"),
        (5, "must be a string"),
    ],
)
def test_bad_word_text(text, reason):
    d = doc()
    d["words"][0]["text"] = text
    msg = error_of(d)
    assert "$.words[0].text" in msg and reason in msg


def test_word_not_an_object():
    d = doc()
    d["words"][1] = "world."
    assert "$.words[1]: expected a word object" in error_of(d)


def test_bad_word_inside_a_sentences_response_names_its_path():
    data = {
        "id": "s",
        "sentences": [
            {
                "text": "a b",
                "start": 0,
                "end": 10,
                "words": [{"text": "a", "start": 0, "end": 5}, {"text": "b", "start": 6}],
            }
        ],
    }
    msg = error_of(data)
    assert "$.sentences[0].words[1].end" in msg


def test_bad_field_outside_words_is_named_by_pydantic_path():
    d = doc(utterances=[{"text": "x", "start": "soon", "end": 1, "words": []}])
    msg = error_of(d)
    assert "$.utterances[0].start" in msg and "'soon'" in msg


def test_error_names_the_given_name():
    with pytest.raises(TranscriptError) as info:
        captionkit.load({"status": "queued"}, name="archive/42.json")
    assert str(info.value).startswith("archive/42.json: $.status:")


def test_unsupported_object():
    with pytest.raises(InputError, match="cannot load a int"):
        captionkit.load(42)


def test_error_attributes():
    with pytest.raises(TranscriptError) as info:
        captionkit.load({"status": "queued"}, name="f.json")
    assert (info.value.source, info.value.path) == ("f.json", "$.status")
    assert isinstance(info.value, captionkit.CaptionkitError)


def test_sample_fixture_is_a_real_file():
    assert Path(SAMPLE).is_file()


# ---------------------------------------------------------------- strings, streams, utterances


def test_a_string_is_a_path_when_such_a_file_exists_else_json_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("[2024-05] call.json").write_text(json.dumps(doc()), encoding="utf-8")
    assert [w.text for w in captionkit.load("[2024-05] call.json").words] == ["Hello,", "world."]
    assert "got a number" in error_of("42")
    assert "got null" in error_of("null")
    assert "empty input" in error_of("", InputError)
    assert "cannot read the file" in error_of("no-such-file.json", InputError)
    assert [w.text for w in captionkit.load("\ufeff" + json.dumps(doc())).words] == ["Hello,", "world."]


def test_text_streams_with_a_bom_load_and_bad_streams_are_input_errors(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(doc()).encode())
    with open(path, encoding="utf-8") as handle:
        assert len(captionkit.load(handle).words) == 2
    assert len(captionkit.load(io.StringIO("\ufeff" + json.dumps(doc()))).words) == 2
    latin = tmp_path / "latin.json"
    latin.write_bytes(json.dumps(doc(text="d\u00e9j\u00e0"), ensure_ascii=False).encode("latin-1"))
    with open(latin, encoding="utf-8") as handle:
        assert "not UTF-8" in error_of(handle, InputError)
    closed = open(path, encoding="utf-8")  # noqa: SIM115 - closed on purpose
    closed.close()
    assert "cannot read the stream" in error_of(closed, InputError)


def test_read_errors_name_the_given_name(tmp_path):
    message = error_of(tmp_path / "missing.json", InputError)
    assert str(tmp_path) in message
    with pytest.raises(InputError) as info:
        captionkit.load(tmp_path / "missing.json", name="call.json")
    assert str(info.value).startswith("call.json: cannot read the file")


def test_json_nested_too_deeply_is_an_input_error():
    for text in ("[" * 100_000 + "]" * 100_000, '{"words": ' + "[" * 100_000 + "]" * 100_000 + "}"):
        assert "nested too deeply" in error_of(text, InputError)


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        ({"start": True}, "$.utterances[0].start", "got a boolean"),
        ({"end": "900"}, "$.utterances[0].end", "got a string"),
        ({"end": 50}, "$.utterances[0].end", "ends before it starts"),
        ({"words": [{**WORDS[0], "start": "100"}, WORDS[1]]}, "$.utterances[0].words[0].start", "got a string"),
        ({"words": [{**WORDS[0], "end": 50}, WORDS[1]]}, "$.utterances[0].words[0].end", "ends before it starts"),
    ],
)
def test_utterance_times_are_checked_as_word_times_are(change, path, reason):
    utterance = {"text": "Hello, world.", "start": 100, "end": 900, "speaker": "A", "words": copy.deepcopy(WORDS)}
    data = doc(utterances=[{**utterance, **change}])
    for source in (data, json.dumps(data)):  # the dict and the JSON text take different paths
        message = error_of(source)
        assert f"{path}: " in message and reason in message, message
    assert captionkit.load(doc(utterances=[{**utterance, "start": 100.0}])).utterances[0].start == 100  # repaired


@pytest.mark.parametrize("value", [10**30, 1e300, 366 * 24 * 3600 * 1000 + 1])
def test_a_time_over_a_year_is_rejected(value):
    data = doc()
    data["words"][1]["end"] = value
    for source in (data, json.dumps(data)):
        message = error_of(source)
        assert "$.words[1].end: " in message and "over a year" in message and len(message) < 200


@pytest.mark.parametrize("name", ["2024-06-01.json", "[draft] call.json", "-rec.json", "12.json"])
def test_a_missing_file_whose_name_starts_like_json_is_reported_as_a_missing_file(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="cannot read the file") as info:
        captionkit.load(name)
    assert name in str(info.value)


@pytest.mark.parametrize("text", ["[1, 2]", '"words.json"', "12"])
def test_json_text_that_is_not_an_object_is_still_read_as_json(text):
    with pytest.raises(TranscriptError, match="expected a JSON object"):
        captionkit.load(text)


def test_an_integer_python_will_not_decode_is_an_input_error(tmp_path):
    path = tmp_path / "big.json"
    path.write_text('{"words": [{"text": "a", "start": 0, "end": 1' + "0" * 5000 + "}]}")
    with pytest.raises(InputError) as info:
        captionkit.load(path)
    assert str(path) in str(info.value) and "4300 digits" in str(info.value)


def test_a_transcript_built_by_hand_gets_the_checks_json_gets():
    from captionkit import Transcript, Word

    unordered = Transcript(words=[Word(text="b", start=500, end=600), Word(text="a", start=0, end=100)])
    with pytest.raises(TranscriptError, match=r"\$\.words\[1\]\.start: words out of order"):
        captionkit.load(unordered)
    with pytest.raises(TranscriptError, match="blank"):
        captionkit.load(Transcript(words=[Word(text="  ", start=0, end=100)]))
    # the exports check it too, rather than writing a broken file
    with pytest.raises(TranscriptError, match="out of order"):
        unordered.export_subtitles_srt()
    # a transcript load made is returned as it is; a rebuilt one loads to an equal transcript
    loaded = captionkit.load(SAMPLE)
    assert captionkit.load(loaded) is loaded
    rebuilt = Transcript.model_validate(loaded.model_dump())
    assert captionkit.load(rebuilt) == loaded
    assert rebuilt.export_subtitles_srt(32) == loaded.export_subtitles_srt(32)


@needs_shared
@pytest.mark.parametrize(
    ("name", "export"),
    [("example_SentencesResponse.json", "sentences"), ("example_ParagraphsResponse.json", "paragraphs")],
)
def test_the_sentences_and_paragraphs_exports_write_the_apis_keys_in_its_order(name, export):
    from captionkit.pipeline import render

    data = json.loads(shared_file("assemblyai-api-spec", name).read_text())
    ours = json.loads(render(export, captionkit.load(data)))
    assert list(ours) == list(data)  # items first, then id, confidence, audio_duration
    assert list(ours[export][0]) == list(data[export][0])
