"""The fast loading path gives exactly what the exact path gives, and builds models only when used."""

from __future__ import annotations

import copy
import importlib
import itertools
import json
import pickle
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import captionkit
from captionkit.model.columns import construct
from captionkit.model.transcript import Transcript, Utterance, Word
from captionkit.text.width import IGNORABLE as INVISIBLE

from .conftest import CORPUS, FIXTURES, SAMPLE
from .strategies import transcripts

load_module = importlib.import_module("captionkit.inputs.assemblyai")  # the module (captionkit.load is the function)
fast_module = importlib.import_module("captionkit.inputs.fast")
io_module = importlib.import_module("captionkit.io")


def exact(data) -> Transcript:
    """The exact path only (json, the word-by-word check, pydantic)."""
    if isinstance(data, (bytes, str)):
        data = json.loads(data)
    return _with_sdk_methods(load_module._exact_transcript(data, "<test>"))


def _with_sdk_methods(t: Transcript) -> Transcript:
    """The loader's model as captionkit.load hands it out (captionkit.Transcript: methods only added)."""
    t.__class__ = captionkit.Transcript
    return t


def fast(data) -> Transcript:
    t = fast_module._fast_transcript(data, "<test>")
    assert t is not None, "the fast path refused a document it should take"
    return _with_sdk_methods(t)


def exact_or_same_error(raw: bytes) -> Transcript | None:
    """The exact path's transcript of ``raw``; when the exact path refuses it, checks that
    ``captionkit.load`` refuses it with the same message, and returns None."""
    try:
        return exact(raw)
    except captionkit.CaptionkitError as exc:
        with pytest.raises(type(exc)) as info:
            captionkit.load(raw, name="<test>")
        assert str(info.value) == str(exc)
        return None


def fields_set_tree(t: Transcript) -> list:
    out = [sorted(t.model_fields_set)]
    out.append([sorted(w.model_fields_set) for w in t.words])
    for u in t.utterances or []:
        out.append((sorted(u.model_fields_set), [sorted(w.model_fields_set) for w in u.words]))
    return out


def assert_same(a: Transcript, b: Transcript) -> None:
    assert a.model_dump() == b.model_dump()
    assert json.dumps(a.model_dump(mode="json")) == json.dumps(b.model_dump(mode="json"))  # key order too
    assert a.model_dump(exclude_unset=True) == b.model_dump(exclude_unset=True)
    assert fields_set_tree(a) == fields_set_tree(b)
    assert repr(a) == repr(b)
    assert a == b
    assert [type(w.start) for w in a.words] == [type(w.start) for w in b.words]
    assert [type(w.confidence) for w in a.words] == [type(w.confidence) for w in b.words]


def real_documents():
    paths = sorted(FIXTURES.rglob("*.json")) + sorted(CORPUS.rglob("*.json")) if FIXTURES.is_dir() else []
    return [SAMPLE, *paths]


@pytest.mark.parametrize("path", real_documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_exact_paths_agree_on_real_documents(path):
    raw = path.read_bytes()
    want = exact_or_same_error(raw)
    if want is None:
        return
    got = fast_module._fast_transcript(raw, "<test>")
    data = json.loads(raw)
    if got is None:  # only documents with something the fast path leaves to the exact one
        assert any(set(w) - set(Word.model_fields) for w in data.get("words") or []), path
        return
    assert_same(got, want)
    assert_same(fast(data), want)  # the same from a dict


@settings(max_examples=150, deadline=None)
@given(doc=transcripts(), with_utterances=st.booleans(), drop=st.sets(st.sampled_from(["confidence", "speaker"])))
def test_fast_and_exact_paths_agree_on_generated_transcripts(doc, with_utterances, drop):
    for w in doc["words"]:
        for key in drop:
            w.pop(key, None)
    if with_utterances:
        ws = doc["words"]
        doc["utterances"] = [
            {"text": " ".join(w["text"] for w in ws[i : i + 5]), "start": ws[i]["start"], "end": ws[i]["end"],
             "confidence": 0.5, "speaker": "A", "words": copy.deepcopy(ws[i : i + 5])}
            for i in range(0, len(ws), 5)
        ]  # fmt: skip
    raw = json.dumps(doc).encode()
    want = exact_or_same_error(raw)
    if want is None:
        return
    got = captionkit.load(raw, name="<test>")
    assert_same(got, want)
    assert got.export_subtitles_srt(32) == want.export_subtitles_srt(32)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["words"][1].update(start=450.0),  # repaired: integral float
        lambda d: d["words"][1].update(text=" world. "),  # repaired: white space
        lambda d: d["words"][1].update(text="new\nline"),
        lambda d: d["words"][1].update(text="a\u00a0b"),
        lambda d: d["words"][1].update(extra_field=1),  # kept: unknown word field
        lambda d: d.update(words=None, utterances=[{"text": "x", "start": 1, "end": 2, "words": d["words"]}]),
        lambda d: d["words"].reverse(),  # rejected: order
        lambda d: d["words"][1].update(end=1),  # rejected: end < start
        lambda d: d["words"][1].update(start=-1),
        lambda d: d.update(confidence="high"),  # rejected by pydantic
        lambda d: d.update(utterances=[{"text": "x", "start": "1", "end": 2}]),  # pydantic's lax int
    ],
)
def test_documents_that_need_the_exact_path_give_its_result(mutate):
    d = {"id": "t", "status": "completed", "text": "Hello, world.", "words": [
        {"text": "Hello,", "start": 100, "end": 400, "confidence": 0.9, "speaker": "A"},
        {"text": "world.", "start": 450, "end": 900, "confidence": 0.8, "speaker": "A"},
    ]}  # fmt: skip
    mutate(d)
    raw = json.dumps(d).encode()
    try:
        want = exact(copy.deepcopy(d))
    except captionkit.CaptionkitError as exc:
        for source in (raw, d):
            with pytest.raises(type(exc)) as info:
                captionkit.load(source, name="<test>")
            assert str(info.value) == str(exc)
        return
    for source in (raw, d):
        assert_same(captionkit.load(source), want)


@pytest.mark.parametrize("given_fields", list(itertools.product([False, True], repeat=3)))
def test_construct_equals_model_validate(given_fields):
    data = {"text": "a", "start": 1, "end": 2}
    for (name, value), on in zip((("confidence", 0.5), ("speaker", "B"), ("channel", "1")), given_fields, strict=True):
        if on:
            data[name] = value
    want = Word.model_validate(data)
    values = {name: data.get(name) for name in Word.model_fields}
    got = construct(Word, values, set(data))
    assert got == want and repr(got) == repr(want)
    assert got.model_fields_set == want.model_fields_set and got.model_extra == want.model_extra
    assert got.model_dump(exclude_unset=True) == want.model_dump(exclude_unset=True)
    got.text = "b"  # still an ordinary model
    assert got.text == "b"


def test_the_clean_text_check_matches_str_split():
    """The fast path must flag every text the exact path repairs or rejects (white space to
    normalise, blank words); texts with invisible characters always take the exact path."""
    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert set(fast_module._OTHER_SPACES) == set(spaces) - {" ", "\n"}
    for c in [*spaces, "x", "\ufeff", ""]:
        for text in (c, f"a{c}b", f"{c}a", f"a{c}", f"a {c}b", f"a{c}{c}b", "a b"):
            clean = " ".join(text.split()) == text and text != "" and not any(ch in INVISIBLE for ch in text)
            for texts in ([text], ["w", text], [text, "w"], ["w", text, "w"]):
                assert fast_module._clean_texts(texts) == clean, (texts, clean)


# ---------------------------------------------------------------- built on first use


def test_words_are_built_on_first_use_only():
    t = captionkit.load(SAMPLE)
    assert t._lazy is not None and "words" not in t.__dict__ and "utterances" not in t.__dict__
    cues = t.captions(32)
    t.export_subtitles_vtt()
    cols = t.word_columns()
    assert "words" not in t.__dict__  # rendering builds no Word model
    want = exact(SAMPLE.read_bytes())
    assert cues == want.captions(32)
    assert cols.texts == [w.text for w in want.words] and cols.speakers == [w.speaker for w in want.words]
    assert isinstance(t.words[0], Word) and "words" in t.__dict__ and "utterances" not in t.__dict__
    assert isinstance(t.utterances[0], Utterance) and t._lazy is None
    assert list(t.__dict__) == [k for k in Transcript.model_fields if k in t.__dict__]  # declared order kept


@pytest.mark.parametrize(
    "use",
    [
        lambda t: t.model_dump(),
        lambda t: t.model_dump_json(),
        lambda t: repr(t),
        lambda t: dict(t),
        lambda t: copy.copy(t),
        lambda t: copy.deepcopy(t),
        lambda t: t.model_copy(),
        lambda t: pickle.loads(pickle.dumps(t)),
        lambda t: t == captionkit.load(SAMPLE),
    ],
)
def test_every_way_of_reading_the_model_sees_the_words(use):
    want = exact(SAMPLE.read_bytes())
    t = captionkit.load(SAMPLE)
    value = use(t)
    assert "words" in t.__dict__ and "utterances" in t.__dict__
    if isinstance(value, Transcript):
        assert value == want and value.words == want.words
    assert t == want


def test_changed_words_are_what_renders():
    t = captionkit.load(SAMPLE)
    t.words = t.words[:3]
    assert t.word_columns().texts == ["Good", "morning,", "and"]
    assert len(t.captions()) == 1
    t2 = captionkit.load(SAMPLE)
    t2.words[0].text = "Bad"
    assert t2.captions()[0].lines[0].startswith("Bad ")


@settings(max_examples=150, deadline=None)
@given(transcripts(), st.sampled_from(["sentences", "paragraphs"]))
def test_items_json_written_from_columns_equals_the_models(data: dict, key: str) -> None:
    """The sentences/paragraphs JSON written from the word columns is the models' JSON byte for byte."""
    from captionkit.documents.sentences import (
        item_texts,
        items_json,
        paragraphs_response,
        response_json,
        sentences_response,
    )

    t = captionkit.load(data)
    response = sentences_response(t) if key == "sentences" else paragraphs_response(t)
    assert items_json(t, key) == response_json(response)
    assert item_texts(t, key) == [item.text for item in getattr(response, key)]


@pytest.mark.parametrize("path", real_documents(), ids=lambda p: p.name)
def test_items_json_on_real_transcripts(path) -> None:
    from captionkit.documents.sentences import items_json, paragraphs_response, response_json, sentences_response
    from captionkit.errors import CaptionkitError

    try:
        t = captionkit.load(path)
    except CaptionkitError:
        pytest.skip(f"{path.name} is not a transcript")
    assert items_json(t, "sentences") == response_json(sentences_response(t))
    assert items_json(t, "paragraphs") == response_json(paragraphs_response(t))


@settings(max_examples=200, deadline=None)
@given(transcripts())
def test_turn_heads_are_the_turns_fields(data: dict) -> None:
    """Speaker text read from the columns and utterance heads gives the turns of the models."""
    from captionkit.documents.speakers import NoSpeakersError, has_speakers, is_channel_keyed, turn_heads, turns

    lazy, built = captionkit.load(data), captionkit.load(data).materialize()
    assert has_speakers(lazy) == has_speakers(built)
    assert is_channel_keyed(lazy) == is_channel_keyed(built)
    try:
        expected = [
            (u.speaker, u.channel, u.start, u.end, u.text, u.confidence, u.translated_texts) for u in turns(built)
        ]
    except NoSpeakersError:
        with pytest.raises(NoSpeakersError):
            turn_heads(lazy)
        return
    assert [tuple(h) for h in turn_heads(lazy)] == expected
    assert [tuple(h) for h in turn_heads(built)] == expected


def _with_turns(words: list[dict]) -> dict:
    return {
        "id": "t", "status": "completed", "text": " ".join(w["text"] for w in words), "words": words,
        "utterances": [
            {"text": " ".join(w["text"] for w in words[i : i + 2]), "start": words[i]["start"],
             "end": words[min(i + 1, len(words) - 1)]["end"], "confidence": 0.9, "speaker": "A",
             "words": copy.deepcopy(words[i : i + 2])}
            for i in range(0, len(words), 2)
        ],
    }  # fmt: skip


_TURN_WORDS = [
    {"text": t, "start": 100 * k, "end": 100 * k + 80, "confidence": 0.9, "speaker": "A"}
    for k, t in enumerate(["Hello,", "{world}", "it's", "a", "test."])
]


@pytest.mark.parametrize(
    ("dump", "shared"),
    [
        (lambda d: json.dumps(d), True),  # json.dumps: one line, ", " between items
        (lambda d: json.dumps(d, separators=(",", ":")), True),  # compact
        (lambda d: json.dumps(d, indent=2), False),  # indented: the words are laid out differently
    ],
    ids=["json.dumps", "compact", "indented"],
)
def test_utterances_that_repeat_the_top_level_words_are_checked_once(dump, shared):
    raw = dump(_with_turns(copy.deepcopy(_TURN_WORDS))).encode()
    got = fast(raw)
    kinds = {type(u).__name__ for u in got._lazy.utterances}
    assert kinds == ({"_USharing"} if shared else {"_U"})
    assert_same(got, exact(raw))
    assert got.utterances[1].words[0].text == "it's"  # decoded from its JSON text when built


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["utterances"][1]["words"][0].update(confidence=0.5),  # another value: decoded on its own
        lambda d: d["utterances"][1]["words"][0].update(end=1),  # end < start only in the utterance
        lambda d: d["utterances"][1]["words"][0].update(extra=1),  # an unknown field only there
        lambda d: d["utterances"][1].update(words=None),
        lambda d: d["utterances"][1].update(words=[]),
        lambda d: d["utterances"][1]["words"].reverse(),  # same words, other order: rejected
        lambda d: d["utterances"][1]["words"][0].update(text=" it's"),  # white space: repaired
    ],
)
def test_utterance_words_that_differ_from_the_top_level_words_get_the_full_check(mutate):
    d = _with_turns(copy.deepcopy(_TURN_WORDS))
    mutate(d)
    raw = json.dumps(d).encode()
    t = fast_module._fast_transcript(raw, "<test>")
    assert t is None or {type(u).__name__ for u in t._lazy.utterances} == {"_U"}
    want = exact_or_same_error(raw)
    if want is None:
        return
    assert_same(captionkit.load(raw, name="<test>"), want)
