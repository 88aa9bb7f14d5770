"""``/paragraphs``: the transcript's paragraphs as the API's JSON (or texts between blank lines)."""

from __future__ import annotations

from captionkit.documents.sentences import item_texts, items_json
from captionkit.formats.base import Arg, Format
from captionkit.model.transcript import Transcript
from captionkit.options import ExportOptions


class ParagraphsFormat(Format):
    name = "paragraphs"
    help = "the transcript's paragraphs, as JSON shaped like GET /v2/transcript/{id}/paragraphs"
    description = help
    examples = "  captionkit paragraphs transcript.json\n  captionkit paragraphs transcript.json --text\n"
    arguments = (
        Arg.of("--text", dest="plain_text", action="store_true", help="the paragraph texts separated by blank lines"),
    )

    def suffix(self, options: ExportOptions) -> str:
        return ".paragraphs.txt" if options.plain_text else ".paragraphs.json"

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        """``/paragraphs`` JSON (or the paragraph texts separated by blank lines)."""
        if options.plain_text:
            return "\n".join(text + "\n" for text in item_texts(transcript, "paragraphs"))
        return items_json(transcript, "paragraphs")


FORMAT = ParagraphsFormat()
