"""The review page (``captionkit html``) without a browser: structure, words, escaping, no
network, size, the command's errors."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import captionkit
from captionkit.cli import main
from captionkit.options import ExportOptions
from captionkit.profiles import get_profile
from captionkit.qa.lint import lint_text
from captionkit.review import (
    Captions,
    media_kind,
    media_url,
    read_captions,
    review_html,
    review_page,
    script_json,
)

from .conftest import CORPUS, SAMPLE

HOSTILE = "<script>alert(1)</script>"


def synthetic_transcript(texts: list[str] | None = None, *, speakers: bool = True, gap: int = 60) -> dict[str, Any]:
    """A small completed transcript: ``texts`` (default: 12 words, one of them ``<script>``),
    each word 300 ms long with ``gap`` ms between, two speakers taking turns every 4 words."""
    texts = texts or [
        "The",
        "quick",
        "brown",
        "fox.",
        HOSTILE,
        "jumps",
        "over",
        "the",
        "lazy",
        "dog",
        "again",
        "today.",
    ]
    words = []
    t = 200
    for i, text in enumerate(texts):
        word = {"text": text, "start": t, "end": t + 300, "confidence": 0.3 if i == 2 else 0.95}
        if speakers:
            word["speaker"] = "AB"[(i // 4) % 2]
        words.append(word)
        t += 300 + gap
    return {
        "id": "synthetic-1",
        "status": "completed",
        "language_code": "en_us",
        "text": " ".join(texts),
        "words": words,
        "audio_duration": t // 1000 + 1,
    }


class Page(HTMLParser):
    """The parts of a page the tests read: the word elements, links, sources, scripts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[tuple[str, int, int, set[str]]] = []
        self.tags: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.seeks: list[tuple[int, str | None]] = []
        self.ids: list[str] = []
        self.attrs: list[str] = []
        self.spk_spans = 0
        self.fixed_spans = 0
        self._word: list[Any] | None = None
        self._script: list[Any] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append(tag)
        self.attrs.extend(name for name, _ in attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        for key in ("src", "href"):
            if a.get(key):
                self.urls.append((tag, key, a[key] or ""))
        classes = set((a.get("class") or "").split())
        if tag == "span" and "spk" in classes:
            self.spk_spans += 1
        elif tag == "span" and ("w" not in classes or "data-start" not in a):
            self.fixed_spans += 1
        if tag == "span" and "w" in classes and "data-start" in a:
            self._word = [int(a["data-start"] or 0), int(a["data-end"] or 0), classes, ""]
        elif self._word is not None:
            raise AssertionError(f"a <{tag}> inside a word element")
        if tag == "script":
            self._script = [a, ""]
        if "data-seek" in a:
            self.seeks.append((int(a["data-seek"] or 0), a.get("data-cue")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._word is not None:
            start, end, classes, text = self._word
            self.words.append((text, start, end, classes))
            self._word = None
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], self._script[1]))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._word is not None:
            self._word[3] += data
        if self._script is not None:
            self._script[1] += data

    def data(self) -> dict[str, Any]:
        return json.loads(next(body for a, body in self.scripts if a.get("id") == "ck-data"))


@pytest.fixture(scope="module")
def sample_page() -> str:
    return review_page(captionkit.load(SAMPLE))


def test_page_is_valid_html5(sample_page: str) -> None:
    html5lib = pytest.importorskip("html5lib", reason="html5lib is not installed (pip install html5lib)")
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(sample_page)  # raises on any parse error
    page = Page(sample_page)
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    assert sample_page.startswith("<!DOCTYPE html>")


def test_every_word_once_in_order_with_its_times(sample_page: str) -> None:
    t = captionkit.load(SAMPLE)
    page = Page(sample_page)
    assert [(w[0], w[1], w[2]) for w in page.words] == [(w.text, w.start, w.end) for w in t.words]


def test_turns_have_speaker_names_and_timecodes() -> None:
    t = captionkit.load(SAMPLE)
    page = review_page(t, speaker_names={"A": "Alice", "B": "Bob <b>"})
    assert '<span class="spk">Alice</span>' in page
    assert '<span class="spk">Bob &lt;b&gt;</span>' in page
    first = t.utterances[1]
    assert f'data-seek="{first.start}">00:00:{first.start // 1000:02d}</a>' in page


def test_low_confidence_words_marked_by_threshold() -> None:
    t = captionkit.load(synthetic_transcript())
    low = [w for w in Page(review_page(t)).words if "lc" in w[3]]
    assert [w[0] for w in low] == ["brown"]
    everything = [w for w in Page(review_page(t, confidence_threshold=1.0)).words if "lc" in w[3]]
    assert len(everything) == len(t.words)
    assert not [w for w in Page(review_page(t, confidence_threshold=0.0)).words if "lc" in w[3]]
    with pytest.raises(ValueError, match="from 0 to 1"):
        review_page(t, confidence_threshold=1.5)


def test_hostile_word_is_text() -> None:
    page_text = review_page(captionkit.load(synthetic_transcript()))
    page = Page(page_text)
    assert HOSTILE in [w[0] for w in page.words]
    assert page.tags.count("script") == 2  # the data and the page's own script
    assert HOSTILE not in page_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_text


#: every element the page itself writes
PAGE_TAGS = frozenset(
    [
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "div",
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "button",
        "span",
        "label",
        "input",
        "main",
        "section",
        "a",
        "aside",
        "figure",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "select",
        "option",
        "ol",
        "li",
        "b",
        "footer",
        "kbd",
        "code",
        "script",
        "audio",
        "video",
        "track",
    ]
)


# any text around one visible character (the loader refuses blank words); markup-like pieces mixed in
_pieces = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["<", ">", "&", '"', "'", "</script>", "<!--", "-->", "&amp;", "<b>", "<img src=x>", "\u2028"]),
)
word_texts = st.builds(
    lambda a, b, c: a + b + c, _pieces, st.sampled_from(["x", "<", "&", "\u00e9", "\u4e2d"]), _pieces
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(word_texts, min_size=1, max_size=4))
def test_any_word_text_stays_text(texts: list[str]) -> None:
    t = captionkit.load(synthetic_transcript(["plain", *texts], gap=100))
    page = Page(review_page(t))
    assert [w[0] for w in page.words] == [w.text for w in t.words]  # as loaded (control characters dropped)
    # no word made an element or an attribute: only the page's own tags, two scripts, no handlers
    assert set(page.tags) <= PAGE_TAGS, set(page.tags) - PAGE_TAGS
    assert page.tags.count("script") == 2
    assert not [name for name in page.attrs if name.startswith("on")]
    assert page.tags.count("span") == len(t.words) + page.spk_spans + page.fixed_spans
    page.data()  # the embedded JSON still parses


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_script_json_is_inert_inside_a_script(text: str) -> None:
    embedded = script_json({"t": text, "x": "</script><!--"})
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded
    assert "\u2028" not in embedded and "\u2029" not in embedded
    assert json.loads(embedded) == {"t": text, "x": "</script><!--"}


def test_separators_and_script_end_in_captions_escaped_in_json() -> None:
    t = captionkit.load(synthetic_transcript())
    srt = "1\n00:00:00,200 --> 00:00:01,500\na\u2028b </script><!-- c\u2029d\n"
    page_text = review_page(t, captions=Captions(srt, "odd.srt"))
    body = page_text.split('id="ck-data">', 1)[1].split("</script>", 1)[0]
    assert "</" not in body and "\u2028" not in body and "\u2029" not in body
    data = json.loads(body)
    assert data["cues"][0]["t"] == "a\u2028b </script><!-- c\u2029d"


def test_no_external_urls_without_media(sample_page: str) -> None:
    page = Page(sample_page)
    assert all(not re.match(r"(?i)\s*(https?:)?//", url) for _, _, url in page.urls), page.urls
    assert not re.search(r"(?i)url\(|@import|https?://", sample_page.replace("http://www.w3.org/2000/svg", ""))


def test_only_the_media_is_external() -> None:
    t = captionkit.load(synthetic_transcript())
    page = Page(review_page(t, media="https://media.example/talk.mp3?x=1&y=2"))
    external = [(tag, url) for tag, _, url in page.urls if re.match(r"(?i)(https?:)?//", url)]
    assert external == [("audio", "https://media.example/talk.mp3?x=1&y=2")]


def test_csp_allows_the_page_script_and_style_by_hash(sample_page: str) -> None:
    page = Page(sample_page)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', sample_page)
    assert policy is not None
    code = next(body for a, body in page.scripts if not a.get("type"))
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy.group(1)
    assert "default-src 'none'" in policy.group(1)
    style = sample_page.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in policy.group(1)


def test_page_size_reasonable(sample_page: str) -> None:
    words = len(captionkit.load(SAMPLE).words)
    assert len(sample_page.encode()) < 25_000 + 200 * words


@pytest.mark.skipif(not (CORPUS / "meeting04-part1" / "transcript.json").exists(), reason="corpus not present")
def test_real_meeting_transcript() -> None:
    path = CORPUS / "meeting04-part1" / "transcript.json"
    t = captionkit.load(path)
    text = review_page(t)
    page = Page(text)
    assert [(w[0], w[1], w[2]) for w in page.words] == [(w.text, w.start, w.end) for w in t.words]
    assert len(text.encode()) < 25_000 + 200 * len(t.words)
    api = CORPUS / "meeting04-part1" / "api.srt"
    qc = Page(review_page(t, captions=read_captions(api)))
    report = lint_text(api.read_text(), get_profile("netflix"), source=str(api), words=t.words, language="en_us")
    assert len([s for s in qc.seeks if s[1] is not None]) == len([v for v in report.violations if v.cue is not None])


def test_media_element_by_extension() -> None:
    assert media_kind("talk.MP4") == "video"
    assert media_kind("https://x.example/a.webm?sig=1") == "video"
    assert media_kind("talk.mp3") == media_kind("talk.wav") == media_kind("stream") == "audio"
    t = captionkit.load(synthetic_transcript())
    assert "<video " in review_page(t, media="a.mp4") and "<audio " not in review_page(t, media="a.mp4")
    assert "<audio " in review_page(t, media="a.mp4", kind="audio")


def test_track_holds_the_captions() -> None:
    t = captionkit.load(synthetic_transcript())
    page = review_page(t, media="a.wav", profile="bbc")
    src = re.search(r'<track [^>]*src="data:text/vtt;base64,([^"]+)"', page)
    assert src is not None
    vtt = base64.b64decode(src.group(1)).decode()
    from captionkit import formats

    assert vtt == formats.get("vtt").render(t, ExportOptions(profile="bbc"))


def test_qc_links_land_on_cue_starts(tmp_path: Path) -> None:
    t = captionkit.load(synthetic_transcript())
    srt = tmp_path / "bad.srt"
    srt.write_text(
        "1\n00:00:00,200 --> 00:00:01,600\nThe quick brown fox.\n\n"
        "2\n00:00:01,600 --> 00:00:01,800\n<script> jumps over the lazy dog again today.\n",
        encoding="utf-8",
    )
    page = Page(review_page(t, captions=read_captions(srt)))
    cue_links = {cue: ms for ms, cue in page.seeks if cue is not None}
    assert cue_links == {"1": 200, "2": 1600}  # min_gap after cue 1, min_duration and speed of cue 2
    data = page.data()
    assert [c["s"] for c in data["cues"]] == [200, 1600]
    assert data["gap"] == [1] and data["dur"] == [2]
    assert data["cues"][1]["k"] == 2


def test_render_export_function() -> None:
    t = captionkit.load(SAMPLE)
    page = review_html(t, ExportOptions(profile="bbc", speaker_names={"A": "Alice"}))
    assert "profile bbc" in page and "Alice" in page and "<audio" not in page
    assert "profile netflix" in review_html(t, ExportOptions())


def test_no_speakers_blocks_by_paragraph() -> None:
    t = captionkit.load(synthetic_transcript(speakers=False))
    page = Page(review_page(t))
    assert [w[0] for w in page.words] == [w.text for w in t.words]
    assert 'class="spk"' not in review_page(t)


# -- the command


def test_cli_writes_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    media = tmp_path / "media" / "talk one.mp3"
    media.parent.mkdir()
    media.write_bytes(b"\0")
    out = tmp_path / "pages" / "review.html"
    out.parent.mkdir()
    assert main(["html", str(SAMPLE), "--media", str(media), "-o", str(out), "--speaker-names", "A=Alice"]) == 0
    text = out.read_text(encoding="utf-8")
    assert 'src="../media/talk%20one.mp3"' in text
    assert "Alice" in text


def test_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["html", str(tmp_path / "missing.json")]) == 1
    assert "missing.json" in capsys.readouterr().err
    assert main(["html", str(SAMPLE), "--media", str(tmp_path / "nope.mp3")]) == 1
    err = capsys.readouterr().err
    assert "nope.mp3" in err and "not found" in err
    bad = tmp_path / "bad.srt"
    bad.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n")
    assert main(["html", str(SAMPLE), "--captions", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.srt" in err and "UTF-8" in err
    junk = tmp_path / "notes.txt"
    junk.write_text("hello\n")
    assert main(["html", str(SAMPLE), "--captions", str(junk)]) == 1
    err = capsys.readouterr().err
    assert "notes.txt" in err and "not SRT or WebVTT" in err
    empty = tmp_path / "empty.vtt"
    empty.write_text("WEBVTT\n\n")
    assert main(["html", str(SAMPLE), "--captions", str(empty)]) == 1
    assert "empty.vtt" in capsys.readouterr().err
    assert main(["html", str(SAMPLE), "--captions", str(tmp_path / "gone.srt")]) == 1
    assert "gone.srt" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["html", str(SAMPLE), "--confidence-threshold", "2"])
    assert exit_.value.code == 2


def test_media_url(tmp_path: Path) -> None:
    assert media_url("https://x.example/a.mp3") == "https://x.example/a.mp3"
    assert media_url("file:///srv/a.mp3") == "file:///srv/a.mp3"
    (tmp_path / "a#1.wav").write_bytes(b"")
    assert media_url(str(tmp_path / "a#1.wav"), tmp_path / "page.html") == "a%231.wav"


def test_captions_object_with_source_name() -> None:
    t = captionkit.load(synthetic_transcript())
    page = review_page(t, captions=Captions("WEBVTT\n\n00:00.200 --> 00:00:02.000\nThe quick\n", "mine.vtt"))
    assert "Captions: mine.vtt" in page


def test_render_to_html_writes_one_page_per_transcript(tmp_path: Path) -> None:
    """html is a registered format: render --to html writes one page per transcript."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.json").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "b.json").write_text(json.dumps(synthetic_transcript()), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(src), "--to", "html,srt", "--profile", "bbc", "--out", str(out), "-j", "1"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a.html", "a.srt", "b.html", "b.srt"]
    assert "profile bbc" in (out / "a.html").read_text(encoding="utf-8")
