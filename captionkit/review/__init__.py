"""A review page: one self-contained HTML file to read, play and QC a transcript's captions.

:func:`review_page` turns a transcript into one page with

* the transcript, in speaker turns (name and timecode), every word an element with its
  ``data-start``/``data-end`` in ms, words under a confidence threshold marked, a search
  box that highlights matches;
* with ``media``, an ``<audio>``/``<video>`` player: clicking a word seeks to it, the word
  and the caption being spoken are highlighted while it plays, the captions attached as a
  WebVTT ``<track>`` (a ``data:`` URL: nothing else to ship);
* caption QC: a timeline of the cues coloured by reading speed against the profile's limit
  (duration and gap problems marked), the lint's findings (each a link to its moment) and
  its per-rule summary, exactly as ``captionkit lint --transcript`` reports them.

The page loads nothing (no network: inline CSS and JS, a Content-Security-Policy that
allows only them, by hash, and the media) and works from ``file://``. Every text from the
transcript or the captions is escaped; the JSON the script reads is embedded with ``<``,
``>``, ``&``, U+2028 and U+2029 escaped.

Every call into the rest of captionkit is in :func:`collect` (and, for the loader,
:func:`load_transcript`): re-point the imports there when the modules move.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from captionkit.review.data import (
    DEFAULT_CONFIDENCE_THRESHOLD,
    DEFAULT_PROFILE,
    MEDIA_KINDS,
    Captions,
    ReviewData,
    check_threshold,
    collect,
    load_transcript,
    media_kind,
    media_url,
    read_captions,
)
from captionkit.review.page import clock, render, script_json

if TYPE_CHECKING:
    from captionkit.model.transcript import Transcript
    from captionkit.options import ExportOptions
    from captionkit.profiles import Profile


def review_page(
    transcript: Transcript,
    *,
    profile: Profile | str | None = None,
    captions: Captions | None = None,
    media: str | None = None,
    kind: str | None = None,
    speaker_names: Mapping[str, str] | None = None,
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
    title: str | None = None,
) -> str:
    """The review page of ``transcript`` (see the module docstring). ``media`` is the
    player's ``src`` as written in the page (see :func:`media_url`); ``kind`` is
    ``"audio"`` or ``"video"`` (default: by its extension)."""
    check_threshold(confidence_threshold)
    if kind is not None and kind not in MEDIA_KINDS:
        raise ValueError(f"unknown media kind {kind!r}: audio or video")
    data = collect(transcript, profile=profile, captions=captions, speaker_names=speaker_names, title=title)
    return render(data, media=media, kind=kind, confidence_threshold=confidence_threshold)


def review_html(transcript: Transcript, options: ExportOptions | None = None) -> str:
    """The ``html`` export (``captionkit render --to html``): the review page without media,
    captions made and checked with ``options.profile`` (the api profile: :data:`DEFAULT_PROFILE`)."""
    profile = options.profile if options is not None else None
    names = options.speaker_names if options is not None else None
    return review_page(transcript, profile=profile, speaker_names=names)


__all__ = [
    "DEFAULT_CONFIDENCE_THRESHOLD",
    "DEFAULT_PROFILE",
    "MEDIA_KINDS",
    "Captions",
    "ReviewData",
    "check_threshold",
    "clock",
    "collect",
    "load_transcript",
    "media_kind",
    "media_url",
    "read_captions",
    "render",
    "review_html",
    "review_page",
    "script_json",
]
