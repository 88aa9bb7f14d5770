"""Which transcript words each cue shows: the one cue-to-word aligner of :mod:`captionkit.qa`.

:func:`align` returns the (first, last) word index of each cue and what did not match. It
has two modes, because its two callers ask different questions:

- ``exact=True`` (the API's invariants, :mod:`captionkit.qa.invariants`): a cue's lines,
  joined by single spaces, must be the next whole words joined by single spaces. The first
  cue that is not ends the alignment (it and the cues after it get None), with one
  problem; words after the last cue are one problem too.
- ``exact=False`` (the lint's completeness and sync rules, :mod:`captionkit.qa.rules`):
  captions from any tool. Text and words are compared character by character without
  white space (so CJK text, which has no spaces, aligns too), skipping a speaker label and
  a dialogue dash at the start of a line when the transcript does not have them. When that
  fails, a word-level diff (case, punctuation and apostrophes ignored) aligns what it can
  and names every run of missing and extra words.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import regex

from captionkit.model.cue import Cue
from captionkit.model.transcript import Word
from captionkit.qa.cuetext import DASH, content, is_dialogue
from captionkit.text.width import strip_ignorable

Span = tuple[int, int]


@dataclass(frozen=True)
class Mismatch:
    """Transcript words in no cue (``missing``), cue text that is not the next words
    (``extra``), or, exactly, the cue where the words stop matching (``mismatch``)."""

    kind: str
    cue: int  # 1-based: the cue where it shows (or would)
    count: int  # words (missing) or tokens (extra)
    message: str


def align(
    cues: Sequence[Cue], words: Sequence[Word] | Sequence[str], *, exact: bool
) -> tuple[list[Span | None], list[Mismatch]]:
    """The (first, last) word of each cue (None for a cue that shows no word or, when
    ``exact``, for the cues from the first mismatch on), and what did not match; ``words``
    may be their texts only. See the module docstring for the two modes."""
    texts = [w if isinstance(w, str) else w.text for w in words]
    if exact:
        return _exact(cues, texts)
    spans = _by_characters(cues, texts)
    return (spans, []) if spans is not None else _by_words(cues, texts)


def _exact(cues: Sequence[Cue], texts: Sequence[str]) -> tuple[list[Span | None], list[Mismatch]]:
    """Match each cue's text to a run of consecutive whole words; None after a mismatch."""
    spans: list[Span | None] = []
    problems: list[Mismatch] = []
    k = 0
    for n, cue in enumerate(cues, 1):
        text = " ".join(cue.lines)
        if k >= len(texts):
            problems.append(Mismatch("extra", n, 1, f"cue {n} ({text[:40]!r}) comes after the last word"))
            break
        acc = texts[k]
        j = k
        while len(acc) < len(text) and j + 1 < len(texts) and text.startswith(acc + " "):
            j += 1
            acc = acc + " " + texts[j]
        if acc != text:
            message = f"cue {n} text {text[:40]!r} does not match the words from word {k} ({acc[:40]!r})"
            problems.append(Mismatch("mismatch", n, 1, message))
            break
        spans.append((k, j))
        k = j + 1
    else:
        if k < len(texts):
            message = f"words {k}..{len(texts) - 1} ({texts[k]!r}...) are in no cue"
            problems.append(Mismatch("missing", len(cues), len(texts) - k, message))
    spans.extend([None] * (len(cues) - len(spans)))
    return spans, problems


def _line_options(cue: Cue, k: int, dialogue: bool) -> tuple[str, list[str]]:
    """Line ``k`` as shown, and the texts it may stand for, in the order tried: without
    its speaker label first, then as it is; a leading dash dropped first in a dialogue
    cue, kept first otherwise."""
    text = strip_ignorable(cue.lines[k])
    body = content(cue, k)  # without its speaker label
    options: list[str] = []
    for base in (body, text) if body != text else (text,):
        m = DASH.match(base)
        if not m:
            options.append(base)
        else:
            options += [base[m.end() :], base] if dialogue else [base, base[m.end() :]]
    return text, options


def _by_characters(cues: Sequence[Cue], texts: Sequence[str]) -> list[Span | None] | None:
    """The spans when every line is the next characters of the words (white space
    ignored) and every character is shown, else None."""
    stream: list[tuple[str, int]] = []
    for index, word in enumerate(texts):
        for ch in strip_ignorable(word):
            if not ch.isspace():
                stream.append((ch, index))
    spans: list[Span | None] = []
    pos = 0
    for cue in cues:
        first = last = None
        dialogue = is_dialogue(cue)
        for k in range(len(cue.lines)):
            text, options = _line_options(cue, k, dialogue)
            chars = None
            for option in options:
                candidate = "".join(ch for ch in option if not ch.isspace())
                if not candidate and option is not text:
                    continue  # a line that is only a dash: the dash is a word
                if _stream_has(stream, pos, candidate):
                    if _word_ends_at(stream, pos + len(candidate)):
                        chars = candidate
                        break
                    chars = chars or candidate  # only if no option ends with a whole word
            if chars is None:
                return None
            for _ in chars:
                owner = stream[pos][1]
                first = owner if first is None else first
                last = owner
                pos += 1
        spans.append((first, last) if first is not None and last is not None else None)
    return spans if pos == len(stream) else None


def _stream_has(stream: Sequence[tuple[str, int]], pos: int, chars: str) -> bool:
    return all(pos + k < len(stream) and stream[pos + k][0] == ch for k, ch in enumerate(chars))


def _word_ends_at(stream: Sequence[tuple[str, int]], pos: int) -> bool:
    """True when the characters before ``pos`` end a word (a line shows whole words)."""
    return pos == 0 or pos >= len(stream) or stream[pos - 1][1] != stream[pos][1]


def _by_words(cues: Sequence[Cue], texts: Sequence[str]) -> tuple[list[Span | None], list[Mismatch]]:
    """A word-level diff of the transcript's tokens and the cues' (labels and dashes off)."""
    word_tokens: list[str] = []
    owner: list[int] = []
    for index, word in enumerate(texts):
        for token in strip_ignorable(word).split():
            word_tokens.append(token)
            owner.append(index)
    cue_tokens: list[str] = []
    cue_of: list[int] = []
    for n, cue in enumerate(cues):
        for k in range(len(cue.lines)):
            text = content(cue, k)
            m = DASH.match(text)
            if m:
                text = text[m.end() :]
            for token in text.split():
                cue_tokens.append(token)
                cue_of.append(n)
    # words match whatever their case, punctuation and apostrophes (we're, we\u2019re, were):
    # captions from other tools and editors often differ only there
    matcher = difflib.SequenceMatcher(
        None, [_word_key(t) for t in word_tokens], [_word_key(t) for t in cue_tokens], autojunk=False
    )
    spans: list[list[int] | None] = [None] * len(cues)
    problems: list[Mismatch] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                n = cue_of[j]
                span = spans[n]
                if span is None:
                    spans[n] = [owner[i], owner[i]]
                else:
                    span[1] = owner[i]
            continue
        if i2 > i1:
            near = cue_of[j1] + 1 if j1 < len(cue_of) else len(cues)
            shown = " ".join(word_tokens[i1:i2])
            which = (
                f"word {owner[i1] + 1}" if owner[i1] == owner[i2 - 1] else f"words {owner[i1] + 1}..{owner[i2 - 1] + 1}"
            )
            verb = "is" if i2 - i1 == 1 else "are"
            problems.append(
                Mismatch("missing", near, i2 - i1, f"{which} of the transcript ({shown[:60]!r}) {verb} in no cue")
            )
        if j2 > j1:
            shown = " ".join(cue_tokens[j1:j2])
            problems.append(
                Mismatch("extra", cue_of[j1] + 1, j2 - j1, f"shows {shown[:60]!r}, not the transcript's next words")
            )
    return [tuple(s) if s is not None else None for s in spans], problems  # type: ignore[misc]


_NOT_WORD = regex.compile(r"[\p{P}\p{S}]+")


def _word_key(token: str) -> str:
    """A token as the completeness check compares it: case folded, punctuation and symbols
    removed (a token that is only punctuation stays as it is)."""
    return _NOT_WORD.sub("", token.casefold()) or token
