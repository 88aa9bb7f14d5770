"""A profile whose reading speed is a checked maximum (``Profile.speed_is_limit``: netflix)
lets a cue go over it only where every other split breaks after a function word; a profile
whose speed is a recommended range (bbc, dcmp) weighs it as before."""

from __future__ import annotations

from dataclasses import replace

import captionkit
from captionkit.options import ExportOptions
from captionkit.profiles import PROFILES, Profile
from captionkit.qa.lint import lint_text
from captionkit.segment.costs import CUE_BREAK_COST
from captionkit.segment.timing import TOO_FAST, TimingLimits
from tests.conftest import needs_shared, shared_file


def test_a_checked_speed_limit_costs_more_than_any_cue_break() -> None:
    assert PROFILES["netflix"].speed_is_limit
    assert TimingLimits.of(PROFILES["netflix"]).too_fast > max(CUE_BREAK_COST.values())
    for name in ("bbc", "dcmp"):
        assert not PROFILES[name].speed_is_limit
        assert TimingLimits.of(PROFILES[name]).too_fast == TOO_FAST


def _failures(transcript: captionkit.Transcript, profile: Profile) -> dict[str, int]:
    text = captionkit.render("srt", transcript, ExportOptions(profile=profile))
    report = lint_text(text, profile, fmt="srt", words=transcript.words, language=transcript.language_code)
    return {r.rule: r.failed for r in report.rules}


@needs_shared
def test_netflix_keeps_fast_speech_under_20_cps_where_a_cue_break_can() -> None:
    # the fixture's fast news read is the real transcript with the most cues over 20 cps
    transcript = captionkit.load(shared_file("assemblyai-go-sdk", "completed.json"))
    netflix = PROFILES["netflix"]
    checked = _failures(transcript, netflix)
    weighed = _failures(transcript, replace(netflix, speed_is_limit=False))
    assert checked["reading_speed_cps"] < weighed["reading_speed_cps"]
    # the cues it saves cost cue breaks, never a line break after a function word
    assert checked["line_breaks"] == 0
    assert checked["max_chars_per_line"] == checked["max_lines"] == 0
    assert checked["min_duration"] == checked["max_duration"] == checked["min_gap"] == 0
