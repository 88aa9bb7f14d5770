"""Sentences and paragraphs (``captionkit.documents.sentences``): properties, tricky cases, and the real API data."""

# ruff: noqa: RUF001  (full-width CJK punctuation is what these tests are about)

from __future__ import annotations

import importlib.util
import itertools
import json
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit.documents.sentences import (
    PARAGRAPH_MAX_SENTENCES,
    PARAGRAPH_PAUSE_MS,
    channel_streams,
    paragraph_groups,
    paragraphs_response,
    sentence_groups,
    sentences_response,
)
from captionkit.pipeline import render
from captionkit.text.punctuation import SENTENCE_CLOSERS as CLOSERS
from captionkit.text.punctuation import SENTENCE_OPENERS as OPENERS
from captionkit.text.punctuation import SENTENCE_TERMINALS as TERMINALS

from .conftest import CORPUS, ROOT, SHARED, needs_shared, shared_file
from .strategies import word_text

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- generated transcripts -------------------------------------------------------------

_PLAIN = ["the", "a", "of", "water", "Boston", "It's", "I", "we're", "Hello,", "well,", "3.5", "2022,", "—", "42"]
_ENDS = ["end.", "why?", "yes!", "really?!", "done…", "so...", "2022.", "U.S.", "US.", "etc.", 'said."', "(yes.)"]
_CJK = ["今日は", "晴れです。", "本当？", "すごい！", "「はい。」", "这是", "中文。", "好吗？", "对！"]
_ABBR = ["Dr.", "Mr.", "Mrs.", "Prof.", "St.", "e.g.", "i.e.", "vs.", "No.", "J.", "K.", "a.m.", "Ph.D."]
_CLOSERS = ['"', ")", "\u201d", "\u300d"]
_OPENERS = ['"Well', "(see", "\u00bfQu\u00e9", "\u201cNo"]
sentence_word = st.one_of(
    st.sampled_from(_PLAIN),
    st.sampled_from(_PLAIN),
    st.sampled_from(_ENDS),
    st.sampled_from(_CJK),
    st.sampled_from(_ABBR),
    st.sampled_from(_CLOSERS),
    st.sampled_from(_OPENERS),
    word_text,
)
_step = st.one_of(st.integers(0, 400), st.integers(400, 2500), st.integers(2500, 40_000))


@st.composite
def word_dicts(draw: st.DrawFn, min_size: int = 1, max_size: int = 50) -> list[dict[str, Any]]:
    n = draw(st.integers(min_size, max_size))
    speakers = draw(st.lists(st.sampled_from(["A", "B", None]), min_size=1, max_size=3))
    channels = draw(st.sampled_from([None, ["1"], ["1", "2"]]))
    t = draw(st.integers(0, 10_000))
    out: list[dict[str, Any]] = []
    for i in range(n):
        t += draw(_step) if i else 0
        d = draw(st.integers(0, 900))
        w: dict[str, Any] = {
            "text": draw(sentence_word),
            "start": t,
            "end": t + d,
            "confidence": draw(st.floats(0, 1)),
            "speaker": speakers[(i // draw(st.integers(1, 6))) % len(speakers)],
        }
        if channels is not None:
            w["channel"] = channels[i % len(channels)]
        out.append(w)
        t += d
    return out


def columns(t):
    ws = t.words
    return [w.text for w in ws], [w.start for w in ws], [w.end for w in ws], [w.speaker for w in ws]


def load_words(ws: list[dict[str, Any]], **extra: Any):
    return captionkit.load({"id": "hyp", "status": "completed", "words": ws, **extra})


def assert_partition(groups: list[tuple[int, int]], n: int) -> None:
    """Every word index exactly once, in order."""
    assert groups, "no groups"
    assert groups[0][0] == 0
    assert groups[-1][1] == n - 1
    for (a, b), (c, _) in itertools.pairwise(groups):
        assert a <= b
        assert c == b + 1
    assert groups[-1][0] <= groups[-1][1]


def splits(texts: list[str]) -> list[str]:
    """Sentence texts for a list of words (times do not matter to sentences)."""
    n = len(texts)
    groups = sentence_groups(texts, list(range(n)), list(range(n)), [None] * n)
    return [" ".join(texts[a : b + 1]) for a, b in groups]


# --- properties --------------------------------------------------------------------------


@SETTINGS
@given(ws=word_dicts(), duration=st.one_of(st.none(), st.integers(0, 10_000)), conf=st.floats(0, 1))
def test_items_cover_every_word_once_in_order_and_follow_the_api_item_rules(ws, duration, conf):
    t = load_words(ws, audio_duration=duration, confidence=conf, language_code="en_us")
    n = len(t.words)
    sentences, paragraphs = sentences_response(t), paragraphs_response(t)
    # one channel: the items cut the words in order; multichannel: each channel's words in
    # order (an item never mixes channels), the items merged by start time
    streams = [[t.words[i] for i in stream] for stream in channel_streams(t) or [range(n)]]
    for response, items in ((sentences, sentences.sentences), (paragraphs, paragraphs.paragraphs)):
        assert (response.id, response.confidence, response.audio_duration) == ("hyp", conf, duration)
        assert sum(len(item.words) for item in items) == n
        assert [item.start for item in items] == sorted(item.start for item in items)
        at = [0] * len(streams)
        for item in items:
            s = next(k for k, stream in enumerate(streams) if stream[at[k] : at[k] + len(item.words)] == item.words)
            ws_item = streams[s][at[s] : at[s] + len(item.words)]
            assert item.text == " ".join(w.text for w in ws_item)
            assert item.start == ws_item[0].start
            assert item.end == ws_item[-1].end
            assert item.confidence == ws_item[0].confidence
            assert item.speaker == ws_item[0].speaker
            assert item.channel == ws_item[0].channel
            at[s] += len(item.words)
        assert at == [len(stream) for stream in streams]
    # the same through the model's methods
    assert t.sentences_response() == sentences
    assert t.paragraphs_response() == paragraphs


@SETTINGS
@given(ws=word_dicts())
def test_sentences_end_exactly_at_sentence_ends_and_paragraphs_are_whole_sentences(ws):
    t = load_words(ws)
    texts, starts, ends, speakers = columns(t)
    n = len(texts)
    sentences = sentence_groups(texts, starts, ends, speakers)
    assert_partition(sentences, n)
    sentence_ends = {b for _, b in sentences}
    lone_closer = [bool(x) and not x.strip(CLOSERS) for x in texts]
    for a, b in sentences[:-1]:  # (a) a sentence ends on a terminal mark (then maybe lone closers)
        k = b
        while k > a and lone_closer[k]:
            k -= 1
        assert texts[k].rstrip(CLOSERS)[-1:] in TERMINALS, texts[a : b + 1]
    for i in range(n):
        if lone_closer[i]:
            continue
        j = i + 1  # the next word that is not a lone closing quote/bracket
        while j < n and lone_closer[j]:
            j += 1
        core = texts[i].rstrip(CLOSERS)
        head = texts[j].lstrip(OPENERS)[:1] if j < n else ""
        if core[-1:] in "?!\u3002\uff1f\uff01":  # (b) ? ! and CJK marks always end a sentence
            assert j - 1 in sentence_ends, texts[i : j + 1]
        if core[-1:] in ".\u2026" and head.islower():  # (c) a period before a lower-case word never does
            assert not sentence_ends & set(range(i, j)), texts[i : j + 1]
        if texts[i] in ("end.", "2022.", "US.", 'said."', "(yes.)", "so...") and head.isupper():  # (d)
            assert j - 1 in sentence_ends, texts[i : j + 1]
    paragraphs = paragraph_groups(texts, starts, ends, speakers, sentences)
    assert_partition(paragraphs, n)
    starts_of_sentences = {a for a, _ in sentences}
    for a, b in paragraphs:
        assert a in starts_of_sentences and b in sentence_ends
        inside = [s for s in sentences if a <= s[0] and s[1] <= b]
        assert 1 <= len(inside) <= PARAGRAPH_MAX_SENTENCES
        for (_, e), (s, _) in itertools.pairwise(inside):
            assert starts[s] - ends[e] < PARAGRAPH_PAUSE_MS  # no long pause inside a paragraph
    for (a, b), (c, _) in itertools.pairwise(paragraphs):
        count = sum(1 for s in sentences if a <= s[0] and s[1] <= b)
        if count < PARAGRAPH_MAX_SENTENCES:  # a short paragraph is ended by a long pause
            assert starts[c] - ends[b] >= PARAGRAPH_PAUSE_MS


_before = st.lists(st.sampled_from(["the", "water", "Boston", "end.", "why?", "We", "said"]), max_size=6)
_after = st.lists(st.sampled_from(["the", "water", "Boston", "end.", "why?", "We", "said"]), max_size=6)


@SETTINGS
@given(
    before=_before,
    phrase=st.sampled_from(
        [
            ["Dr.", "Smith"],
            ["Mr.", "Jones"],
            ["Mrs.", "Jones"],
            ["Prof.", "Ng"],
            ["St.", "Louis"],
            ["J.", "K.", "Rowling"],
            ["John", "F.", "Kennedy"],
            ["e.g.", "Paris"],
            ["e.g.", "water"],
            ["i.e.", "the"],
            ["vs.", "Boston"],
            ["No.", "5"],
            ["Fig.", "3"],
            ["the", "U.S.", "economy"],
            ["at", "5", "p.m.", "today"],
            ["costs", "3.5", "million"],
            ["version", "2.0", "is"],
            ["so...", "maybe"],
            ["so\u2026", "maybe"],
        ]
    ),
    after=_after,
)
def test_no_sentence_ends_inside_abbreviations_initials_decimals_or_ellipses(before, phrase, after):
    texts = [*before, *phrase, *after]
    n = len(texts)
    ends = {b for _, b in sentence_groups(texts, [0] * n, [0] * n, None)}
    first = len(before)
    for i in range(first, first + len(phrase) - 1):
        assert i not in ends, (texts, i)


@SETTINGS
@given(
    before=_before,
    mark=st.sampled_from(
        ["晴れです。", "本当？", "すごい！", "中文。", "好吗？", "对！", "「はい。」", "（はい！）", "ok。", "Ｏｋ？"]
    ),
    after=st.lists(st.sampled_from(["今日は", "这是", "the", "water", "「本当", "3"]), min_size=1, max_size=6),
)
def test_cjk_full_width_marks_end_sentences(before, mark, after):
    texts = [*before, mark, *after]
    ends = {b for _, b in sentence_groups(texts, [0] * len(texts), [0] * len(texts), None, "ja")}
    assert len(before) in ends


@SETTINGS
@given(
    before=_before,
    end=st.sampled_from(["end.", "why?", "yes!", 'end."', "why?\u201d", "(yes.)", "[sic!]", "end.'", "2022.)"]),
    closers=st.lists(st.sampled_from(_CLOSERS), max_size=3),
    after=st.lists(st.sampled_from(["The", "We", '"Well', "(See", "Boston", "3"]), min_size=1, max_size=4),
)
def test_quotes_and_brackets_after_the_mark_stay_with_the_sentence(before, end, closers, after):
    texts = [*before, end, *closers, *after]
    groups = sentence_groups(texts, [0] * len(texts), [0] * len(texts), None)
    last = len(before) + len(closers)  # the index of the last closer, or of the word itself
    assert last in {b for _, b in groups}
    sentence = next(g for g in groups if g[0] <= len(before) <= g[1])
    assert sentence[1] == last


# --- tricky cases ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello, everyone. It's May 26, 2022.", ["Hello, everyone.", "It's May 26, 2022."]),
        ("I met Dr. Smith today. He was fine.", ["I met Dr. Smith today.", "He was fine."]),
        ("Mr. and Mrs. Jones came. Okay.", ["Mr. and Mrs. Jones came.", "Okay."]),
        ("The U.S. economy grew 3.5 percent. Good.", ["The U.S. economy grew 3.5 percent.", "Good."]),
        (
            "in the western U.S. so the eastern U.S. getting hit",
            ["in the western U.S. so the eastern U.S. getting hit"],
        ),
        ("throughout the US. Is because", ["throughout the US.", "Is because"]),
        ("throughout the U.S. Skylines are gray.", ["throughout the U.S.", "Skylines are gray."]),
        ("Fruit, e.g. Apples, i.e. food. Yes.", ["Fruit, e.g. Apples, i.e. food.", "Yes."]),
        ("J. K. Rowling wrote it. Then", ["J. K. Rowling wrote it.", "Then"]),
        ("John F. Kennedy spoke. George W. Bush. Ok", ["John F. Kennedy spoke.", "George W. Bush.", "Ok"]),
        ("It was the model B. So we", ["It was the model B.", "So we"]),
        ("Better than I. But fine.", ["Better than I.", "But fine."]),
        ("See No. 5 and Fig. 3 now. No. I won't.", ["See No. 5 and Fig. 3 now.", "No.", "I won't."]),
        ("I was thinking... maybe not. Well... Yes.", ["I was thinking... maybe not.", "Well...", "Yes."]),
        ("Wait\u2026 what? Really?! Yes!", ["Wait\u2026 what?", "Really?!", "Yes!"]),
        ('He said "stop." Then left.', ['He said "stop."', "Then left."]),
        ('He said "stop. " Then left.', ['He said "stop. "', "Then left."]),
        ("(It was late.) We left.", ["(It was late.)", "We left."]),
        ('Why? "Because," he said.', ["Why?", '"Because," he said.']),
        ("It's 5 p.m. Let's go etc. Fine.", ["It's 5 p.m.", "Let's go etc.", "Fine."]),
        ("\u00bfQu\u00e9 pasa? \u00a1Nada!", ["\u00bfQu\u00e9 pasa?", "\u00a1Nada!"]),
        ("今日は 晴れです。 本当？ すごい！ はい", ["今日は 晴れです。", "本当？", "すごい！", "はい"]),
        ("「はい。」 それで", ["「はい。」", "それで"]),
        ("no punctuation at all", ["no punctuation at all"]),
        ("Version 2.0. Done", ["Version 2.0.", "Done"]),
    ],
)
def test_tricky_sentences(text, expected):
    assert splits(text.split(" ")) == expected


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("es", "Vino el Sr. García. Bien.", ["Vino el Sr. García.", "Bien."]),
        ("en_us", "John Smith Sr. He left.", ["John Smith Sr.", "He left."]),
        ("de", "Das ist z.B. Wasser. Gut.", ["Das ist z.B. Wasser.", "Gut."]),
        ("de", "Hr. Müller kam. Gut.", ["Hr. Müller kam.", "Gut."]),
        (None, "Hr. Müller kam.", ["Hr.", "Müller kam."]),
    ],
)
def test_language_specific_abbreviations(language, text, expected):
    texts = text.split(" ")
    n = len(texts)
    groups = sentence_groups(texts, [0] * n, [0] * n, None, language)
    assert [" ".join(texts[a : b + 1]) for a, b in groups] == expected


def test_empty_input_gives_no_groups():
    assert sentence_groups([], [], [], []) == []
    assert paragraph_groups([], [], [], [], []) == []


def _timed(sentences: list[tuple[int, int]], gaps: list[int]) -> tuple[list[int], list[int]]:
    """One word per sentence, each 100 ms long, separated by the given gaps."""
    starts, ends, t = [], [], 0
    for i in range(len(sentences)):
        starts.append(t)
        ends.append(t + 100)
        t += 100 + (gaps[i] if i < len(gaps) else 0)
    return starts, ends


def test_paragraphs_close_after_five_sentences_and_the_count_restarts_after_a_pause():
    n = 14
    sentences = [(i, i) for i in range(n)]
    gaps = [200] * n
    gaps[6] = PARAGRAPH_PAUSE_MS  # a pause after sentence 7
    starts, ends = _timed(sentences, gaps)
    groups = paragraph_groups(["x."] * n, starts, ends, None, sentences)
    assert groups == [(0, 4), (5, 6), (7, 11), (12, 13)]
    gaps[6] = PARAGRAPH_PAUSE_MS - 1  # just too short: no effect
    starts, ends = _timed(sentences, gaps)
    assert paragraph_groups(["x."] * n, starts, ends, None, sentences) == [(0, 4), (5, 9), (10, 13)]


def test_a_long_pause_inside_a_sentence_does_not_break_a_paragraph():
    texts = ["One", "two.", "Three", "four."]
    starts, ends = [0, 10_000, 10_200, 10_400], [100, 10_100, 10_300, 10_500]
    sentences = sentence_groups(texts, starts, ends, None)
    assert sentences == [(0, 1), (2, 3)]
    assert paragraph_groups(texts, starts, ends, None, sentences) == [(0, 3)]


def test_a_change_of_speaker_alone_breaks_nothing_and_items_take_the_first_speaker():
    ws = [
        {"text": t, "start": i * 300, "end": i * 300 + 200, "confidence": 0.5 + i / 100, "speaker": s}
        for i, (t, s) in enumerate([("Yes", "A"), ("indeed", "B"), ("it", "B"), ("is.", "B"), ("Ok.", "A")])
    ]
    t = load_words(ws)
    sentences = t.get_sentences()
    assert [s.text for s in sentences] == ["Yes indeed it is.", "Ok."]
    assert [s.speaker for s in sentences] == ["A", "A"]
    assert [s.confidence for s in sentences] == [0.5, 0.54]
    (paragraph,) = t.get_paragraphs()
    assert (paragraph.speaker, paragraph.start, paragraph.end) == ("A", 0, 1400)


def test_paragraph_groups_rejects_a_count_below_one():
    with pytest.raises(ValueError, match="max_sentences"):
        paragraph_groups(["a."], [0], [1], None, [(0, 0)], max_sentences=0)


# --- a transcript loaded from a /sentences or /paragraphs response keeps the API's items ---


def _response(kind: str, items: list[list[str]]) -> dict[str, Any]:
    out, t = [], 0
    for texts in items:
        ws = []
        for text in texts:
            ws.append({"text": text, "start": t, "end": t + 100, "confidence": 0.9, "speaker": "A"})
            t += 150
        out.append({"text": " ".join(texts), "start": ws[0]["start"], "end": ws[-1]["end"], "words": ws})
    return {kind: out, "id": "x", "confidence": 0.9, "audio_duration": 2}


def test_a_sentences_response_round_trips_and_its_paragraphs_are_made_of_its_sentences():
    items = [["Not", "a", "sentence", "end"], ["by", "our", "rule."], ["A.", "B."], ["C."], ["D."], ["E."], ["F."]]
    t = captionkit.load(_response("sentences", items))
    assert [s.text for s in t.get_sentences()] == [" ".join(x) for x in items]
    assert [p.text for p in t.get_paragraphs()] == [
        "Not a sentence end by our rule. A. B. C. D.",
        "E. F.",
    ]


def test_a_paragraphs_response_round_trips_and_its_sentences_nest_in_its_paragraphs():
    items = [["One", "two", "three"], ["four.", "Five", "six."]]
    t = captionkit.load(_response("paragraphs", items))
    assert [p.text for p in t.get_paragraphs()] == ["One two three", "four. Five six."]
    assert [s.text for s in t.get_sentences()] == ["One two three", "four.", "Five six."]


def test_items_that_do_not_match_the_words_are_ignored():
    t = captionkit.load(
        {
            "words": [{"text": w, "start": i, "end": i} for i, w in enumerate(["a.", "B", "c."])],
            "sentences": [{"words": [{"text": "a. B c."}]}],
        }
    )
    assert [s.text for s in t.get_sentences()] == ["a.", "B c."]


# --- real API data (../shared) -------------------------------------------------------------


def _benchmark():
    spec = importlib.util.spec_from_file_location("segments_f1", ROOT / "benchmarks" / "segments_f1.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def real_pairs():
    if not SHARED.is_dir():
        pytest.skip(f"real AssemblyAI data not found at {SHARED} (set CAPTIONKIT_SHARED to its folder)")
    bench = _benchmark()
    pairs = bench.real_pairs(SHARED)
    if not pairs:
        pytest.skip(f"no real /sentences or /paragraphs data under {SHARED}")
    return bench, pairs


@needs_shared
@pytest.mark.parametrize(("kind", "target"), [("sentences", 0.99), ("paragraphs", 0.90)])
def test_boundary_f1_on_the_real_api_segmentations_meets_the_target(real_pairs, kind, target):
    bench, pairs = real_pairs
    rows = [p for p in pairs if p.kind == kind]
    if not rows:
        pytest.skip(f"no real {kind} data")
    scores = {p.label: bench.score(p, bench.groups_for(p)).f1 for p in rows}
    assert sum(scores.values()) / len(scores) >= target, scores
    assert min(scores.values()) >= target - 0.1, scores


@needs_shared
def test_the_paragraph_score_is_stable_around_the_chosen_pause(real_pairs):
    bench, pairs = real_pairs
    if not any(p.kind == "paragraphs" for p in pairs):
        pytest.skip("no real paragraphs data")
    chosen = bench.mean_f1(pairs, "paragraphs")
    # the real data here fit every pause from 1.71 s to 4.78 s; the archive's meetings narrowed
    # it to 1.97-2.07 s (docs/sentences-paragraphs.md), so only the shared data's side is stable
    for pause in (
        PARAGRAPH_PAUSE_MS - 250,
        PARAGRAPH_PAUSE_MS + 500,
        PARAGRAPH_PAUSE_MS + 1000,
        PARAGRAPH_PAUSE_MS + 2500,
    ):
        assert bench.mean_f1(pairs, "paragraphs", pause_ms=pause) == pytest.approx(chosen)
    for count in (PARAGRAPH_MAX_SENTENCES - 1, PARAGRAPH_MAX_SENTENCES + 1):  # the count is sharp
        assert bench.mean_f1(pairs, "paragraphs", max_sentences=count) < chosen - 0.3


def _corpus_folders():
    folders = sorted(p for p in CORPUS.glob("*/") if (p / "sentences.json").exists()) if CORPUS.is_dir() else []
    return folders or [pytest.param(None, marks=pytest.mark.skip(reason=f"no paired corpus in {CORPUS}"))]


@pytest.mark.parametrize("folder", _corpus_folders(), ids=lambda p: getattr(p, "name", "none"))
@pytest.mark.parametrize("kind", ["sentences", "paragraphs"])
def test_items_equal_the_api_items_on_the_paired_corpus(folder, kind):
    t = captionkit.load(folder / "transcript.json")
    path = folder / f"{kind}.json"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    api = json.loads(path.read_text(encoding="utf-8"))
    ours = (t.sentences_response() if kind == "sentences" else t.paragraphs_response()).model_dump()
    for key in ("id", "confidence", "audio_duration"):
        assert ours[key] == api[key]
    assert len(ours[kind]) == len(api[kind])
    for mine, theirs in zip(ours[kind], api[kind], strict=True):
        for key in ("text", "start", "end", "confidence", "speaker"):
            if key in theirs:
                assert mine[key] == theirs[key], (key, theirs["text"][:60])
        assert [w["text"] for w in mine["words"]] == [w["text"] for w in theirs["words"]]
    # loading the API's own response gives it back
    again = captionkit.load(path)
    items = again.get_sentences() if kind == "sentences" else again.get_paragraphs()
    assert [i.text for i in items] == [i["text"] for i in api[kind]]


@pytest.mark.parametrize("folder", _corpus_folders(), ids=lambda p: getattr(p, "name", "none"))
@pytest.mark.parametrize("kind", ["sentences", "paragraphs"])
def test_the_json_export_is_the_api_response_key_for_key(folder, kind):
    # the same keys as the real response, in the same order: a paragraph has no speaker,
    # and a transcript without channels has no channel key anywhere
    path = folder / f"{kind}.json"
    if not path.exists():
        pytest.skip(f"{path} is not present")
    api = json.loads(path.read_text(encoding="utf-8"))
    for source in (folder / "transcript.json", path):
        ours = json.loads(render(kind, captionkit.load(source)))
        assert ours == api
        assert [list(item) for item in ours[kind]] == [list(item) for item in api[kind]]


def test_channel_keys_appear_only_for_multichannel_transcripts():
    def word(text, start, channel):
        return {"text": text, "start": start, "end": start + 100, "confidence": 0.9, "channel": channel}

    mono = captionkit.load({"words": [word("Hello.", 0, None)]})
    stereo = captionkit.load({"words": [word("Hello.", 0, "1"), word("Hi.", 500, "2")]})
    sent = json.loads(render("sentences", stereo))["sentences"]
    assert [(item["channel"], item["words"][0]["channel"]) for item in sent] == [("1", "1"), ("2", "2")]
    assert "channel" not in json.dumps(json.loads(render("sentences", mono)))
    for t in (mono, stereo):
        assert all("speaker" not in p and "channel" not in p for p in json.loads(render("paragraphs", t))["paragraphs"])


@needs_shared
@pytest.mark.parametrize("kind", ["sentences", "paragraphs"])
def test_the_first_items_of_completed_json_match_the_spec_examples(kind):
    t = captionkit.load(shared_file("assemblyai-go-sdk", "completed.json"))
    example = json.loads(
        shared_file("assemblyai-api-spec", f"example_{kind.title()}Response.json").read_text(encoding="utf-8")
    )[kind]
    ours = t.get_sentences() if kind == "sentences" else t.get_paragraphs()
    for mine, theirs in zip(ours, example, strict=False):
        assert (mine.start, mine.end) == (theirs["start"], theirs["end"])
        # same timings, a slightly different ASR text run: compare the word counts
        assert len(mine.text.split()) == len(theirs["text"].split())


def test_get_sentences_and_paragraphs_return_lists_like_the_sdk() -> None:
    # the assemblyai SDK's Transcript.get_sentences() / get_paragraphs() return lists of items:
    # code written for the SDK iterates, indexes and takes len() of them
    sample = captionkit.load(ROOT / "fixtures" / "sample-transcript.json")
    sentences = sample.get_sentences()
    paragraphs = sample.get_paragraphs()
    assert isinstance(sentences, list) and isinstance(paragraphs, list)
    assert [s.text for s in sentences] == [s.text for s in sample.sentences_response().sentences]
    assert sentences[0].text.startswith("Good morning")
    assert len(paragraphs) == len(sample.paragraphs_response().paragraphs) > 0


def test_an_sdk_float_audio_duration_is_written_as_the_api_writes_it():
    # the assemblyai SDK types audio_duration as a float: 237.0 for the API's 237
    data = json.loads((ROOT / "fixtures" / "sample-transcript.json").read_text())
    data["audio_duration"] = 237.0
    out = json.loads(render("sentences", captionkit.load(data)))
    assert out["audio_duration"] == 237 and isinstance(out["audio_duration"], int)
    data["audio_duration"] = 237.5
    assert json.loads(render("paragraphs", captionkit.load(data)))["audio_duration"] == 237.5


def _crosstalk():
    """Channel 1 says "I agree. We ship." while channel 2 says "Me too." over it."""
    spec = [
        ("I", 0, 200, "1"),
        ("Me", 100, 300, "2"),
        ("agree.", 250, 600, "1"),
        ("too.", 350, 700, "2"),
        ("We", 900, 1100, "1"),
        ("ship.", 1150, 1500, "1"),
    ]
    words = [{"text": w, "start": a, "end": b, "confidence": 0.9, "speaker": None, "channel": c} for w, a, b, c in spec]
    return load_words(words)


def test_multichannel_sentences_never_weave_two_channels_together():
    t = _crosstalk()
    items = sentences_response(t).sentences
    assert [(s.text, s.channel, s.start, s.end) for s in items] == [
        ("I agree.", "1", 0, 600),
        ("Me too.", "2", 100, 700),
        ("We ship.", "1", 900, 1500),
    ]
    assert [(p.text, p.channel) for p in paragraphs_response(t).paragraphs] == [
        ("I agree. We ship.", "1"),
        ("Me too.", "2"),
    ]


def _sentence_groups_word_by_word(texts: list[str], language_code: str | None) -> list[tuple[int, int]]:
    """The rule read literally: every word asked in turn, closing quotes/brackets kept with it."""
    from captionkit.text.punctuation import is_sentence_end, only_closers

    groups, first, i, n = [], 0, 0, len(texts)
    while i < n:
        nxt = i + 1
        while nxt < n and only_closers(texts[nxt]):
            nxt += 1
        if is_sentence_end(texts[i], texts[nxt] if nxt < n else None, language_code, texts[i - 1] if i else None):
            groups.append((first, nxt - 1))
            first = nxt
        i = nxt
    return groups


_PIECES = [
    "a",
    "b.",
    "C.",
    "J.",
    "Dr.",
    "so",
    "Mr.",
    "no.",
    "3",
    "x?",
    "y!",
    '"',
    ")",
    '."',
    "...",
    "…",
    "。",
    "A",
    "e.g.",
    "z",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=0, max_size=30), st.sampled_from([None, "en_us", "es", "ja"]))
def test_sentence_groups_equal_the_word_by_word_rule(texts: list[str], language_code: str | None) -> None:
    from captionkit.documents.sentences import sentence_groups

    n = len(texts)
    assert sentence_groups(texts, [0] * n, [0] * n, None, language_code) == _sentence_groups_word_by_word(
        texts, language_code
    )
