"""``/sentences``: the transcript's sentences as the API's JSON (or one sentence per line)."""

from __future__ import annotations

from captionkit.documents.sentences import item_texts, items_json
from captionkit.formats.base import Arg, Format
from captionkit.model.transcript import Transcript
from captionkit.options import ExportOptions


class SentencesFormat(Format):
    name = "sentences"
    help = "the transcript's sentences, as JSON shaped like GET /v2/transcript/{id}/sentences"
    description = help
    examples = "  captionkit sentences transcript.json\n  captionkit sentences transcript.json --text\n"
    arguments = (
        Arg.of("--text", dest="plain_text", action="store_true", help="one sentence per line instead of JSON"),
    )

    def suffix(self, options: ExportOptions) -> str:
        return ".sentences.txt" if options.plain_text else ".sentences.json"

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        """``/sentences`` JSON (or one sentence per line with ``plain_text``)."""
        if options.plain_text:
            return "".join(text + "\n" for text in item_texts(transcript, "sentences"))
        return items_json(transcript, "sentences")


FORMAT = SentencesFormat()
