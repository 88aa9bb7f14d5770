"""Every export captionkit renders, by name: the registry the CLI and batch rendering use.

An export turns a :class:`~captionkit.model.transcript.Transcript` and :class:`ExportOptions` into
text; :meth:`Export.suffix` is the file name ending batch rendering gives it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from captionkit.documents.sentences import item_texts, items_json
from captionkit.documents.speakers import (
    DEFAULT_TEMPLATE,
    NO_SPEAKERS,
    PARAGRAPH_TEMPLATE,
    NoSpeakersError,
    check_names,
    fill_missing,
    has_speakers,
    is_channel_keyed,
    label,
    paragraph_text,
    speaker_text,
    word_speakers,
)
from captionkit.formats import WRITERS, table
from captionkit.formats.base import DEFAULT_LABEL
from captionkit.inputs import Source, load
from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript
from captionkit.profiles import Profile, as_profile
from captionkit.segment.api import check_chars_per_caption
from captionkit.segment.turns import speaker_cues, translated_cues


@dataclass(frozen=True)
class ExportOptions:
    """Options shared by the exports (each export reads the ones it knows)."""

    chars_per_caption: int | None = None
    #: captions: a new cue at every speaker change, speaker shown (SRT label, VTT voice)
    speaker_labels: bool = False
    #: SRT speaker label before the text; its length counts within chars_per_caption
    label_format: str = DEFAULT_LABEL
    #: speaker letter (or channel) -> display name, e.g. {"A": "Alice"}
    speaker_names: Mapping[str, str] = field(default_factory=dict)
    #: render utterances' translated_texts[language] instead of the words
    language: str | None = None
    #: words: csv, tsv or json; times in seconds instead of ms; a CSV/TSV text cell that a
    #: spreadsheet would run as a formula gets a leading ' (False: cells exactly as they are)
    word_format: str = "csv"
    seconds: bool = False
    escape_formulas: bool = True
    #: text: line template and timecode style
    template: str = DEFAULT_TEMPLATE
    timecode: str = "hms"
    #: sentences/paragraphs: plain texts instead of the API's JSON
    plain_text: bool = False
    #: captions: a broadcast profile (captionkit.profiles, or its name); None (or "api") is
    #: the API-compatible profile
    profile: Profile | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "chars_per_caption", check_chars_per_caption(self.chars_per_caption))
        object.__setattr__(self, "profile", as_profile(self.profile))
        check_names(self.speaker_names)


@dataclass(frozen=True)
class Export:
    name: str
    #: the file name ending, or a function of the options giving it
    extension: str | Callable[[ExportOptions], str]
    render: Callable[[Transcript, ExportOptions], str]
    help: str = ""

    def suffix(self, options: ExportOptions) -> str:
        """The file name ending of this export with ``options`` (``.srt``, ``.words.csv``...)."""
        return self.extension(options) if callable(self.extension) else self.extension


def check_caption_options(options: ExportOptions) -> None:
    """ValueError when the SRT label format is not a template of ``{speaker}``, or when
    options that only the api profile takes come with a broadcast profile."""
    check_label_format(options.label_format)
    if options.profile is None:
        return
    used = [
        flag
        for flag, value in (("--chars-per-caption", options.chars_per_caption), ("--language", options.language))
        if value is not None
    ]
    if used:
        raise ValueError(
            f"{' and '.join(used)} work{'s' if len(used) == 1 else ''} with the api profile only; "
            f"--profile {options.profile.name} lays out the words itself (use --max-chars-per-line)"
        )


def check_label_format(label_format: str) -> None:
    """ValueError unless ``label_format`` formats with ``{speaker}`` alone (``"[{speaker}] "``)."""
    try:
        label = label_format.format(speaker="Speaker A")
    except (KeyError, IndexError, ValueError, AttributeError) as exc:
        reason = f"unknown field {{{exc.args[0]}}}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
        raise ValueError(
            f"bad label format {label_format!r} ({reason}): the only field is {{speaker}}, e.g. '[{{speaker}}] '"
        ) from None
    if "\n" in label or "\r" in label:
        raise ValueError(f"bad label format {label_format!r}: a label must not contain a line break")


def caption_cues(transcript: Transcript, options: ExportOptions, fmt: str) -> list[Cue]:
    """The cues of an SRT/VTT export with ``options`` (speaker labels and translations)."""
    label_format = options.label_format if fmt == "srt" else None
    check_caption_options(options)
    if options.profile is not None:
        return profile_cues(transcript, options.profile, options.speaker_labels, label_format, options.speaker_names)
    if options.language is not None:
        return translated_cues(
            transcript,
            options.language,
            options.chars_per_caption,
            label_format=label_format,
            names=options.speaker_names,
        )
    if options.speaker_labels:
        return speaker_cues(
            transcript, options.chars_per_caption, label_format=label_format, names=options.speaker_names
        )
    return transcript.captions(options.chars_per_caption)


def profile_cues(
    transcript: Transcript,
    profile: Profile,
    speaker_labels: bool = False,
    label_format: str | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Cue]:
    """Broadcast-profile cues; with ``speaker_labels`` each line's speaker is its display name
    (``Speaker A``, or from ``names``) and an SRT ``label_format`` counts within the line width."""
    from captionkit.segment.broadcast import broadcast_cues  # the layout machinery: imported when a profile is used

    if not speaker_labels:
        return broadcast_cues(transcript, profile)
    keys = word_speakers(transcript)
    if all(k is None for k in keys):
        raise NoSpeakersError(NO_SPEAKERS, path="$.words[*].speaker")
    channel = is_channel_keyed(transcript)
    display = {k: label(k, channel=channel, names=names) for k in set(keys) if k is not None}
    columns = transcript.word_columns()
    # a word without a speaker is in its turn (on its own channel)
    speakers = fill_missing([display.get(k) for k in keys], columns.channels)
    prefix = (lambda name: label_format.format(speaker=name)) if label_format else None
    return broadcast_cues(transcript, profile, True, speaker_label=prefix, speakers=speakers)


def _captions(fmt: str) -> Callable[[Transcript, ExportOptions], str]:
    def render(transcript: Transcript, options: ExportOptions) -> str:
        cues = caption_cues(transcript, options, fmt)
        labels = options.speaker_labels
        if fmt == "srt":
            return WRITERS["srt"].dumps(
                cues,
                speaker_labels=labels,
                label_format=options.label_format,
                label_turns_only=options.profile is not None,  # broadcast labels mark a new speaker
            )
        return WRITERS["vtt"].dumps(cues, speaker_labels=labels)

    return render


def sentences(transcript: Transcript, options: ExportOptions) -> str:
    """``/sentences`` JSON (or one sentence per line with ``plain_text``)."""
    if options.plain_text:
        return "".join(text + "\n" for text in item_texts(transcript, "sentences"))
    return items_json(transcript, "sentences")


def paragraphs(transcript: Transcript, options: ExportOptions) -> str:
    """``/paragraphs`` JSON (or the paragraph texts separated by blank lines)."""
    if options.plain_text:
        return "\n".join(text + "\n" for text in item_texts(transcript, "paragraphs"))
    return items_json(transcript, "paragraphs")


def words(transcript: Transcript, options: ExportOptions) -> str:
    """The word table; a word's ``speaker`` is its own, else its utterance's (as everywhere:
    :func:`captionkit.documents.speakers.word_speakers`), never a channel (that has its own column)."""
    columns = transcript.word_columns()
    if None in columns.speakers and not is_channel_keyed(transcript):
        keys = word_speakers(transcript, channel_fallback=False)
        if keys != columns.speakers:
            columns = columns.replace(speakers=keys)
    return table.dumps(columns, options.word_format, options.seconds, options.escape_formulas)


def text(transcript: Transcript, options: ExportOptions) -> str:
    """One line per speaker turn (:func:`captionkit.documents.speakers.speaker_text`); for a transcript
    without speaker information, one line per paragraph (:func:`~captionkit.documents.speakers.paragraph_text`):
    the default template loses its speaker part (``00:01:02 -> text``), a template of the
    user's is used as it is unless it asks for ``{speaker}`` (NoSpeakersError, as does a
    ``language``: translations live on the utterances such a transcript does not have)."""
    if options.language is None and not has_speakers(transcript):
        template = PARAGRAPH_TEMPLATE if options.template == DEFAULT_TEMPLATE else options.template
        return paragraph_text(transcript, template, options.timecode)
    return speaker_text(transcript, options.template, options.timecode, options.speaker_names, options.language)


EXPORTS: dict[str, Export] = {
    "srt": Export("srt", ".srt", _captions("srt"), "SubRip captions"),
    "vtt": Export("vtt", ".vtt", _captions("vtt"), "WebVTT captions"),
    "sentences": Export(
        "sentences",
        lambda o: ".sentences.txt" if o.plain_text else ".sentences.json",
        sentences,
        "the /sentences response",
    ),
    "paragraphs": Export(
        "paragraphs",
        lambda o: ".paragraphs.txt" if o.plain_text else ".paragraphs.json",
        paragraphs,
        "the /paragraphs response",
    ),
    "text": Export(
        "text",
        ".txt",
        text,
        "one line per speaker turn: [Speaker A] 00:01:02 -> text (without speakers, per paragraph)",
    ),
    "words": Export("words", lambda o: f".words.{o.word_format}", words, "word timestamp table"),
}


def render(name: str, transcript: Source, options: ExportOptions | None = None) -> str:
    """Render the export called ``name`` (a key of :data:`EXPORTS`) of ``transcript`` (a
    :class:`Transcript`, or anything :func:`captionkit.load` takes; a Transcript built by
    hand gets load's checks first)."""
    try:
        export = EXPORTS[name]
    except KeyError:
        raise ValueError(f"unknown export {name!r}; known: {', '.join(EXPORTS)}") from None
    if options is not None and not isinstance(options, ExportOptions):
        raise TypeError(f"options must be ExportOptions, got {type(options).__name__}")
    return export.render(load(transcript), options or ExportOptions())
