"""Word-level timestamp tables (CSV, TSV or JSON): the ``words`` export, written by
:mod:`captionkit.formats.table`."""

from __future__ import annotations

from captionkit.documents.speakers import is_channel_keyed, word_speakers
from captionkit.formats import table
from captionkit.formats.base import Arg, Format
from captionkit.model.transcript import Transcript
from captionkit.options import ExportOptions


class WordsFormat(Format):
    name = "words"
    help = "a word timestamp table: text,start,end,confidence,speaker[,channel]"
    description = help
    examples = (
        "  captionkit words transcript.json --format csv\n  captionkit words transcript.json --format json --seconds\n"
    )
    arguments = (
        Arg.of("--format", dest="word_format", choices=table.TABLE_FORMATS, default="csv", help="default: csv"),
        Arg.of("--seconds", action="store_true", help="times in seconds (3 decimals) instead of milliseconds"),
        Arg.of(
            "--no-formula-escape",
            dest="escape_formulas",
            action="store_false",
            help="csv/tsv: write every cell exactly as it is (by default a text cell starting with = + - @, a tab "
            "or a CR gets a leading ' so that a spreadsheet shows it instead of running it as a formula)",
        ),
    )

    def suffix(self, options: ExportOptions) -> str:
        return f".words.{options.word_format}"

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        """The word table; a word's ``speaker`` is its own, else its utterance's (as everywhere:
        :func:`captionkit.documents.speakers.word_speakers`), never a channel (that has its own column)."""
        columns = transcript.word_columns()
        if None in columns.speakers and not is_channel_keyed(transcript):
            keys = word_speakers(transcript, channel_fallback=False)
            if keys != columns.speakers:
                columns = columns.replace(speakers=keys)
        return table.dumps(columns, options.word_format, options.seconds, options.escape_formulas)


FORMAT = WordsFormat()
