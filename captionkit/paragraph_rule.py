"""Paragraphs as ``GET /v2/transcript/{id}/paragraphs`` groups the API's sentences.

Fitted rule (``benchmarks/paragraph_fit.py``): walking the sentences in order, a paragraph is
closed after :data:`MAX_SENTENCES` sentences, or before a silence of at least
:data:`PAUSE_MS` between the last word of one sentence and the first word of the next. The
count starts again with every paragraph. Nothing else matters: a change of speaker is not a
boundary (API paragraphs hold two or more speakers: paragraph 23 of the Cohort 1 meeting 5
below holds speakers B, C and A), nor is a question, nor what the next sentence starts with.

Data: the API's own ``/sentences`` and ``/paragraphs`` of three meetings from three series of
the public ActiveInferenceJournal archive, taken from its ``*.sentences.csv`` and
``*.paragraphs.csv`` tables (sentence-level, no word tables): TextbookGroup Cohort 1 meeting 5
(its first 325 sentences, 79 paragraphs), Livestream 051.2 (first 112 sentences, 28
paragraphs) and 2023 Ecosystem Symposium session 1-07 (first 154 sentences, 33 paragraphs):
591 sentences, 140 paragraphs. The fit is a grid search over the sentence cap (1-10) and the
pause (500-5000 ms in steps of 100 ms) for the best mean paragraph-end F1, ties broken by the
middle of the best run of pauses. On every meeting the rule reproduces the API's paragraphs
exactly: in-sample and leave-one-meeting-out boundary F1 1.000 on each of the three, mean and
minimum 1.000 (captionkit's previous rule, 5 sentences or a 3 s pause: 0.745, 0.836 and 1.000,
mean 0.860). A speaker change, a question or a next sentence starting with "So" as extra
reasons to break each lower the mean F1 to 0.48-0.60. The pause is only bracketed by the
data: the longest silence inside an API paragraph was 1.97 s and the shortest one before a
new paragraph that the cap did not force was 2.07 s; 2 s is the round value between them.

Standard library only; one pass over the sentences (linear time).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MAX_SENTENCES", "PAUSE_MS", "paragraph_groups"]

Group = tuple[int, int]

#: A paragraph is closed after this many sentences.
MAX_SENTENCES = 5
#: A silence of at least this many milliseconds before a sentence starts a new paragraph.
PAUSE_MS = 2000


def paragraph_groups(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    speakers: Sequence[str | None] | None,
    sentences: Sequence[Group],
    *,
    max_sentences: int = MAX_SENTENCES,
    pause_ms: int = PAUSE_MS,
) -> list[Group]:
    """Join consecutive sentences into paragraphs: ``(first, last)`` word indices, inclusive.

    ``sentences`` are ``(first, last)`` word index pairs covering the words in order (as
    :func:`captionkit.sentences.sentence_groups` returns them). Every sentence lands in
    exactly one paragraph. ``texts`` and ``speakers`` are accepted for the common contract of
    the segmenters; the fitted rule does not use them.
    """
    del texts, speakers  # not features of the fitted rule (see the module docstring)
    if max_sentences < 1:
        raise ValueError(f"max_sentences must be at least 1, got {max_sentences}")
    groups: list[Group] = []
    count = 0
    first = 0
    last_index = len(sentences) - 1
    for k, (a, b) in enumerate(sentences):
        if count == 0:
            first = a
        count += 1
        if k == last_index or count >= max_sentences or starts[sentences[k + 1][0]] - ends[b] >= pause_ms:
            groups.append((first, b))
            count = 0
    return groups
