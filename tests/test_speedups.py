"""The compiled dynamic programmes (captionkit/_speedups.c) give exactly what the Python
code gives: the Python code is their specification.

Skipped where the extension was not built (no C compiler); ``.ci/run`` sets
``CAPTIONKIT_REQUIRE_SPEEDUPS=1`` so that a build that silently fell back fails here.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionkit
import captionkit.segment.broadcast as bc
from captionkit.documents.speakers import fill_missing
from captionkit.profiles import PROFILES, get_profile

from .conftest import CORPUS, FIXTURES
from .strategies import transcripts

try:
    from captionkit import _speedups
except ImportError:  # pragma: no cover - depends on the installation
    _speedups = None

if _speedups is None and os.environ.get("CAPTIONKIT_REQUIRE_SPEEDUPS"):
    raise RuntimeError("CAPTIONKIT_REQUIRE_SPEEDUPS is set but captionkit._speedups was not built")

needs_compiled = pytest.mark.skipif(_speedups is None, reason="captionkit._speedups is not built (no C compiler)")

profiles = st.one_of(
    st.sampled_from(list(PROFILES.values())),
    st.builds(
        lambda name, cpl, lines, cps, fps, chain: replace(
            get_profile(name, max_chars_per_line=cpl, max_lines=lines, max_cps=cps, fps=fps), chain_gaps_under=chain
        ),
        st.sampled_from(["netflix", "bbc", "dcmp"]),
        st.integers(1, 50),
        st.integers(1, 4),
        st.one_of(st.none(), st.floats(5, 30)),
        st.sampled_from([24.0, 25.0, 30000 / 1001]),
        st.one_of(st.none(), st.floats(0.1, 2.0)),
    ),
)


def _segmenter(t: captionkit.Transcript, profile, labels: bool) -> bc._Segmenter:
    cols = t.word_columns()
    eff = bc.effective_profile(t, profile)
    keys = fill_missing(list(cols.speakers), cols.channels)
    label = "[{}] ".format if labels else None
    return bc._Segmenter(cols.texts, cols.starts, cols.ends, keys, eff, eff.dash_for(labels), label)


@needs_compiled
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=transcripts(max_words=80), profile=profiles, labels=st.booleans())
def test_the_compiled_broadcast_segmenter_gives_the_python_groups(data, profile, labels):
    seg = _segmenter(captionkit.load(data), profile, labels)
    assert seg.run(compiled=True) == seg.run_python()


def _real_transcripts():
    found = sorted(CORPUS.glob("*/transcript.json")) + sorted(FIXTURES.glob("*/*.json"))
    out = []
    for path in found:
        try:
            out.append(captionkit.load(path))
        except captionkit.CaptionkitError:
            continue
    return out


@needs_compiled
def test_the_compiled_broadcast_segmenter_gives_the_python_groups_on_real_transcripts():
    real = _real_transcripts()
    if not real:
        pytest.skip("real AssemblyAI data not found (set CAPTIONKIT_SHARED)")
    for t in real:
        for profile in (*PROFILES.values(), get_profile("netflix", max_lines=3, max_chars_per_line=30)):
            for labels in (False, True):
                seg = _segmenter(t, profile, labels)
                assert seg.run(compiled=True) == seg.run_python(), (t.id, profile.name, labels)


def test_without_the_compiled_module_the_cues_are_the_same(monkeypatch):
    t = captionkit.load(
        {
            "language_code": "en",
            "words": [
                {"text": w, "start": 300 * i, "end": 300 * i + 250, "speaker": "AB"[i // 9 % 2]}
                for i, w in enumerate(("Well, the model of the U.S. economy grew by 42 percent. " * 4).split())
            ],
        }
    )
    with_compiled = [bc.broadcast_cues(t, p, labels) for p in PROFILES.values() for labels in (False, True)]
    monkeypatch.setattr(bc, "_speedups", None)
    assert [bc.broadcast_cues(t, p, labels) for p in PROFILES.values() for labels in (False, True)] == with_compiled
    seg = _segmenter(t, PROFILES["netflix"], False)
    with pytest.raises(RuntimeError, match="not built"):
        seg.run(compiled=True)


@needs_compiled
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=transcripts(max_words=120), cap=st.one_of(st.integers(1, 12), st.integers(13, 120)))
def test_the_compiled_api_split_gives_the_python_split_and_probabilities(data, cap):
    from captionkit.segment import api as segment

    cols = captionkit.load(data).word_columns()
    texts, starts, ends = cols.texts, cols.starts, cols.ends
    probabilities = _speedups.api_break_probabilities(
        list(map(len, texts)), starts, ends, segment.join_kind_ids(texts), cap, segment._C_MODEL
    )
    assert probabilities == segment.api_break_probabilities(texts, starts, ends, cap)
    compiled = segment._agreeing_groups(texts, starts, ends, cap, compiled=True)
    assert compiled == segment._agreeing_groups(texts, starts, ends, cap, compiled=False)


@needs_compiled
def test_the_compiled_api_split_gives_the_python_split_on_real_transcripts():
    from captionkit.segment import api as segment

    real = _real_transcripts()
    if not real:
        pytest.skip("real AssemblyAI data not found (set CAPTIONKIT_SHARED)")
    for t in real:
        cols = t.word_columns()
        for cap in (1, 16, 32, 40, 60, 200):
            compiled = segment._agreeing_groups(cols.texts, cols.starts, cols.ends, cap, compiled=True)
            assert compiled == segment._agreeing_groups(cols.texts, cols.starts, cols.ends, cap, compiled=False)


def test_without_the_compiled_module_the_api_cues_are_the_same(monkeypatch):
    from captionkit.segment import api as segment

    t = captionkit.load(
        {
            "words": [
                {"text": w, "start": 280 * i, "end": 280 * i + 250}
                for i, w in enumerate(("So, it ends. " * 30).split())
            ]
        }
    )
    with_compiled = [t.captions(cap) for cap in (8, 32, 40)]
    monkeypatch.setattr(segment, "_speedups", None)
    assert [t.captions(cap) for cap in (8, 32, 40)] == with_compiled
    with pytest.raises(RuntimeError, match="not built"):
        segment._agreeing_groups(["a"], [0], [1], 10, compiled=True)
