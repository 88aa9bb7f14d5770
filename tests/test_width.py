"""Text width (graphemes, full-width units), joining words, language and direction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from captionkit.text.width import (
    RLM,
    base_language,
    bidi_safe,
    cjk_units,
    detect_language,
    graphemes,
    join_words,
    joiner,
    mostly_rtl,
    width,
)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("abc", 3),
        ("e\u0301", 1),  # e + combining acute: one character on screen
        ("\U0001f468\u200d\U0001f469\u200d\U0001f467", 1),  # family emoji (ZWJ sequence)
        ("\U0001f1ef\U0001f1f5", 1),  # flag
        ("\u0928\u092e\u0938\u094d\u0924\u0947", 3),  # Hindi namaste
        ("\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a", 7),  # Thai
        ("a b", 3),  # spaces count
        ("\u200fabc\u200e", 3),  # bidi marks do not
        ("\u200bab\ufeff", 2),  # zero-width space and BOM do not
        ("a\tb", 2),  # control characters do not
        ("", 0),
    ],
)
def test_graphemes_count_what_the_viewer_sees(text, count):
    assert graphemes(text) == count
    assert width(text) == count


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("\u3053\u3093\u306b\u3061\u306f\u3001\u4e16\u754c\uff01", 9.0),  # all full width
        ("abc", 1.5),  # half width counts 0.5
        ("\uff71", 0.5),  # half-width katakana
        ("\u6771\u4eac 2020", 4.5),  # 2 full + space + 4 digits
        ("\ud55c\uad6d\uc5b4", 3.0),  # Hangul syllables are full width
    ],
)
def test_cjk_units_count_full_width_one_and_half_width_half(text, units):
    assert cjk_units(text) == units
    assert width(text, "cjk") == units


def test_unknown_width_mode_is_an_error():
    with pytest.raises(ValueError, match="unknown width mode"):
        width("a", "pixels")  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_width_bounds(text):
    g = graphemes(text)
    assert g <= len(text)
    assert g / 2 <= cjk_units(text) <= g
    assert graphemes(text + text) <= 2 * g + 1  # a cluster may join across the seam, never split


@pytest.mark.parametrize(
    ("words", "joined"),
    [
        (["Hello,", "world."], "Hello, world."),
        (["\u4eca\u65e5\u306f", "\u3044\u3044", "\u5929\u6c17"], "\u4eca\u65e5\u306f\u3044\u3044\u5929\u6c17"),
        (["\u6771\u4eac", "iPhone"], "\u6771\u4eac iPhone"),  # no language: a Latin word keeps its space
        (["\ud55c\uad6d\uc5b4", "\uc790\ub9c9"], "\ud55c\uad6d\uc5b4 \uc790\ub9c9"),  # Korean keeps its spaces
        (
            ["\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35", "\u0e04\u0e23\u0e31\u0e1a"],
            "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u0e04\u0e23\u0e31\u0e1a",
        ),
        (["\u05e9\u05dc\u05d5\u05dd", "\u05e2\u05d5\u05dc\u05dd"], "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"),
        ([], ""),
        (["one"], "one"),
    ],
)
def test_join_words_inserts_no_space_between_cjk_words(words, joined):
    assert join_words(words) == joined


def test_joiner():
    assert joiner("a", "b") == " "
    assert joiner("\u6771", "\u4eac") == ""  # two CJK words, whatever the language
    assert joiner("\u6771", "\u4eac", "en_us") == ""
    assert joiner("\u3002", "a", "ja") == ""  # after a CJK full stop in Japanese
    assert joiner("", "a") == " "


@pytest.mark.parametrize("language", [None, "en_us", "en", "es", "ko", "de"])
def test_a_cjk_word_between_latin_words_keeps_its_spaces_unless_the_language_is_written_without_them(language):
    words = ["an", "\u6771\u4eac", "other", "iPhone", "\u3002", "x"]
    assert join_words(words, language) == "an \u6771\u4eac other iPhone \u3002 x"


@pytest.mark.parametrize("language", ["ja", "ja_jp", "zh", "th"])
def test_in_a_language_written_without_spaces_latin_words_join_their_cjk_neighbours(language):
    assert join_words(["\u6771\u4eac", "iPhone", "\u3092", "\u8cb7\u3046"], language) == (
        "\u6771\u4eaciPhone\u3092\u8cb7\u3046"
    )
    assert join_words(["see", "you"], language) == "see you"  # Latin words among themselves keep theirs


@pytest.mark.parametrize(
    ("texts", "language"),
    [
        (["\u4eca\u65e5\u306f\u3044\u3044\u5929\u6c17"], "ja"),
        (["\u4eca\u5929\u5929\u6c14\u5f88\u597d"], "zh"),
        (["\ud55c\uad6d\uc5b4 \uc790\ub9c9"], "ko"),
        (["Hello world"], None),
        (["Hello world", "\u6771"], None),  # mostly Latin
        ([], None),
    ],
)
def test_detect_language(texts, language):
    assert detect_language(texts) == language


@pytest.mark.parametrize(
    ("code", "base"), [("en_us", "en"), ("en-GB", "en"), ("JA", "ja"), (None, None), ("  ", None), ("zh", "zh")]
)
def test_base_language(code, base):
    assert base_language(code) == base


def test_bidi_safe_marks_rtl_lines_that_start_with_a_neutral_or_ltr_character():
    hebrew = "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd"
    assert bidi_safe(hebrew) == hebrew  # starts with a Hebrew letter: already right to left
    assert bidi_safe("2022 " + hebrew) == RLM + "2022 " + hebrew
    assert bidi_safe("-" + hebrew) == RLM + "-" + hebrew  # dialogue dash goes on the right
    assert bidi_safe("ABC " + hebrew) == RLM + "ABC " + hebrew
    assert bidi_safe("Hello 2022") == "Hello 2022"  # left to right: untouched
    assert bidi_safe(RLM + "2022 " + hebrew) == RLM + "2022 " + hebrew  # idempotent
    assert mostly_rtl("\u0645\u0631\u062d\u0628\u0627 ok")
    assert not mostly_rtl("Hello \u05e9")


@given(st.text(max_size=30))
def test_bidi_safe_never_changes_the_characters(text):
    out = bidi_safe(text)
    assert out in (text, RLM + text)
    assert bidi_safe(out) == out
