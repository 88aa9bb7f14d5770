"""Hypothesis strategies that generate AssemblyAI-shaped transcripts."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from captionkit.text.width import IGNORABLE

# Word texts: ordinary words, punctuation, markup-like and arrow-like tokens, any unicode.
_plain = st.sampled_from(
    ["the", "a", "Hello,", "world.", "It's", "2022.", "Dr.", "U.S.", "e.g.", "why?", "yes!", "—", "…"]
)
_tricky = st.sampled_from(["-->", "<b>", "&", "a&b", "<v", ">", "&amp;", "x-->y", "<i>hi</i>", "1", "42", "--"])
_unicode = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=12,
)
_cjk = st.text(alphabet=st.sampled_from("日本語の字幕です。中文字幕한국어"), min_size=1, max_size=6)
_long = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=30, max_size=70)
# a word of nothing but white space and invisible characters is rejected as blank by the loader
_visible = st.one_of(_plain, _plain, _plain, _tricky, _unicode, _cjk, _long)
word_text = _visible.filter(lambda s: any(not c.isspace() and c not in IGNORABLE for c in s))

# Steps between words: touching, tiny, ordinary, long silences, enormous jumps (> 100 h).
_gap = st.one_of(
    st.just(0),
    st.integers(0, 60),
    st.integers(0, 400),
    st.integers(800, 6000),
    st.integers(30_000, 400_000_000),
)
_duration = st.one_of(st.just(0), st.integers(1, 80), st.integers(80, 900), st.integers(900, 6000))


@st.composite
def words(draw: st.DrawFn, min_size: int = 1, max_size: int = 60) -> list[dict[str, Any]]:
    n = draw(st.integers(min_size, max_size))
    t = draw(st.one_of(st.just(0), st.integers(0, 5000), st.integers(360_000_000, 400_000_000)))
    speakers = draw(st.lists(st.sampled_from(["A", "B", "C", None]), min_size=1, max_size=4))
    overlapping = draw(st.booleans())  # multichannel audio: words of two channels overlap
    out = []
    for i in range(n):
        if i and overlapping and draw(st.integers(0, 3)) == 0:
            t = draw(st.integers(out[-1]["start"], t))  # starts before the previous word ends
        else:
            t += draw(_gap) if i else 0
        d = draw(_duration)
        out.append(
            {
                "text": draw(word_text),
                "start": t,
                "end": t + d,
                "confidence": draw(st.floats(0, 1)),
                "speaker": speakers[(i // draw(st.integers(1, 8))) % len(speakers)],
            }
        )
        t += d
    return out


@st.composite
def transcripts(draw: st.DrawFn, min_words: int = 1, max_words: int = 60) -> dict[str, Any]:
    ws = draw(words(min_words, max_words))
    return {"id": "hyp", "status": "completed", "text": " ".join(w["text"] for w in ws), "words": ws}


chars_per_caption = st.one_of(st.none(), st.integers(1, 8), st.integers(9, 120))
