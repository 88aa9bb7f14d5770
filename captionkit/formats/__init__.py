"""Every format captionkit writes (and the caption formats it reads): one module each.

:data:`REGISTRY` is the one list of them: the command line (each format's subcommand and
``render --to``), ``lint`` and the Python API (:func:`captionkit.render`) read it. Adding a
format is a module and a line here: see :mod:`captionkit.formats.base` for the checklist.
A format's module is imported when the format is first used (the command line starts fast).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from captionkit.formats.base import Format

#: name -> (module in captionkit.formats, or a dotted module name; one-line help), in the
#: order ``--help`` lists them
REGISTRY: dict[str, tuple[str, str]] = {
    "srt": ("srt", "SubRip (.srt) captions, laid out as the API's /srt endpoint writes them"),
    "vtt": ("vtt", "WebVTT (.vtt) captions, laid out as the API's /vtt endpoint writes them"),
    "sbv": ("sbv", "YouTube SubViewer (.sbv) captions: H:MM:SS.mmm,H:MM:SS.mmm then the text"),
    "ttml": ("ttml", "TTML2 / IMSC 1.1 Text Profile (.ttml) captions"),
    "scc": ("scc", "Scenarist SCC (.scc) CEA-608 pop-on captions, 29.97 fps drop-frame"),
    "ass": (
        "ass",
        "Advanced SubStation Alpha (.ass) captions, styled (a colour per speaker) and optionally karaoke-timed",
    ),
    "sentences": ("sentences", "the transcript's sentences, as JSON shaped like GET /v2/transcript/{id}/sentences"),
    "paragraphs": ("paragraphs", "the transcript's paragraphs, as JSON shaped like GET /v2/transcript/{id}/paragraphs"),
    "words": ("words", "a word timestamp table: text,start,end,confidence,speaker[,channel]"),
    "text": ("text", "speaker-labelled text, one line per speaker turn: [Speaker A] 00:01:02 -> text"),
    "html": ("html", "one self-contained HTML review page: transcript, player, captions and their QC"),
}


def names() -> list[str]:
    """Every format's name, in registry order."""
    return list(REGISTRY)


def get(name: str) -> Format:
    """The format called ``name`` (ValueError naming the known ones when there is none)."""
    try:
        module, _ = REGISTRY[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(REGISTRY)}") from None
    # a name with a dot is a module of its own (a format kept outside captionkit)
    fmt: Format = importlib.import_module(module if "." in module else f"captionkit.formats.{module}").FORMAT
    return fmt


def readable() -> list[Format]:
    """The formats captionkit reads (caption files), in registry order."""
    return [f for f in map(get, REGISTRY) if f.readable]


def sniff(text: str) -> str | None:
    """The name of the readable format ``text`` is in, asking each (None when none says so)."""
    return next((f.name for f in readable() if f.sniff(text)), None)


def by_extension(filename: str | None) -> str | None:
    """The name of the readable format whose extension ``filename`` ends with, else None."""
    lowered = (filename or "").lower()
    return next((f.name for f in readable() if f.extension and lowered.endswith(f.extension)), None)
