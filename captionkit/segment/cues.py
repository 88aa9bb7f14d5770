"""The segment stage chosen by the options: which segmenter makes a caption export's cues.

* a broadcast profile: :func:`captionkit.segment.broadcast.broadcast_cues`;
* ``language``: the utterances' translations, timed by the utterance;
* ``speaker_labels``: the API-compatible split, a new cue at every change of speaker;
* otherwise the API-compatible split (:func:`captionkit.segment.api.api_cues`).

Then the cue controls (:mod:`captionkit.segment.controls`: ``split_pause``, ``max_words``,
``offset``/``start_timecode``), whatever the segmenter; the defaults change nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from captionkit.documents.speakers import (
    NO_SPEAKERS,
    NoSpeakersError,
    fill_missing,
    is_channel_keyed,
    label,
    word_speakers,
)
from captionkit.model.cue import Cue
from captionkit.model.transcript import Transcript
from captionkit.options import ExportOptions, check_caption_options, control_shift_ms
from captionkit.profiles import Profile
from captionkit.segment.api import api_cues
from captionkit.segment.turns import speaker_cues, translated_cues


def cues_for(transcript: Transcript, options: ExportOptions, *, labels_in_text: bool) -> list[Cue]:
    """The cues of a caption export of ``transcript`` with ``options``. ``labels_in_text``:
    the format writes a speaker label into the text (SRT's ``[Speaker A] ``), so the label
    counts within the caption's width; a format that marks speakers otherwise (WebVTT voice
    spans) gives False."""
    cues = segmented_cues(transcript, options, labels_in_text=labels_in_text)
    return controlled_cues(transcript, cues, options, labels_in_text=labels_in_text)


def controlled_cues(
    transcript: Transcript, cues: list[Cue], options: ExportOptions, *, labels_in_text: bool = False
) -> list[Cue]:
    """``cues`` with the options' cue controls applied (the same cues when there are none).
    With a broadcast profile, cues split by ``split_pause``/``max_words`` are timed again by
    the profile's rules (minimum duration, reading speed, gap closing), as the segmenter's own
    cues are; then ``offset``/``start_timecode`` move them."""
    shift = control_shift_ms(options)
    if options.max_words is None and options.split_pause is None and not shift:
        return cues
    from captionkit.segment.controls import apply_controls, shift_cues

    profile = options.profile
    cols = transcript.word_columns()
    split = apply_controls(
        cues,
        cols,
        max_words=options.max_words,
        split_pause_ms=max(1, round(options.split_pause * 1000)) if options.split_pause is not None else None,
        gap=profile.min_gap_ms if profile is not None else 0,
        language=transcript.language_code,
    )
    if profile is not None and len(split) != len(cues):
        from captionkit.segment.timing import retime

        label_format = options.label_format if labels_in_text and options.speaker_labels else None
        split = retime(split, cols, profile.for_language(transcript.language_code), label_format)
    return shift_cues(split, shift, what="--offset" if not options.start_timecode else "--offset and --start-timecode")


def segmented_cues(transcript: Transcript, options: ExportOptions, *, labels_in_text: bool) -> list[Cue]:
    """The segmenter's cues (before the cue controls)."""
    label_format = options.label_format if labels_in_text else None
    check_caption_options(options)
    if options.profile is not None:
        return profile_cues(transcript, options.profile, options.speaker_labels, label_format, options.speaker_names)
    if options.language is not None:
        return translated_cues(
            transcript,
            options.language,
            options.chars_per_caption,
            label_format=label_format,
            names=options.speaker_names,
        )
    if options.speaker_labels:
        return speaker_cues(
            transcript, options.chars_per_caption, label_format=label_format, names=options.speaker_names
        )
    return api_cues(transcript.word_columns(), options.chars_per_caption)


def profile_cues(
    transcript: Transcript,
    profile: Profile,
    speaker_labels: bool = False,
    label_format: str | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Cue]:
    """Broadcast-profile cues; with ``speaker_labels`` each line's speaker is its display name
    (``Speaker A``, or from ``names``) and an SRT ``label_format`` counts within the line width."""
    from captionkit.segment.broadcast import broadcast_cues  # the layout machinery: imported when a profile is used

    if not speaker_labels:
        return broadcast_cues(transcript, profile)
    keys = word_speakers(transcript)
    if all(k is None for k in keys):
        raise NoSpeakersError(NO_SPEAKERS, path="$.words[*].speaker")
    channel = is_channel_keyed(transcript)
    display = {k: label(k, channel=channel, names=names) for k in set(keys) if k is not None}
    columns = transcript.word_columns()
    # a word without a speaker is in its turn (on its own channel)
    speakers = fill_missing([display.get(k) for k in keys], columns.channels)
    prefix = (lambda name: label_format.format(speaker=name)) if label_format else None
    return broadcast_cues(transcript, profile, True, speaker_label=prefix, speakers=speakers)
