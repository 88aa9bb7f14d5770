"""Cues by speaker turn, on the API-compatible path: speaker-labelled and translated captions.

:func:`speaker_cues` splits each speaker turn on its own (:func:`captionkit.segment.api.api_groups`),
so a cue never mixes speakers; an SRT label's code points are taken out of
``chars_per_caption`` (:func:`captionkit.text.width.cap_after_label`). :func:`translated_cues`
cuts each utterance's translated text into pieces (:func:`greedy_pieces`: a translation has
no word times) and shares the utterance's time among them
(:func:`captionkit.segment.timing.share_time`). Who speaks which word, and the speaker
text exports, are :mod:`captionkit.documents.speakers`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from captionkit.documents.speakers import (
    NO_SPEAKERS,
    NoSpeakersError,
    check_names,
    is_channel_keyed,
    label,
    runs,
    translated,
    turns,
    word_speakers,
)
from captionkit.errors import TranscriptError
from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript
from captionkit.segment.api import API_TIME_LIMIT_MS, api_groups, check_chars_per_caption
from captionkit.segment.timing import cues_from_groups, share_time
from captionkit.text.width import cap_after_label, code_points


def speaker_cues(
    t: Transcript,
    chars_per_caption: int | None = None,
    *,
    label_format: str | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Cue]:
    """API-profile cues that never mix speakers: a new cue at every change of speaker.

    Each cue's ``speakers`` holds the display name (``Speaker A``, or from ``names``).
    ``label_format`` is the SRT label put before the text (``"[{speaker}] "``): its length
    counts within ``chars_per_caption``. WebVTT voice spans are not counted: pass None.
    """
    chars_per_caption = check_chars_per_caption(chars_per_caption)
    check_names(names)
    keys = word_speakers(t)
    if all(k is None for k in keys):
        raise NoSpeakersError(NO_SPEAKERS, path="$.words[*].speaker")
    channel_keyed = is_channel_keyed(t)
    words = t.words
    texts = [w.text for w in words]
    starts = [w.start for w in words]
    ends = [w.end for w in words]
    groups: list[tuple[int, int]] = []
    display: list[str | None] = [None] * len(words)
    for a, b in runs(keys):
        name = label(keys[a], channel=channel_keyed, names=names) if keys[a] is not None else None
        cap = cap_after_label(chars_per_caption, label_format, name)
        for i in range(a, b + 1):
            display[i] = name
        groups.extend(
            (a + g0, a + g1) for g0, g1 in api_groups(texts[a : b + 1], starts[a : b + 1], ends[a : b + 1], cap)
        )
    return cues_from_groups(texts, starts, ends, groups, speakers=display)


def translated_cues(
    t: Transcript,
    language: str,
    chars_per_caption: int | None = None,
    *,
    label_format: str | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Cue]:
    """Cues of the utterances' ``translated_texts[language]``, timed by the utterance.

    A translation has no word times, so each utterance's translated text is cut into pieces
    (greedily by ``chars_per_caption``, or without a cap into pieces of at most the API
    profile's time limit) and the utterance's time is shared among the pieces in proportion
    to their characters; pieces of one utterance touch.
    """
    chars_per_caption = check_chars_per_caption(chars_per_caption)
    check_names(names)
    if not t.utterances:
        raise TranscriptError(
            "translated texts live on utterances and this transcript has none (transcribe with "
            "speaker_labels and translation to get them)",
            path="$.utterances",
        )
    channel_keyed = is_channel_keyed(t)
    cues: list[Cue] = []
    prev_end = 0
    for turn in turns(t):
        tokens = translated(turn, language).split()
        if not tokens:
            continue
        name = label(turn.key, channel=channel_keyed, names=names) if turn.key is not None else None
        cap = cap_after_label(chars_per_caption, label_format, name)
        if cap is None:
            pieces_wanted = max(1, math.ceil((turn.end - turn.start) / API_TIME_LIMIT_MS))
            cap = max(1, math.ceil(code_points(" ".join(tokens)) / pieces_wanted))
        pieces = greedy_pieces(tokens, cap)
        for piece, (start, end) in zip(pieces, share_time(turn.start, turn.end, pieces, prev_end), strict=True):
            cues.append(Cue(start=start, end=end, lines=(piece,), speakers=(name,)))
            prev_end = end
    if not cues:
        raise TranscriptError(
            f"every utterance's {language!r} translation is empty: there is no text to caption",
            path=f"$.utterances[*].translated_texts.{language}",
        )
    return cues


def greedy_pieces(tokens: Sequence[str], cap: int) -> list[str]:
    """``tokens`` joined by single spaces into pieces of at most ``cap`` code points, greedily
    (a token longer than the cap is a piece of its own)."""
    pieces: list[str] = []
    current = ""
    for token in tokens:
        if current and code_points(current) + 1 + code_points(token) > cap:
            pieces.append(current)
            current = token
        else:
            current = f"{current} {token}" if current else token
    pieces.append(current)
    return pieces
