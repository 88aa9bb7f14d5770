"""Speaker-labelled text: one line per speaker turn, ``[Speaker A] 00:01:02 -> text``."""

from __future__ import annotations

import argparse

from captionkit.documents.speakers import (
    DEFAULT_TEMPLATE,
    PARAGRAPH_TEMPLATE,
    TEMPLATE_FIELDS,
    TIMECODES,
    check_template,
    has_speakers,
    paragraph_text,
    speaker_text,
)
from captionkit.formats.base import Arg, Format
from captionkit.model.transcript import Transcript
from captionkit.options import ExportOptions


def _template(value: str) -> str:
    try:
        check_template(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


class TextFormat(Format):
    name = "text"
    extension = ".txt"
    help = "speaker-labelled text, one line per speaker turn: [Speaker A] 00:01:02 -> text"
    description = (
        "speaker-labelled text, one line per speaker turn: [Speaker A] 00:01:02 -> text "
        "(a transcript without speaker labels: one line per paragraph, 00:01:02 -> text)"
    )
    examples = (
        "  captionkit text transcript.json\n"
        "  captionkit text transcript.json --template '{speaker}: {text}' --speaker-names A=Alice,B=Bob\n"
        "  captionkit text transcript.json --timecode hms.ms --language es\n"
    )
    #: the command takes --speaker-names
    speaker_names = True
    arguments = (
        Arg.of(
            "--template",
            type=_template,
            default=DEFAULT_TEMPLATE,
            help=f"line template (default {DEFAULT_TEMPLATE!r}); fields: "
            + ", ".join(f"{{{f}}}" for f in TEMPLATE_FIELDS),
        ),
        Arg.of("--timecode", choices=TIMECODES, default="hms", help="how {start}/{end} are written (default hms)"),
        Arg.of("--language", metavar="CODE", help="the utterances' translated_texts[CODE] instead of the text"),
    )

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        """One line per speaker turn (:func:`captionkit.documents.speakers.speaker_text`); for a
        transcript without speaker information, one line per paragraph
        (:func:`~captionkit.documents.speakers.paragraph_text`): the default template loses its
        speaker part (``00:01:02 -> text``), a template of the user's is used as it is unless
        it asks for ``{speaker}`` (NoSpeakersError, as does a ``language``: translations live
        on the utterances such a transcript does not have)."""
        if options.language is None and not has_speakers(transcript):
            template = PARAGRAPH_TEMPLATE if options.template == DEFAULT_TEMPLATE else options.template
            return paragraph_text(transcript, template, options.timecode)
        return speaker_text(transcript, options.template, options.timecode, options.speaker_names, options.language)


FORMAT = TextFormat()
