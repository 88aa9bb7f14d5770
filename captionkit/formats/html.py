"""The review page (``render --to html``): one self-contained HTML file per transcript with
the words, the captions of the profile (netflix unless a broadcast profile is given) and
their QC. ``captionkit html`` writes one page with more options (media, captions file)."""

from __future__ import annotations

from captionkit.formats.base import Format
from captionkit.model.transcript import Transcript
from captionkit.options import ExportOptions


class HtmlFormat(Format):
    name = "html"
    extension = ".html"
    help = "one self-contained HTML review page: transcript, player, captions and their QC"

    def render(self, transcript: Transcript, options: ExportOptions) -> str:
        from captionkit.review import review_html

        return review_html(transcript, options)


FORMAT = HtmlFormat()
