"""TTML2 captions in the IMSC 1.1 Text Profile (``.ttml``): one ``<p>`` per cue, ``<br/>``
between its lines, times as media time ``HH:MM:SS.mmm``.

The document declares ``ttp:contentProfiles`` = IMSC 1.1 Text, ``xml:lang`` from the
transcript's ``language_code`` (``en_us`` -> ``en-US``; ``en`` when there is none), one
default style (white, sans-serif, centred) and one region at the bottom of the frame
(``displayAlign="after"``). With ``--speaker-labels`` each speaker is a ``ttm:agent`` in
``head/metadata`` (``xml:id`` ``speaker_A`` for "Speaker A", its display name as
``ttm:name``) and each ``<p>`` names its speaker with ``ttm:agent``; a cue of two speakers
puts ``ttm:agent`` on a ``<span>`` per speaker's lines instead.

The document is built with :mod:`xml.etree.ElementTree`, so text is always escaped. A
character XML 1.0 cannot carry at all (a control character, U+FFFE, U+FFFF, a lone
surrogate) is written as U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from captionkit.formats.base import CaptionFormat, speaker_runs, split_ms
from captionkit.model.cue import Cue
from captionkit.options import ExportOptions

TT = "http://www.w3.org/ns/ttml"
TTS = "http://www.w3.org/ns/ttml#styling"
TTP = "http://www.w3.org/ns/ttml#parameter"
TTM = "http://www.w3.org/ns/ttml#metadata"
XML = "http://www.w3.org/XML/1998/namespace"
IMSC11_TEXT = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"

for _prefix, _uri in (("", TT), ("tts", TTS), ("ttp", TTP), ("ttm", TTM)):
    ET.register_namespace(_prefix, _uri)

#: Characters XML 1.0 cannot carry (written as U+FFFD).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: Characters an xml:id (an NCName) cannot have.
_NOT_ID = re.compile(r"[^\w.\-]")

REGION_ID = "bottom"
STYLE_ID = "default"


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot carry replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def xml_lang(language_code: str | None) -> str:
    """A BCP 47 tag of an AssemblyAI ``language_code``: ``en_us`` -> ``en-US``, ``None`` -> ``en``."""
    if not language_code:
        return "en"
    first, *rest = language_code.replace("_", "-").split("-")
    return "-".join([first.lower(), *(part.upper() if len(part) == 2 else part for part in rest)])


def agent_ids(names: Sequence[str]) -> dict[str, str]:
    """An xml:id for each speaker display name: ``Speaker A`` -> ``speaker_A``, ``Alice`` ->
    ``speaker_Alice``; names that would collide get ``_2``, ``_3``..."""
    ids: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        if name in ids:
            continue
        base = "speaker_" + _NOT_ID.sub("_", xml_text(name).removeprefix("Speaker ").strip() or "_")
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}_{n}"
        ids[name] = candidate
        used.add(candidate)
    return ids


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


class TtmlFormat(CaptionFormat):
    name = "ttml"
    extension = ".ttml"
    help = "TTML2 / IMSC 1.1 Text Profile (.ttml) captions"
    description = (
        "Write TTML2 captions of a saved transcript in the IMSC 1.1 Text Profile: one <p> per cue, "
        "<br/> between lines, speakers as ttm:agent with --speaker-labels."
    )
    examples = "  captionkit ttml transcript.json\n  captionkit ttml --speaker-labels transcript.json"

    def timestamp(self, ms: int, with_hours: bool = True) -> str:
        h, m, s, f = split_ms(ms)
        return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"

    def render(self, transcript, options: ExportOptions) -> str:  # type: ignore[no-untyped-def]
        from captionkit.segment.cues import cues_for

        cues = cues_for(transcript, options, labels_in_text=False)
        return self.write(cues, options, language_code=transcript.language_code)

    def write(self, cues: Sequence[Cue], options: ExportOptions, *, language_code: str | None = None) -> str:
        return self.dumps(cues, speaker_labels=options.speaker_labels, language_code=language_code)

    def document(
        self, cues: Sequence[Cue], *, speaker_labels: bool = False, language_code: str | None = None
    ) -> ET.Element:
        """The ``<tt>`` element of ``cues``."""
        tt = ET.Element(
            _q(TT, "tt"),
            {
                _q(XML, "lang"): xml_lang(language_code),
                _q(TTP, "timeBase"): "media",
                _q(TTP, "contentProfiles"): IMSC11_TEXT,
            },
        )
        head = ET.SubElement(tt, _q(TT, "head"))
        speakers = [s for c in cues for s in c.speakers if s is not None] if speaker_labels else []
        ids = agent_ids(speakers)
        if ids:
            metadata = ET.SubElement(head, _q(TT, "metadata"))
            for name, agent_id in ids.items():
                agent = ET.SubElement(metadata, _q(TTM, "agent"), {_q(XML, "id"): agent_id, "type": "person"})
                ET.SubElement(agent, _q(TTM, "name"), {"type": "full"}).text = xml_text(name)
        styling = ET.SubElement(head, _q(TT, "styling"))
        ET.SubElement(
            styling,
            _q(TT, "style"),
            {
                _q(XML, "id"): STYLE_ID,
                _q(TTS, "color"): "white",
                _q(TTS, "fontFamily"): "proportionalSansSerif",
                _q(TTS, "textAlign"): "center",
            },
        )
        layout = ET.SubElement(head, _q(TT, "layout"))
        ET.SubElement(
            layout,
            _q(TT, "region"),
            {
                _q(XML, "id"): REGION_ID,
                _q(TTS, "origin"): "10% 55%",
                _q(TTS, "extent"): "80% 35%",
                _q(TTS, "displayAlign"): "after",
            },
        )
        body = ET.SubElement(tt, _q(TT, "body"))
        div = ET.SubElement(body, _q(TT, "div"))
        for cue in cues:
            p = ET.SubElement(
                div,
                _q(TT, "p"),
                {
                    "begin": self.timestamp(cue.start),
                    "end": self.timestamp(cue.end),
                    "region": REGION_ID,
                    "style": STYLE_ID,
                },
            )
            runs = speaker_runs(cue) if speaker_labels else [(None, list(cue.lines))]
            if len(runs) == 1:
                speaker, lines = runs[0]
                if speaker is not None:
                    p.set(_q(TTM, "agent"), ids[speaker])
                _add_lines(p, lines)
            else:
                for i, (speaker, lines) in enumerate(runs):
                    if i:
                        ET.SubElement(p, _q(TT, "br"))
                    span = ET.SubElement(p, _q(TT, "span"))
                    if speaker is not None:
                        span.set(_q(TTM, "agent"), ids[speaker])
                    _add_lines(span, lines)
        return tt

    def dumps(  # type: ignore[override]
        self, cues: Sequence[Cue], *, speaker_labels: bool = False, language_code: str | None = None, **_: object
    ) -> str:
        """The TTML document of ``cues``, UTF-8 with an XML declaration."""
        tt = self.document(cues, speaker_labels=speaker_labels, language_code=language_code)
        ET.indent(tt, space="  ")
        _unindent_text(tt)
        body = ET.tostring(tt, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _add_lines(parent: ET.Element, lines: Sequence[str]) -> None:
    """``lines`` as the text of ``parent``, a ``<br/>`` between two."""
    parent.text = xml_text(lines[0]) if lines else ""
    for line in lines[1:]:
        br = ET.SubElement(parent, _q(TT, "br"))
        br.tail = xml_text(line)


def _unindent_text(element: ET.Element) -> None:
    """Undo :func:`ET.indent` inside ``<p>``: the white space it adds there would be text."""
    for p in element.iter(_q(TT, "p")):
        for child in p.iter():
            if child.text is not None and not child.text.strip():
                child.text = ""
            if child is not p and child.tail is not None and not child.tail.strip():
                child.tail = ""


FORMAT = WRITER = TtmlFormat()
