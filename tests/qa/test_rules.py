"""The lint rule table (:mod:`captionkit.qa.rules`): every rule function fails a case that
breaks its rule and passes one that keeps it, and the table covers every rule."""

from __future__ import annotations

import pytest

import captionkit
from captionkit.model.cue import Cue
from captionkit.profiles import PROFILES
from captionkit.qa.context import LintContext
from captionkit.qa.report import RULES, Violation
from captionkit.qa.rules import CHECK_OF, CHECKS, CUE_CHECKS, limits_of

NETFLIX = PROFILES["netflix"]  # 42 characters, 2 lines, 834-7000 ms, 2 frames at 24 fps, 20 cps
BBC = PROFILES["bbc"]  # 180 wpm


def cue(start: int, end: int, *lines: str, speakers: tuple[str | None, ...] = ()) -> Cue:
    return Cue(start, end, lines, speakers=speakers)


def words(*spec: tuple[str, int, int]):
    return captionkit.load({"words": [{"text": t, "start": a, "end": b} for t, a, b in spec]}).words


HELLO = words(("Hello", 0, 400), ("there.", 500, 1000))
LONG = "This line is a bit longer than forty-two characters"  # 51

#: rule -> (a case that breaks it, a case that keeps it); a case is LintContext arguments
CASES: dict[str, tuple[dict, dict]] = {
    "format": (
        {"cues": [cue(0, 1000, "Hello.")], "extra": [Violation("format", None, "x", "y", "bad")]},
        {"cues": [cue(0, 1000, "Hello.")]},
    ),
    "text": ({"cues": [cue(0, 1000, "Hello  there.")]}, {"cues": [cue(0, 1000, "Hello there.")]}),
    "timing": (
        {"cues": [cue(1000, 1000, "Hello.")]},
        {"cues": [cue(0, 1000, "Hello."), cue(1000, 2000, "There.")]},
    ),
    "max_chars_per_line": ({"cues": [cue(0, 3000, LONG)]}, {"cues": [cue(0, 3000, "Short line.")]}),
    "wide_word": (
        {"cues": [cue(0, 3000, "https://example.com/a/very/long/path/to/some/page")]},
        {"cues": [cue(0, 3000, "https://example.com/")]},
    ),
    "max_lines": ({"cues": [cue(0, 3000, "one", "two", "three")]}, {"cues": [cue(0, 3000, "one", "two")]}),
    "one_line_if_fits": (
        {"cues": [cue(0, 3000, "Hello", "there.")]},
        {"cues": [cue(0, 3000, "This line has about thirty chars", "and so does this other line.")]},
    ),
    "min_duration": ({"cues": [cue(0, 500, "Hi.")]}, {"cues": [cue(0, 1000, "Hi.")]}),
    "max_duration": ({"cues": [cue(0, 8000, "Hi.")]}, {"cues": [cue(0, 7000, "Hi.")]}),
    "reading_speed_cps": ({"cues": [cue(0, 1000, LONG)]}, {"cues": [cue(0, 3000, LONG)]}),
    "reading_speed_wpm": (
        {"cues": [cue(0, 1000, "one two three four five six")], "profile": BBC},
        {"cues": [cue(0, 3000, "one two three four five six")], "profile": BBC},
    ),
    "line_breaks": (
        {"cues": [cue(0, 3000, "I saw the", "dog today.")]},
        {"cues": [cue(0, 3000, "I saw the dog", "today.")]},
    ),
    "overlap": (
        {"cues": [cue(0, 2000, "One."), cue(1500, 3000, "Two.")]},
        {"cues": [cue(0, 1000, "One."), cue(2000, 3000, "Two.")]},
    ),
    "min_gap": (
        {"cues": [cue(0, 1000, "One."), cue(1040, 2000, "Two.")]},
        {"cues": [cue(0, 1000, "One."), cue(1084, 2000, "Two.")]},
    ),
    "gap_chaining": (
        {"cues": [cue(0, 1000, "One."), cue(1300, 2500, "Two.")]},
        {"cues": [cue(0, 1000, "One."), cue(1084, 2500, "Two.")]},
    ),
    "cue_breaks": (
        {"cues": [cue(0, 1000, "I saw the"), cue(1084, 2500, "dog.")]},
        {"cues": [cue(0, 1000, "I saw it."), cue(1084, 2500, "The dog.")]},
    ),
    "completeness": (
        {"cues": [cue(0, 400, "Hello")], "words": HELLO},
        {"cues": [cue(0, 1000, "Hello there.")], "words": HELLO},
    ),
    "sync": (
        {"cues": [cue(3000, 4000, "Hello there.")], "words": HELLO},
        {"cues": [cue(0, 1000, "Hello there.")], "words": HELLO},
    ),
}


def run(rule: str, case: dict) -> list[Violation]:
    ctx = LintContext(case["cues"], case.get("profile", NETFLIX), case.get("words"), case.get("extra", ()))
    check = CHECK_OF[rule]
    assert check.applies(ctx)
    found = check.run(ctx)
    assert found.checked >= 1
    assert all(v.cue is None or 1 <= v.cue <= len(case["cues"]) for v in found.violations)
    return [v for v in found.violations if v.rule == rule]


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rule_fails_what_breaks_it_and_passes_what_keeps_it(rule):
    broken, kept = CASES[rule]
    assert run(rule, broken), f"{rule} passed a case that breaks it"
    assert run(rule, kept) == [], f"{rule} failed a case that keeps it"


def test_the_table_covers_every_rule_once():
    assert sorted(CHECK_OF) == sorted(RULES) == sorted(CASES)
    assert sum(len(c.rules) for c in CHECKS) == len(RULES)
    assert set(limits_of(NETFLIX)) <= set(RULES)


def test_cue_rules_are_listed_by_cue_then_in_table_order():
    """run_checks merges the cue rules' violations: by cue, and within a cue in the order of
    CUE_CHECKS (as the single loop did)."""
    from captionkit.qa.lint import lint_cues

    cues = [cue(0, 300, "I saw the", "dog"), cue(320, 8000, "one", "two", "three")]
    report = lint_cues(cues, NETFLIX, language="en")
    order = [c.rules[0] for c in CUE_CHECKS]
    listed = [(v.cue, v.rule) for v in report.violations if v.rule != "format"]
    key = [(n, order.index("max_chars_per_line" if r == "wide_word" else r)) for n, r in listed]
    assert key == sorted(key) and {n for n, _ in listed} == {1, 2}


def test_rules_that_a_profile_lacks_are_not_run():
    ctx = LintContext([cue(0, 1000, "Hi.")], PROFILES["dcmp"], None)
    assert not CHECK_OF["max_duration"].applies(ctx)
    assert not CHECK_OF["gap_chaining"].applies(ctx)
    assert not CHECK_OF["reading_speed_cps"].applies(ctx)
    assert not CHECK_OF["completeness"].applies(ctx) and not CHECK_OF["sync"].applies(ctx)
