"""``captionkit.Transcript``: the transcript model with the AssemblyAI Python SDK's methods.

:class:`captionkit.model.Transcript` is the data (the API's fields, the word columns) and
depends on no renderer; this subclass adds the SDK's ``export_subtitles_srt``,
``export_subtitles_vtt``, ``get_sentences``, ``get_paragraphs`` (and the whole responses),
each a thin call into the pipeline. :func:`captionkit.load` returns this class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from captionkit.model.transcript import Paragraph, ParagraphsResponse, Sentence, SentencesResponse
from captionkit.model.transcript import Transcript as TranscriptData

if TYPE_CHECKING:
    from captionkit.model.cue import Cue
    from captionkit.profiles import Profile


class Transcript(TranscriptData):
    """``GET /v2/transcript/{id}``, with the export methods of the AssemblyAI SDK's ``Transcript``."""

    def captions(self, chars_per_caption: int | None = None) -> list[Cue]:
        """The API-compatible cues of this transcript (see :mod:`captionkit.segment.api`)."""
        from captionkit.segment.api import api_cues

        return api_cues(self.word_columns(), chars_per_caption)

    def export_subtitles_srt(
        self,
        chars_per_caption: int | None = None,
        *,
        speaker_labels: bool = False,
        speaker_names: dict[str, str] | None = None,
        profile: str | Profile | None = None,
    ) -> str:
        """SRT text laid out as ``GET /v2/transcript/{id}/srt`` writes it.

        Beyond the SDK: ``speaker_labels`` starts a cue at every change of speaker and puts
        ``[Speaker A] `` (or the name from ``speaker_names``) before the text, counted within
        ``chars_per_caption``; ``profile`` (``"netflix"``, ``"bbc"``, ``"dcmp"`` or a
        :class:`~captionkit.profiles.Profile`) renders broadcast-quality captions instead.
        """
        return self._export("srt", chars_per_caption, speaker_labels, speaker_names, profile)

    def export_subtitles_vtt(
        self,
        chars_per_caption: int | None = None,
        *,
        speaker_labels: bool = False,
        speaker_names: dict[str, str] | None = None,
        profile: str | Profile | None = None,
    ) -> str:
        """WebVTT text laid out as ``GET /v2/transcript/{id}/vtt`` writes it (options as
        :meth:`export_subtitles_srt`; speakers become ``<v Speaker A>`` voice spans)."""
        return self._export("vtt", chars_per_caption, speaker_labels, speaker_names, profile)

    def _export(
        self,
        fmt: str,
        chars_per_caption: int | None,
        speaker_labels: bool,
        speaker_names: dict[str, str] | None,
        profile: str | Profile | None,
    ) -> str:
        from captionkit.pipeline import ExportOptions, render

        options = ExportOptions(
            chars_per_caption=chars_per_caption,
            speaker_labels=speaker_labels,
            speaker_names=speaker_names or {},
            profile=profile,
        )
        return render(fmt, self, options)

    def get_sentences(self) -> list[Sentence]:
        """The transcript's sentences, as the SDK's ``Transcript.get_sentences()`` returns them:
        a list of items of ``GET /v2/transcript/{id}/sentences``."""
        return self.sentences_response().sentences

    def get_paragraphs(self) -> list[Paragraph]:
        """The transcript's paragraphs, as the SDK's ``Transcript.get_paragraphs()`` returns
        them: a list of items of ``GET /v2/transcript/{id}/paragraphs``."""
        return self.paragraphs_response().paragraphs

    def sentences_response(self) -> SentencesResponse:
        """The whole ``GET /v2/transcript/{id}/sentences`` response (``id``, ``confidence``,
        ``audio_duration`` and the sentences)."""
        from captionkit.documents.sentences import sentences_response

        return sentences_response(self)

    def paragraphs_response(self) -> ParagraphsResponse:
        """The whole ``GET /v2/transcript/{id}/paragraphs`` response."""
        from captionkit.documents.sentences import paragraphs_response

        return paragraphs_response(self)
