"""Speakers: who said which word, speaker turns, labels and speaker-labelled text.

Where the speaker of a word comes from, in order:

1. the word's own ``speaker`` (transcripts made with ``speaker_labels``);
2. the utterance the word belongs to (when words carry no speaker but ``utterances`` do);
3. the word's ``channel`` (multichannel transcripts without speaker labels): labelled
   ``Channel 1``, ``Channel 2``...

In a transcript that has speakers, a word (or utterance) with none of these takes the
speaker of the one before it (at the start: the first one after it); it is never shown as a
speaker of its own.

A transcript with none of these has no speaker information: asking for speaker-labelled
output raises :class:`NoSpeakersError` (never "Speaker None"). Its ``text`` export is one line
per paragraph instead (:func:`paragraph_text`, chosen by :func:`captionkit.pipeline.text`).
"""

from __future__ import annotations

import string
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from captionkit.errors import TranscriptError
from captionkit.model.transcript import Transcript, Word


class NoSpeakersError(TranscriptError):
    """The transcript carries no speaker or channel information."""


NO_SPEAKERS = (
    "the transcript was made without speaker labels (no speaker on its words or utterances and no "
    "channel): there is nothing to label. Transcribe with speaker_labels=true (or multichannel) to get "
    "speakers; for unlabelled text use `captionkit paragraphs --text` or `captionkit srt` without --speaker-labels"
)


@dataclass(frozen=True)
class Turn:
    """One speaker turn: an utterance, or a run of consecutive words with one speaker."""

    speaker: str | None
    channel: str | None
    start: int
    end: int
    text: str
    confidence: float | None
    #: indices in the transcript's ``words`` of the turn's first and last word (on
    #: multichannel audio, words of the other channel may fall between them)
    first_word: int
    last_word: int
    translated_texts: Mapping[str, str] | None = None

    @property
    def key(self) -> str | None:
        """The speaker if known, else the channel (the label's source)."""
        return self.speaker if self.speaker is not None else self.channel


def label(key: str | None, *, channel: bool = False, names: Mapping[str, str] | None = None) -> str:
    """The display name of a speaker (``Speaker A``) or channel (``Channel 1``).

    ``names`` maps the API's speaker letters (or channel numbers) to names (``A`` -> ``Alice``).
    """
    if key is None:
        raise ValueError("no speaker")
    if names and key in names:
        return names[key]
    return f"Channel {key}" if channel else f"Speaker {key}"


def word_speakers(t: Transcript, channel_fallback: bool = True) -> list[str | None]:
    """The speaker (or channel) key of every word, in order (see the module docstring).

    On multichannel audio a channel none of whose words or utterances has a speaker is keyed
    by its channel number (as ``text`` labels its utterances), unless ``channel_fallback`` is
    False (then its words keep None)."""
    columns = t.word_columns()
    channels = columns.channels
    keys: list[str | None] = []
    if any(s is not None for s in columns.speakers):
        keys = fill_missing(list(columns.speakers), channels)
    elif any(u.speaker is not None for u in t.utterance_heads() or ()):
        keys = [None] * len(columns)
        for u, indices in zip(t.utterances, utterance_word_indices(t), strict=True):
            for i in indices:
                if i is not None:
                    keys[i] = u.speaker
        keys = fill_missing(keys, channels) if any(key is not None for key in keys) else []
    if not keys:
        return fill_missing(list(channels))
    if channel_fallback and None in keys:
        keys = [key if key is not None else channel for key, channel in zip(keys, channels, strict=True)]
    return keys


def fill_missing(keys: list[str | None], channels: Sequence[str | None] | None = None) -> list[str | None]:
    """``keys`` with each None replaced by the key before it (leading ones: the first key);
    all None stays all None (no speakers).

    With ``channels`` (each key's audio channel) on multichannel audio, a key is filled from
    its own channel's keys only: the word before it in time may be another person's, on
    another channel. A channel with no key at all stays None."""
    first = next((k for k in keys if k is not None), None)
    if first is None or all(k is not None for k in keys):
        return keys
    if channels is not None and len({c for c in channels if c is not None}) >= 2:
        streams: dict[str | None, list[int]] = defaultdict(list)
        for i, c in enumerate(channels):
            streams[c].append(i)
        filled: list[str | None] = [None] * len(keys)
        for indices in streams.values():
            for i, key in zip(indices, fill_missing([keys[i] for i in indices]), strict=True):
                filled[i] = key
        return filled
    out: list[str | None] = []
    last = first
    for key in keys:
        if key is not None:
            last = key
        out.append(last)
    return out


def utterance_word_indices(t: Transcript) -> list[list[int | None]]:
    """For each utterance, the index in ``t.words`` of each of its words (None for a word
    the transcript does not have).

    An utterance's words are copies of the transcript's words. On multichannel audio the
    utterances of two channels overlap in time, so their words interleave in ``t.words``:
    each word is found by what it is (start, end, text, channel), not by its position.
    """
    where: dict[tuple[int, int, str, str | None], deque[int]] = defaultdict(deque)
    for i, w in enumerate(t.words):
        where[(w.start, w.end, w.text, w.channel)].append(i)
    out: list[list[int | None]] = []
    for u in t.utterances or ():
        found: list[int | None] = []
        for uw in u.words:
            queue = where.get((uw.start, uw.end, uw.text, uw.channel))
            found.append(queue.popleft() if queue else None)
        out.append(found)
    return out


def has_speakers(t: Transcript) -> bool:
    """True when some word has a speaker key (:func:`word_speakers`): a speaker label on a
    word or an utterance, or an audio channel."""
    columns = t.word_columns()
    if any(s is not None for s in columns.speakers) or any(c is not None for c in columns.channels):
        return True
    heads = t.utterance_heads()
    if not heads or all(u.speaker is None for u in heads):
        return False
    return any(key is not None for key in word_speakers(t))  # labels on utterances only


def is_channel_keyed(t: Transcript) -> bool:
    """True when the speaker keys are channels (no speaker labels on words or utterances)."""
    heads = t.utterance_heads()
    return not any(s is not None for s in t.word_columns().speakers) and not (
        heads and any(u.speaker is not None for u in heads)
    )


def runs(keys: Sequence[str | None]) -> list[tuple[int, int]]:
    """(first, last) word indices of each run of consecutive equal keys."""
    out: list[tuple[int, int]] = []
    first = 0
    for i in range(1, len(keys)):
        if keys[i] != keys[i - 1]:
            out.append((first, i - 1))
            first = i
    if keys:
        out.append((first, len(keys) - 1))
    return out


def turns(t: Transcript) -> list[Turn]:
    """Speaker turns: the transcript's ``utterances`` when present, else runs of words with
    the same speaker (or channel). Raises :class:`NoSpeakersError` without speaker data."""
    if not has_speakers(t):
        raise NoSpeakersError(NO_SPEAKERS, path="$.words[*].speaker")
    words = t.words
    if t.utterances and any(u.speaker is not None or u.channel is not None for u in t.utterances):
        out = []
        k = 0
        for u, indices in zip(t.utterances, utterance_word_indices(t), strict=True):
            found = [i for i in indices if i is not None]
            first, last = (min(found), max(found)) if found else (k, k)
            k = last + 1 if found else k
            speaker = u.speaker
            if speaker is None and u.channel is None:  # takes the speaker of the turn before
                speaker = out[-1].key if out else next((v.speaker for v in t.utterances if v.speaker), None)
            out.append(
                Turn(
                    speaker,
                    u.channel,
                    u.start,
                    u.end,
                    u.text,
                    u.confidence,
                    first,
                    last,
                    u.translated_texts,
                )
            )
        return out
    keys = word_speakers(t)
    return [_turn_from_words(words, keys[a], a, b) for a, b in runs(keys)]


class TurnHead(NamedTuple):
    """A turn's own fields, without where its words are (what speaker text reads)."""

    speaker: str | None
    channel: str | None
    start: int
    end: int
    text: str
    confidence: float | None
    translated_texts: Mapping[str, str] | None = None

    @property
    def key(self) -> str | None:
        return self.speaker if self.speaker is not None else self.channel


def turn_heads(t: Transcript) -> list[TurnHead]:
    """The fields of :func:`turns` without each turn's word indices, read from the word
    columns and the utterances' own fields (no word model is built). Raises
    :class:`NoSpeakersError` without speaker data."""
    if not has_speakers(t):
        raise NoSpeakersError(NO_SPEAKERS, path="$.words[*].speaker")
    heads = t.utterance_heads()
    if heads and any(u.speaker is not None or u.channel is not None for u in heads):
        out: list[TurnHead] = []
        for u in heads:
            speaker = u.speaker
            if speaker is None and u.channel is None:  # takes the speaker of the turn before
                speaker = out[-1].key if out else next((v.speaker for v in heads if v.speaker), None)
            out.append(TurnHead(speaker, u.channel, u.start, u.end, u.text, u.confidence, u.translated_texts))
        return out
    keys = word_speakers(t)
    c = t.word_columns()
    texts, starts, ends, confidences, speakers, channels = (
        c.texts,
        c.starts,
        c.ends,
        c.confidences,
        c.speakers,
        c.channels,
    )
    out = []
    for a, b in runs(keys):
        known = [x for x in confidences[a : b + 1] if x is not None]
        channel = channels[a]
        speaker = speakers[a]
        if speaker is None and keys[a] != channel:  # a word without a speaker, in another's turn
            speaker = keys[a]
        out.append(
            TurnHead(
                speaker,
                channel,
                starts[a],
                ends[b],
                " ".join(texts[a : b + 1]),
                sum(known) / len(known) if known else None,
            )
        )
    return out


def _turn_from_words(words: Sequence[Word], key: str | None, a: int, b: int) -> Turn:
    span = words[a : b + 1]
    confidences = [w.confidence for w in span if w.confidence is not None]
    channel = span[0].channel
    speaker = span[0].speaker
    if speaker is None and key != channel:  # a word without a speaker, in another's turn
        speaker = key
    return Turn(
        speaker=speaker,
        channel=channel,
        start=span[0].start,
        end=span[-1].end,
        text=" ".join(w.text for w in span),
        confidence=sum(confidences) / len(confidences) if confidences else None,
        first_word=a,
        last_word=b,
    )


# ------------------------------------------------------------------ speaker-labelled text

TIMECODES = ("hms", "hms.ms", "seconds", "ms")
TEMPLATE_FIELDS = ("speaker", "start", "end", "text", "confidence", "channel")
DEFAULT_TEMPLATE = "[{speaker}] {start} -> {text}"
#: the default template without its speaker part: a transcript without speakers, by paragraph
PARAGRAPH_TEMPLATE = "{start} -> {text}"


def timecode(ms: int, style: str = "hms") -> str:
    """``ms`` as ``HH:MM:SS`` (hms), ``HH:MM:SS.mmm`` (hms.ms), seconds (``62.345``) or ms."""
    if style == "ms":
        return str(ms)
    if style == "seconds":
        return f"{ms / 1000:.3f}"
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if style == "hms":
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if style == "hms.ms":
        return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
    raise ValueError(f"unknown timecode style {style!r}; choose one of {', '.join(TIMECODES)}")


def check_template(template: str) -> None:
    """Raise ValueError naming any field of ``template`` that is not a known field, or a
    format spec the fields (all text, already formatted) do not take."""
    if not isinstance(template, str):
        raise TypeError(f"the template must be a str, got {type(template).__name__}")
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:
        raise ValueError(f"bad template {template!r}: {exc}") from None
    for field in fields:
        if field not in TEMPLATE_FIELDS:
            raise ValueError(
                f"unknown template field {{{field}}}; the fields are " + ", ".join(f"{{{f}}}" for f in TEMPLATE_FIELDS)
            )
    try:
        template.format(**dict.fromkeys(TEMPLATE_FIELDS, "x"))
    except ValueError as exc:
        raise ValueError(
            f"bad template {template!r}: {exc}; every field is text, already formatted "
            "(times by --timecode, confidence to 4 decimals): use text specs such as {speaker:>12}"
        ) from None


def template_fields(template: str) -> set[str]:
    """The names of the fields ``template`` uses, those inside format specs too
    (``{text:{speaker}>9}``); ValueError when it is not a format string."""
    fields: set[str] = set()
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None:
            fields.add(name)
        if spec:
            fields |= template_fields(spec)
    return fields


def speaker_text(
    t: Transcript,
    template: str = DEFAULT_TEMPLATE,
    timecode_style: str = "hms",
    names: Mapping[str, str] | None = None,
    language: str | None = None,
) -> str:
    """One line per speaker turn, formatted by ``template`` (default ``[Speaker A] 00:01:02 -> text``).

    ``language`` renders the utterance's ``translated_texts[language]`` instead of its text.
    """
    check_template(template)
    check_names(names)
    timecode(0, timecode_style)  # validates the style
    channel_keyed = is_channel_keyed(t)
    lines = []
    for turn in turn_heads(t):
        text = turn.text if language is None else translated(turn, language)
        lines.append(
            template.format(
                speaker=label(turn.key, channel=channel_keyed, names=names),
                start=timecode(turn.start, timecode_style),
                end=timecode(turn.end, timecode_style),
                text=text,
                confidence="" if turn.confidence is None else f"{turn.confidence:.4f}",
                channel="" if turn.channel is None else turn.channel,
            )
        )
    return "".join(line + "\n" for line in lines)


def paragraph_text(t: Transcript, template: str = PARAGRAPH_TEMPLATE, timecode_style: str = "hms") -> str:
    """One line per paragraph (:meth:`Transcript.paragraphs_response`), formatted by
    ``template`` (default ``00:01:02 -> text``): the text of a transcript without speakers.
    ``{speaker}`` is refused (:class:`NoSpeakersError`: there is none); ``{channel}`` is the
    paragraph's channel, empty without one."""
    check_template(template)
    timecode(0, timecode_style)  # validates the style
    if "speaker" in template_fields(template):
        raise NoSpeakersError(NO_SPEAKERS, path="$.words[*].speaker")
    lines = []
    from captionkit.documents.sentences import paragraphs_response

    for p in paragraphs_response(t).paragraphs:
        lines.append(
            template.format(
                start=timecode(p.start, timecode_style),
                end=timecode(p.end, timecode_style),
                text=p.text,
                confidence="" if p.confidence is None else f"{p.confidence:.4f}",
                channel="" if p.channel is None else p.channel,
            )
        )
    return "".join(line + "\n" for line in lines)


def translated(turn: Turn | TurnHead, language: str) -> str:
    """The turn's text in ``language`` (from the utterance's ``translated_texts``)."""
    texts = turn.translated_texts or {}
    if language not in texts:
        known = ", ".join(sorted(texts)) or "none"
        raise TranscriptError(
            f"no {language!r} translation for the utterance at {timecode(turn.start, 'hms.ms')} "
            f"(translations present: {known})",
            path="$.utterances[*].translated_texts",
        )
    return " ".join(texts[language].split())


def parse_names(spec: str) -> dict[str, str]:
    """``A=Alice,B=Bob`` -> ``{"A": "Alice", "B": "Bob"}``; ValueError on a malformed pair.

    A comma inside a name is written ``\\,`` (``A=Smith\\, Jane``), ``\\\\`` is one
    backslash, and any other backslash is kept as it is.
    """
    pairs: list[str] = []
    piece: list[str] = []
    chars = iter(spec)
    for c in chars:
        if c == "\\":
            escaped = next(chars, "")
            piece.append(escaped if escaped in (",", "\\") else c + escaped)
        elif c == ",":
            pairs.append("".join(piece))
            piece = []
        else:
            piece.append(c)
    pairs.append("".join(piece))
    names: dict[str, str] = {}
    for pair in pairs:
        if not pair.strip():
            continue
        key, sep, name = pair.partition("=")
        if not sep or not key.strip() or not name.strip():
            raise ValueError(
                f"expected SPEAKER=NAME pairs separated by commas (a comma inside a name is \\,), got {pair.strip()!r}"
            )
        if key.strip() in names:
            raise ValueError(f"speaker {key.strip()!r} is named twice")
        names[key.strip()] = name.strip()
    check_names(names)
    return names


def check_names(names: Mapping[str, str] | None) -> None:
    """TypeError/ValueError unless ``names`` maps speaker keys to display names that are
    text on one line without control characters (a name is shown inside a caption line, a
    label or a voice tag)."""
    if names is None:
        return
    if not isinstance(names, Mapping):
        raise TypeError(f"speaker names must be a mapping such as {{'A': 'Alice'}}, got {type(names).__name__}")
    for key, name in names.items():
        if not isinstance(key, str) or not isinstance(name, str):
            raise TypeError(f"speaker names map text to text, got {key!r}: {name!r}")
        if not name.strip():
            raise ValueError(f"the name for speaker {key!r} is blank")
        if any(c in name for c in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
            raise ValueError(f"the name for speaker {key!r} must not contain a line break: {name!r}")
        control = next((c for c in name if c < "\x20" or "\x7f" <= c < "\xa0"), None)
        if control is not None:
            raise ValueError(
                f"the name for speaker {key!r} must not contain a control character (U+{ord(control):04X}): {name!r}"
            )
