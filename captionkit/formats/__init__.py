"""Caption file formats: one module per format, found by name in :data:`WRITERS`."""

from __future__ import annotations

from captionkit.formats import srt, vtt
from captionkit.formats.base import CaptionWriter

WRITERS: dict[str, CaptionWriter] = {"srt": srt.WRITER, "vtt": vtt.WRITER}

__all__ = ["WRITERS", "CaptionWriter", "srt", "vtt"]
