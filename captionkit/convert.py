"""Converting a caption file from one format to another: :func:`convert`.

Any format of :data:`captionkit.formats.REGISTRY` that captionkit reads (``readable``) is
read, and any caption format it writes is written: the registry decides, so a format whose
module becomes readable converts with no change here.

What is kept: every cue's times (ms) and text lines. A speaker read as a WebVTT voice span
(``Cue.speakers``) is written as the target's speaker mark (an SRT/SBV label, a WebVTT
voice); a label in the text of an SRT or SBV file stays text. What is not: the cue model has
no italics or other styling, so ``<i>``, ``<b>``, ``<u>``, ``<font>`` and ``{\\...}``
overrides are dropped, with a warning, whatever the target.
"""

from __future__ import annotations

import re

from captionkit import formats
from captionkit.errors import CaptionParseError
from captionkit.formats.base import Format
from captionkit.model.cue import Cue
from captionkit.options import DEFAULT_LABEL, ExportOptions

#: formats whose read text keeps SRT markup tags in the lines (the WebVTT reader drops its
#: tags itself; SBV has no markup: a tag there is text)
_TAGGED_TEXT = frozenset({"srt"})
#: formats whose files can hold italics (a tag, an ASS override): the others have none to drop
_MARKUP = frozenset({"srt", "vtt", "ass"})
# the SRT markup players know (<i>, <b>, <u>, <font ...>) and ASS override blocks such as {\an8}
_TAGS = re.compile(r"</?(?i:[ibu]|font)(?:\s[^<>\n]*)?>|\{\\[^{}\n]*\}")
# italics in a file: an <i> tag (SRT, WebVTT with or without classes) or an ASS {\i1}
_ITALIC = re.compile(r"<i(?:[.\s][^<>\n]*)?>|\{\\[^{}\n]*\\?i1[^{}\n]*\}", re.IGNORECASE)

__all__ = ["convert", "reader_for", "writer_for"]


def caption_formats() -> list[Format]:
    """Every caption format captionkit writes, in registry order."""
    return [f for f in map(formats.get, formats.names()) if f.captions]


def writer_for(name: str | None = None, *, filename: str | None = None) -> Format:
    """The caption format called ``name``, else the one whose extension ``filename`` ends
    with. ValueError when there is none (an unknown name, a format that is not captions)."""
    if name is not None:
        fmt = formats.get(name)
        if not fmt.captions:
            known = ", ".join(f.name for f in caption_formats())
            raise ValueError(f"{name!r} is not a caption format; caption formats: {known}")
        return fmt
    lowered = (filename or "").lower()
    for fmt in caption_formats():
        if fmt.extension and lowered.endswith(fmt.extension):
            return fmt
    known = ", ".join(f"{f.name} ({f.extension})" for f in caption_formats())
    raise ValueError(f"cannot tell the output format from {filename!r}: give --to (one of {known})")


def reader_for(text: str, *, source: str = "<input>", from_: str | None = None) -> Format:
    """The readable format of ``text``: ``from_`` when given (ValueError when captionkit does
    not read it), else what the text looks like (:func:`captionkit.formats.sniff`), else the
    extension of ``source``; a CaptionParseError when nothing tells."""
    if from_ is not None:
        fmt = formats.get(from_)
        if not fmt.readable:
            known = ", ".join(f.name for f in formats.readable())
            raise ValueError(f"captionkit does not read {from_!r}; it reads: {known}")
        return fmt
    name = formats.sniff(text) or formats.by_extension(source)
    if name is None:
        known = ", ".join(f"{f.name} ({f.extension})" for f in formats.readable())
        raise CaptionParseError(f"not a caption file captionkit reads ({known}): give --from", source=source)
    return formats.get(name)


def _plain(cues: list[Cue], reader: Format, text: str) -> tuple[list[Cue], list[str]]:
    """The cues without markup, and warnings for what was dropped."""
    warnings = []
    italics = len(_ITALIC.findall(text)) if reader.name in _MARKUP else 0
    if italics:
        warnings.append(
            f"italics dropped ({italics} tag{'s' if italics > 1 else ''}): "
            "captionkit's cue model has no italics, so no target keeps them"
        )
    if reader.name not in _TAGGED_TEXT:
        return cues, warnings
    out, other, empty = [], set(), 0
    for cue in cues:
        lines = tuple(_TAGS.sub("", line) for line in cue.lines)
        if lines != cue.lines:
            tags = (m for line in cue.lines for m in _TAGS.findall(line))
            other.update(m for m in tags if not _ITALIC.fullmatch(m) and not m.startswith("</"))
            # a line of nothing but markup shows nothing: it is no line of the cue
            kept = [k for k, line in enumerate(lines) if line.strip()]
            if not kept:
                empty += 1
                continue
            speakers = tuple(cue.speakers[k] for k in kept) if cue.speakers else ()
            cue = Cue(cue.start, cue.end, tuple(lines[k] for k in kept), speakers=speakers)
        out.append(cue)
    if other:
        shown = ", ".join(sorted(other)[:5]) + (", ..." if len(other) > 5 else "")
        warnings.append(f"formatting dropped ({shown}): the cue model has no styling")
    if empty:
        warnings.append(f"{empty} cue{'s' if empty > 1 else ''} of nothing but markup dropped: they show no text")
    return out, warnings


def convert(
    text: str,
    to: str,
    *,
    source: str = "<input>",
    from_: str | None = None,
    label_format: str = DEFAULT_LABEL,
) -> tuple[str, list[str]]:
    """``text`` (a caption file) written as the caption format ``to``: (output text, warnings).

    The input format is ``from_``, else found as :func:`reader_for` says. Speakers read as
    voice spans are marked in the target's way (``label_format`` for a label in the text).
    Raises CaptionParseError (naming ``source``) when the text cannot be read, ValueError
    for a format captionkit does not read or write."""
    writer = writer_for(to)
    reader = reader_for(text, source=source, from_=from_)
    cues, warnings = _plain(reader.read(text, source=source), reader, text)
    if not cues:
        warnings.append("the input has no cues")
    options = ExportOptions(speaker_labels=any(c.speakers for c in cues), label_format=label_format)
    return writer.write(cues, options), warnings  # type: ignore[attr-defined]
