"""Segment: words -> cues (and each cue's lines), then their times.

* :mod:`~captionkit.segment.api`: the API-compatible split (``chars_per_caption`` or time only).
* :mod:`~captionkit.segment.broadcast`: the broadcast profiles' segmentation (a dynamic programme).
* :mod:`~captionkit.segment.turns`: API-compatible cues by speaker turn, and translated cues.
* :mod:`~captionkit.segment.layout`: a cue's words as lines (one line; broadcast line breaking).
* :mod:`~captionkit.segment.timing`: every cue timing decision, and the segmenter's prediction of it.
* :mod:`~captionkit.segment.costs`: the broadcast segmentation's break costs, and the tuple the C code takes.
"""
