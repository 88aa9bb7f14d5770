"""Sentences and paragraphs, as ``GET /v2/transcript/{id}/sentences`` and ``/paragraphs`` return them.

The rules were fitted on every real API segmentation in ``../shared`` (the measuring script
is ``benchmarks/segments_f1.py``): ``corpus/meeting04-part1`` (416 words with the API's 29
sentences and 8 paragraphs), ``audio-intelligence-dashboard`` (307 words with the texts of
the API's 4 paragraphs) and the spec examples, whose first 2 sentences and 2 paragraphs are
timed like the words of ``assemblyai-go-sdk/completed.json``.

Sentences (:func:`sentence_groups`) end at terminal punctuation and nowhere else: in
meeting04 the 29 API sentence ends are exactly the 29 words whose text ends with ``.``,
``?`` or ``!``; silences inside a sentence of up to 2.9 s do not end it, and a speaker
change is no rule of its own. A word ends a sentence (:func:`captionkit.text.punctuation.is_sentence_end`,
its marks defined there) when its text, closing quotes and
brackets removed, ends with a terminal mark (``. ? ! …``, the CJK full-width marks U+3002,
U+FF1F, U+FF01, U+FF0E, U+FF61, and ``। ؟``), except:

* a period or ellipsis followed by a word that begins with a lower-case letter (after
  opening quotes/brackets): the period of an abbreviation (``the U.S. economy``) or an
  ellipsis inside a sentence; the API's text capitalises every sentence start, so a
  lower-case next word means the sentence goes on;
* titles and Latin abbreviations that always introduce what follows (``Mr.``, ``Dr.``,
  ``St.``, ``e.g.``, ``i.e.``, ``vs.``, ...; a few more per language, see
  :func:`captionkit.text.punctuation.never_final`);
* ``No.``, ``Fig.``, ``Vol.``, ``p.``, ... before a number;
* an initial (one capital letter and a period) inside a name: before a capitalised word,
  after a capitalised word or next to another initial (``John F. Kennedy``,
  ``J. K. Rowling``; but ``the model B. So`` and ``than I. But`` are two sentences).

``?``, ``!`` and the full-width marks always end a sentence. Any other period (``U.S.``,
``etc.``, ``p.m.``) ends one when a capitalised word, a digit or a caseless word follows:
``in the US. Is because`` is two sentences for the API (paragraph 2 of the spec example
holds five sentences only if it is).
Closing quotes/brackets written as words of their own stay with the sentence they close.
A decimal (``3.5``) is one word, so a sentence never ends inside it.

Paragraphs (:func:`paragraph_groups`) are runs of whole sentences. A paragraph is closed
after a sentence when

1. it holds :data:`PARAGRAPH_MAX_SENTENCES` = 5 sentences, or
2. the silence before the next sentence is at least :data:`PARAGRAPH_PAUSE_MS` = 2 s.

Where the numbers come from: of the 12 real paragraph ends that are not the end of a file,
10 close a paragraph of exactly 5 sentences (5 in meeting04, 3 in the dashboard file, 2
in the spec example), with silences as short as 86 ms after them, and no real paragraph
holds more than 5 sentences; the other 2 close paragraphs of 2 and 1 sentences before
silences of 34.2 s and 4.78 s. The longest silence between two sentences of one paragraph
is 1.70 s (0.69 s in the dashboard file, 1.57 s in the spec example), so every threshold
from 1.71 s to 4.78 s gives the same scores; 3 s is near their geometric middle (2.85 s).
With 4 or 6 sentences instead of 5 the paragraph F1 falls to 0.47-0.53 on meeting04 and
0.22-0.25 on the dashboard file. The count restarts after a pause (meeting04's paragraph
after the 34.2 s silence holds 5 sentences again). Speaker changes are no rule: a
paragraph can span one, and meeting04's only change of speaker falls in the 34.2 s silence.

Measured (``python benchmarks/segments_f1.py``): boundary F1 1.00 for sentences
(meeting04, spec prefix) and 1.00 for paragraphs (meeting04, dashboard, spec prefix).

Items follow the rules measured on real responses: ``text`` is the words' texts joined by
single spaces, ``start``/``end`` are the first word's start and the last word's end,
``confidence``, ``speaker`` and ``channel`` are the FIRST word's, ``words`` are the items'
words. When the transcript was loaded from a ``/sentences`` or ``/paragraphs`` response,
its own items' word counts are kept (see :func:`given_groups`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

import msgspec

from captionkit.model.columns import gc_paused
from captionkit.model.transcript import (
    Paragraph,
    ParagraphsResponse,
    Sentence,
    SentencesResponse,
    Transcript,
    Word,
)
from captionkit.text.punctuation import ends_with_terminal, is_sentence_end, only_closers

#: A paragraph holds at most this many sentences.
PARAGRAPH_MAX_SENTENCES = 5
#: A silence at least this long between two sentences starts a new paragraph (ms). Fitted on
#: the API's /paragraphs of 28 meetings (benchmarks/paragraph_fit.py, docs/sentences-paragraphs.md;
#: leave-one-meeting-out F1 1.000 on each): the longest silence inside an API paragraph is
#: 1.99 s, the shortest before a paragraph the sentence cap did not force 2.02 s (it was 3 s,
#: fitted on one meeting: 1.71-4.78 s all fitted it).
PARAGRAPH_PAUSE_MS = 2000

Group = tuple[int, int]
_Item = TypeVar("_Item", Sentence, Paragraph)


def sentence_groups(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    speakers: Sequence[str | None] | None = None,
    language_code: str | None = None,
) -> list[Group]:
    """Split words (given as columns) into sentences: ``(first, last)`` word indices, inclusive.

    The groups cover every word exactly once, in order. Only ``texts`` decide (see the
    module docstring); the times and speakers are accepted so that every segmentation
    function takes the same columns.
    """
    n = len(texts)
    if not n:
        return []
    # only a word whose text ends in a terminal mark (before closing quotes/brackets) can
    # end a sentence before the last word: find those first, then look at their context
    distinct = set(texts)
    closers = {text for text in distinct if only_closers(text)}
    candidates = {text for text in distinct - closers if ends_with_terminal(text)}
    groups: list[Group] = []
    first = 0
    for i in [i for i, text in enumerate(texts) if text in candidates]:
        nxt = i + 1
        while nxt < n and texts[nxt] in closers:  # a closing quote/bracket written as a word
            nxt += 1
        if is_sentence_end(texts[i], texts[nxt] if nxt < n else None, language_code, texts[i - 1] if i else None):
            groups.append((first, nxt - 1))
            first = nxt
    if first < n:
        groups.append((first, n - 1))
    return groups


def paragraph_groups(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    speakers: Sequence[str | None] | None,
    sentences: Sequence[Group],
    *,
    max_sentences: int = PARAGRAPH_MAX_SENTENCES,
    pause_ms: int = PARAGRAPH_PAUSE_MS,
) -> list[Group]:
    """Join consecutive sentences into paragraphs: ``(first, last)`` word indices, inclusive.

    A paragraph is closed after ``max_sentences`` sentences, or before a silence of at least
    ``pause_ms`` between two sentences.
    """
    if max_sentences < 1:
        raise ValueError(f"max_sentences must be at least 1, got {max_sentences}")
    groups: list[Group] = []
    count = 0
    first = 0
    for k, (a, b) in enumerate(sentences):
        if count == 0:
            first = a
        count += 1
        if k + 1 == len(sentences) or count >= max_sentences or starts[sentences[k + 1][0]] - ends[b] >= pause_ms:
            groups.append((first, b))
            count = 0
    return groups


def _item(cls: type[_Item], words: Sequence[Word], a: int, b: int) -> _Item:
    ws = list(words[a : b + 1])
    first = ws[0]
    return cls(
        text=" ".join(w.text for w in ws),
        start=first.start,
        end=ws[-1].end,
        confidence=first.confidence,
        words=ws,
        speaker=first.speaker,
        channel=first.channel,
    )


def _columns(t: Transcript) -> tuple[list[str], list[int], list[int], list[str | None]]:
    c = t.word_columns()
    return c.texts, c.starts, c.ends, c.speakers


def given_groups(t: Transcript, key: str) -> list[Group] | None:
    """The API's own groups when ``t`` was loaded from a ``/sentences`` or ``/paragraphs`` response.

    ``key`` is ``"sentences"`` or ``"paragraphs"``. None unless the items' words are exactly
    the transcript's words, in order.
    """
    items = (t.model_extra or {}).get(key)
    if not isinstance(items, list) or not items:
        return None
    groups: list[Group] = []
    k = 0
    for item in items:
        words = item.get("words") if isinstance(item, Mapping) else getattr(item, "words", None)
        if not isinstance(words, list) or not words or k + len(words) > len(t.words):
            return None
        for w in words:
            text = w.get("text") if isinstance(w, Mapping) else getattr(w, "text", None)
            if not isinstance(text, str) or " ".join(text.split()) != t.words[k].text:
                return None
            k += 1
        groups.append((k - len(words), k - 1))
    return groups if k == len(t.words) else None


def _split_at(groups: list[Group], ends: set[int]) -> list[Group]:
    """``groups`` with a boundary added after every word index in ``ends``."""
    out: list[Group] = []
    for a, b in groups:
        first = a
        for i in range(a, b):
            if i in ends:
                out.append((first, i))
                first = i + 1
        out.append((first, b))
    return out


def transcript_sentences(t: Transcript) -> list[Group]:
    """The sentence groups of a transcript (the API's own when it was loaded from ``/sentences``)."""
    given = given_groups(t, "sentences")
    if given is not None:
        return given
    texts, starts, ends, speakers = _columns(t)
    groups = sentence_groups(texts, starts, ends, speakers, t.language_code)
    paragraphs = given_groups(t, "paragraphs")
    if paragraphs is not None:  # the API's paragraphs are whole sentences
        groups = _split_at(groups, {b for _, b in paragraphs})
    return groups


def transcript_paragraphs(t: Transcript) -> list[Group]:
    """The paragraph groups of a transcript (the API's own when it was loaded from ``/paragraphs``)."""
    given = given_groups(t, "paragraphs")
    if given is not None:
        return given
    texts, starts, ends, speakers = _columns(t)
    return paragraph_groups(texts, starts, ends, speakers, transcript_sentences(t))


def _whole(value: int | float | None) -> int | float | None:
    """The API writes ``audio_duration`` as a whole number of seconds; the assemblyai SDK
    types it as a float (``237.0``): give it back as the API wrote it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def channel_streams(t: Transcript) -> list[list[int]] | None:
    """For a transcript whose words are on two or more channels (multichannel audio), each
    channel's word indices in time order (a word with no channel goes with the word before
    it); None otherwise. The channels' words interleave in the transcript's time order, and
    where people talk at the same time a sentence must not weave their words together: the
    API gives each sentence and paragraph one ``channel``."""
    channels = [w.channel for w in t.words]
    if len({c for c in channels if c is not None}) < 2:
        return None
    streams: dict[str | None, list[int]] = {}
    current: str | None = next((c for c in channels if c is not None), None)
    for i, c in enumerate(channels):
        current = c if c is not None else current
        streams.setdefault(current, []).append(i)
    return list(streams.values())


def _channel_items(t: Transcript, streams: list[list[int]], cls: type[_Item], paragraphs: bool) -> list[_Item]:
    """Sentences (or paragraphs) of each channel's ``streams`` on its own, merged in time order."""
    items: list[tuple[int, int, _Item]] = []
    for stream in streams:
        words = [t.words[i] for i in stream]
        texts, starts, ends = [w.text for w in words], [w.start for w in words], [w.end for w in words]
        speakers = [w.speaker for w in words]
        groups = sentence_groups(texts, starts, ends, speakers, t.language_code)
        if paragraphs:
            groups = paragraph_groups(texts, starts, ends, speakers, groups)
        items += [(words[a].start, stream[a], _item(cls, words, a, b)) for a, b in groups]
    items.sort(key=lambda item: (item[0], item[1]))
    return [item for _, _, item in items]


def sentences_response(t: Transcript) -> SentencesResponse:
    """The transcript's sentences, shaped like ``GET /v2/transcript/{id}/sentences``
    (multichannel: each channel's sentences, merged by start time; see :func:`channel_streams`)."""
    streams = channel_streams(t) if given_groups(t, "sentences") is None else None
    if streams is not None:
        sentences = _channel_items(t, streams, Sentence, paragraphs=False)
    else:
        sentences = [_item(Sentence, t.words, a, b) for a, b in transcript_sentences(t)]
    return SentencesResponse(
        sentences=sentences,
        id=t.id,
        confidence=t.confidence,
        audio_duration=_whole(t.audio_duration),
    )


def paragraphs_response(t: Transcript) -> ParagraphsResponse:
    """The transcript's paragraphs, shaped like ``GET /v2/transcript/{id}/paragraphs``
    (multichannel: each channel's paragraphs, merged by start time)."""
    streams = channel_streams(t) if given_groups(t, "paragraphs") is None else None
    if streams is not None:
        paragraphs = _channel_items(t, streams, Paragraph, paragraphs=True)
    else:
        paragraphs = [_item(Paragraph, t.words, a, b) for a, b in transcript_paragraphs(t)]
    return ParagraphsResponse(
        paragraphs=paragraphs,
        id=t.id,
        confidence=t.confidence,
        audio_duration=_whole(t.audio_duration),
    )


# ---------------------------------------------------------------- writing without models

# The responses as the JSON writer takes them: field order and keys exactly those that
# response_json writes for a transcript that is not multichannel (no channel anywhere, no
# speaker on a paragraph).


class _JsonWord(msgspec.Struct, gc=False):
    text: str
    start: int
    end: int
    confidence: float | None
    speaker: str | None


class _JsonSentence(msgspec.Struct, gc=False):
    text: str
    start: int
    end: int
    confidence: float | None
    words: list[_JsonWord]
    speaker: str | None


class _JsonParagraph(msgspec.Struct, gc=False):
    text: str
    start: int
    end: int
    confidence: float | None
    words: list[_JsonWord]


class _JsonSentences(msgspec.Struct, gc=False):
    sentences: list[_JsonSentence]
    id: str | None
    confidence: float | None
    audio_duration: int | float | None


class _JsonParagraphs(msgspec.Struct, gc=False):
    paragraphs: list[_JsonParagraph]
    id: str | None
    confidence: float | None
    audio_duration: int | float | None


def _writes_alike(value: object) -> bool:
    """Whether a number is written the same by the JSON writer used here and by pydantic's
    (they differ in the exponent of very large floats only: ``1e16`` and ``1e+16``)."""
    return not isinstance(value, float) or abs(value) < 1e15


def _fast_groups(t: Transcript, key: str) -> list[Group] | None:
    """The groups of ``key`` when the response can be written straight from the word
    columns: the words hold the API's fields only, one channel, no items of the API's own."""
    if not t.words_are_plain() or (t.model_extra or {}).get(key) is not None:
        return None
    if (t.model_extra or {}).get("sentences" if key == "paragraphs" else "paragraphs") is not None:
        return None
    columns = t.word_columns()
    if any(c is not None for c in columns.channels):
        return None
    confidences = set(columns.confidences)
    confidences.discard(None)
    if (
        not all(map(_writes_alike, (t.confidence, t.audio_duration)))
        or not max(map(abs, confidences), default=0) < 1e15
    ):
        return None
    texts, starts, ends, speakers = columns.texts, columns.starts, columns.ends, columns.speakers
    groups = sentence_groups(texts, starts, ends, speakers, t.language_code)
    if key == "paragraphs":
        groups = paragraph_groups(texts, starts, ends, speakers, groups)
    return groups


def items_json(t: Transcript, key: str) -> str:
    """The ``/sentences`` (``key="sentences"``) or ``/paragraphs`` response JSON of ``t``:
    what ``response_json(sentences_response(t))`` writes, written from the word columns
    when it can be (no model per word: a tenth of the time and memory on long transcripts)."""
    groups = _fast_groups(t, key)
    if groups is None:
        response = sentences_response(t) if key == "sentences" else paragraphs_response(t)
        return response_json(response)
    c = t.word_columns()
    texts, starts, ends, confidences, speakers = c.texts, c.starts, c.ends, c.confidences, c.speakers
    with gc_paused():
        words = list(map(_JsonWord, texts, starts, ends, confidences, speakers))
        if key == "sentences":
            items: list[Any] = [
                _JsonSentence(
                    " ".join(texts[a : b + 1]), starts[a], ends[b], confidences[a], words[a : b + 1], speakers[a]
                )
                for a, b in groups
            ]
            doc: Any = _JsonSentences(items, t.id, t.confidence, _whole(t.audio_duration))
        else:
            items = [
                _JsonParagraph(" ".join(texts[a : b + 1]), starts[a], ends[b], confidences[a], words[a : b + 1])
                for a, b in groups
            ]
            doc = _JsonParagraphs(items, t.id, t.confidence, _whole(t.audio_duration))
        encoded = msgspec.json.encode(doc)
        del doc, items, words
        return msgspec.json.format(encoded, indent=2).decode() + "\n"


def item_texts(t: Transcript, key: str) -> list[str]:
    """The texts of the sentences (or paragraphs) of ``t``, as their items hold them."""
    groups = _fast_groups(t, key)
    if groups is None:
        response = sentences_response(t) if key == "sentences" else paragraphs_response(t)
        return [item.text for item in getattr(response, key)]
    texts = t.word_columns().texts
    return [" ".join(texts[a : b + 1]) for a, b in groups]


def response_json(response: SentencesResponse | ParagraphsResponse) -> str:
    """``response`` as the API writes it (2-space indented JSON).

    The keys are the real responses': a sentence has ``speaker`` and a paragraph does not
    (the corpus's ``/paragraphs`` and the API spec's example have none, and the schema
    forbids other keys), and ``channel`` appears on items and words only for multichannel
    transcripts. The models keep every field for library users.
    """
    key = "sentences" if isinstance(response, SentencesResponse) else "paragraphs"
    items = getattr(response, key)
    multichannel = any(w.channel is not None for item in items for w in item.words)
    drop: dict[str, Any] = {}
    if key == "paragraphs":
        drop |= {"speaker": True, "channel": True}
    if not multichannel:
        drop |= {"channel": True, "words": {"__all__": {"channel": True}}}
    exclude = {key: {"__all__": drop}} if drop else None
    return response.model_dump_json(indent=2, exclude=exclude) + "\n"
