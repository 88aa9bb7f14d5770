"""The lint rules of :mod:`captionkit.qa.lint`: their severity and what they check."""

from __future__ import annotations

from captionkit.qa.report import ERROR, WARNING

#: rule -> (severity, what it checks)
RULES: dict[str, tuple[str, str]] = {
    "format": (ERROR, "file structure: blocks, timing lines, numbering, markup, line ends"),
    "text": (ERROR, "no empty cue, no blank line, no leading/trailing/double spaces"),
    "timing": (ERROR, "every cue ends after it starts; cues sorted by start"),
    "overlap": (ERROR, "no cue starts before the previous one ends"),
    "max_chars_per_line": (ERROR, "characters per line"),
    "max_lines": (ERROR, "lines per cue"),
    "wide_word": (WARNING, "a line over the width that is a single word (no break can fix it)"),
    "min_duration": (WARNING, "shortest cue"),
    "max_duration": (ERROR, "longest cue"),
    "min_gap": (ERROR, "gap between consecutive cues"),
    "gap_chaining": (ERROR, "short gaps closed to exactly the minimum gap"),
    "reading_speed_cps": (WARNING, "characters per second"),
    "reading_speed_wpm": (WARNING, "words per minute"),
    "one_line_if_fits": (WARNING, "two lines only when the text does not fit on one"),
    "line_breaks": (WARNING, "no line break after a function word, inside a name, or number+unit"),
    "cue_breaks": (WARNING, "no cue break after a function word, inside a name, or number+unit"),
    "completeness": (ERROR, "every transcript word shown once, in order"),
    "sync": (ERROR, "cues timed to their words"),
}
