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

import base64
import contextlib
import hashlib
import html
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from captionkit.errors import CaptionParseError, InputError

if TYPE_CHECKING:
    from captionkit.exports import ExportOptions
    from captionkit.model import Transcript
    from captionkit.profiles import Profile

#: words whose confidence is below this are marked (``--confidence-threshold``)
DEFAULT_CONFIDENCE_THRESHOLD = 0.5
#: the profile the captions are made with and checked against when none is given
DEFAULT_PROFILE = "netflix"
#: a cue is drawn "over" above the limit and "far over" above this many times it
FAR_OVER = 1.25

AUDIO_EXTENSIONS = frozenset(
    (".mp3", ".wav", ".wave", ".m4a", ".aac", ".oga", ".ogg", ".opus", ".flac", ".weba", ".mka")
)
VIDEO_EXTENSIONS = frozenset((".mp4", ".m4v", ".webm", ".mov", ".mkv", ".ogv", ".avi", ".3gp"))
MEDIA_KINDS = ("audio", "video")

#: rules drawn on the timeline: a problem of the cue's duration, of the gap after the cue
DURATION_RULES = frozenset(("min_duration", "max_duration"))
GAP_RULES = frozenset(("min_gap", "gap_chaining", "overlap"))


# ---------------------------------------------------------------- what the page shows


@dataclass(frozen=True)
class Block:
    """A run of words shown under one heading: a speaker turn (or a paragraph when the
    transcript has no speakers). ``first``/``last`` are word indices, inclusive."""

    speaker: str | None
    #: 0-based index of the speaker among the page's speakers (its colour), or None
    colour: int | None
    first: int
    last: int


@dataclass(frozen=True)
class ReviewCue:
    """One caption cue as the lint numbered it (1-based ``number``)."""

    number: int
    start: int
    end: int
    lines: tuple[str, ...]
    #: characters per second as the lint counts them; None for a cue of no duration
    cps: float | None


@dataclass(frozen=True)
class Finding:
    """One lint violation; ``cue`` is None for the whole file."""

    cue: int | None
    rule: str
    severity: str
    message: str


@dataclass(frozen=True)
class RuleRow:
    """One row of the lint's per-rule summary."""

    rule: str
    severity: str
    description: str
    checked: int
    failed: int
    unit: str
    limit: str
    conformity: float


@dataclass(frozen=True)
class ReviewData:
    """Everything the page shows, taken from captionkit by :func:`collect`."""

    title: str
    language: str | None
    texts: list[str]
    starts: list[int]
    ends: list[int]
    confidences: list[float | None]
    blocks: list[Block]
    cues: list[ReviewCue]
    #: the captions as WebVTT (the page's <track>)
    vtt: str
    #: where the captions come from: "captionkit --profile netflix" or the file's name
    captions_source: str
    profile_name: str
    profile_summary: str
    max_cps: float | None
    verdict: str
    ok: bool
    rules: list[RuleRow]
    findings: list[Finding]


@dataclass(frozen=True)
class Captions:
    """A caption file's text and the name errors and the page give it."""

    text: str
    source: str


# ---------------------------------------------------------------- the adapter


def load_transcript(path: str | Path) -> Transcript:
    """The transcript in the JSON file ``path`` (errors name the file)."""
    from captionkit.inputs import load

    return load(Path(path), name=str(path))


def collect(
    transcript: Transcript,
    *,
    profile: Profile | str | None = None,
    captions: Captions | None = None,
    speaker_names: Mapping[str, str] | None = None,
    title: str | None = None,
) -> ReviewData:
    """What the page shows of ``transcript``: its words in blocks, the captions (captionkit's
    own for ``profile``, default :data:`DEFAULT_PROFILE`, or ``captions``) and their lint
    report against ``profile`` with the transcript's words (as ``captionkit lint
    --transcript`` makes it).

    This is the one place that calls the rest of captionkit."""
    from captionkit.broadcast import reading_chars
    from captionkit.exports import EXPORTS, ExportOptions
    from captionkit.formats import WRITERS
    from captionkit.lint import RULES, format_by_name, lint_text, parse_captions, sniff_format
    from captionkit.profiles import Profile, get_profile
    from captionkit.sentences import transcript_paragraphs
    from captionkit.speakers import NoSpeakersError, check_names, is_channel_keyed, label, turns, word_speakers
    from captionkit.width import strip_ignorable

    names = dict(speaker_names or {})
    check_names(names)
    if profile is None or (isinstance(profile, str) and profile.lower() == "api"):
        profile = DEFAULT_PROFILE
    if not isinstance(profile, Profile):
        profile = get_profile(profile)

    columns = transcript.word_columns()
    texts, starts, ends = columns.texts, columns.starts, columns.ends
    confidences = columns.confidences
    n_words = len(texts)

    # blocks: a new one at every change of speaker and every turn (utterance) start
    keys = word_speakers(transcript) if n_words else []
    breaks: set[int] = {0} if n_words else set()
    if any(k is not None for k in keys):
        breaks.update(i for i in range(1, n_words) if keys[i] != keys[i - 1])
        with contextlib.suppress(NoSpeakersError):  # the keys say there are speakers
            breaks.update(turn.first_word for turn in turns(transcript) if 0 <= turn.first_word < n_words)
        channel = is_channel_keyed(transcript)
    else:
        breaks.update(a for a, _ in transcript_paragraphs(transcript) if 0 <= a < n_words)
        channel = False
    order = sorted(breaks)
    colours: dict[str, int] = {}
    blocks = []
    for k, first in enumerate(order):
        last = order[k + 1] - 1 if k + 1 < len(order) else n_words - 1
        key = keys[first] if keys else None
        if key is None:
            blocks.append(Block(None, None, first, last))
        else:
            colour = colours.setdefault(key, len(colours))
            blocks.append(Block(label(key, channel=channel, names=names), colour, first, last))

    # the captions and their lint report
    if captions is None:
        text = EXPORTS["vtt"].render(transcript, ExportOptions(profile=profile))
        source = f"captionkit --profile {profile.name}"
        fmt = "vtt"
    else:
        text, source = captions.text, captions.source
        fmt = sniff_format(text) or format_by_name(source)
        if fmt is None:
            raise CaptionParseError(
                "not SRT or WebVTT: no 'WEBVTT' header, no SRT cue at the start, and the name ends in "
                "neither .srt nor .vtt",
                source=source,
            )
    report = lint_text(
        text,
        profile,
        fmt=fmt,
        source=source,
        words=transcript.words,
        language=transcript.language_code,
    )
    parsed = parse_captions(text, fmt, source)
    if captions is not None and not parsed:
        raise CaptionParseError(f"no caption cues could be read from this {fmt.upper()} file", source=source)
    vtt = text if captions is None else WRITERS["vtt"].dumps(parsed)
    cues = []
    for n, cue in enumerate(parsed, 1):
        duration = cue.end - cue.start
        chars = reading_chars([strip_ignorable(line) for line in cue.lines])
        cps = chars * 1000.0 / duration if duration > 0 else None
        cues.append(ReviewCue(n, cue.start, cue.end, tuple(cue.lines), cps))
    checked = report.profile
    rules = [
        RuleRow(r.rule, r.severity, RULES[r.rule][1], r.checked, r.failed, r.unit, r.limit, r.conformity)
        for r in report.rules
    ]
    findings = [Finding(v.cue, v.rule, v.severity, v.message) for v in report.violations]
    verdict = "PASS" if report.ok else "FAIL: " + ", ".join(report.failed_rules)
    if report.warned_rules:
        verdict += f" (warnings: {', '.join(report.warned_rules)})"
    return ReviewData(
        title=title or transcript.id or "transcript",
        language=transcript.language_code,
        texts=list(texts),
        starts=list(starts),
        ends=list(ends),
        confidences=list(confidences),
        blocks=blocks,
        cues=cues,
        vtt=vtt,
        captions_source=source,
        profile_name=checked.name,
        profile_summary=checked.summary(),
        max_cps=checked.max_cps,
        verdict=verdict,
        ok=report.ok,
        rules=rules,
        findings=findings,
    )


# ---------------------------------------------------------------- inputs


def read_captions(path: str | Path) -> Captions:
    """The text of an SRT/WebVTT file; errors name the file and the reason."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the captions file: {exc.strerror or exc}", source=name) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CaptionParseError(
            f"the captions file is not UTF-8 (byte 0x{raw[exc.start]:02X} at line {line}): re-save it as UTF-8",
            source=name,
        ) from None
    return Captions(text, name)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_url(media: str) -> bool:
    """True for ``https://...``, ``file:...``, ``data:...``; False for a path (``C:\\x`` too)."""
    return bool(_SCHEME.match(media)) and not re.match(r"^[A-Za-z]:[\\/]", media)


def media_kind(media: str) -> str:
    """``"video"`` for a known video file extension, else ``"audio"``."""
    path = urlsplit(media).path if is_url(media) else media
    return "video" if os.path.splitext(path)[1].lower() in VIDEO_EXTENSIONS else "audio"


def media_url(media: str, output: str | Path | None = None) -> str:
    """The ``src`` of the page's player: a URL as it is; a local file (which must exist)
    relative to the page's folder (``output``'s, else the current folder), percent-encoded."""
    if is_url(media):
        return media
    path = Path(media)
    if not path.is_file():
        why = "is a folder" if path.is_dir() else "not found"
        raise InputError(f"media file {why}", source=media)
    base = Path(output).resolve().parent if output else Path.cwd()
    try:
        rel = os.path.relpath(path.resolve(), base)
    except ValueError:  # another drive (Windows): an absolute file URL
        return path.resolve().as_uri()
    return quote(rel.replace(os.sep, "/"))


# ---------------------------------------------------------------- the page


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


def check_threshold(value: float) -> None:
    if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ValueError(f"the confidence threshold must be a number from 0 to 1, got {value!r}")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def clock(ms: int, *, millis: bool = False) -> str:
    """``ms`` as ``HH:MM:SS`` (``HH:MM:SS.mmm`` with ``millis``)."""
    ms = max(0, int(ms))
    s, rest = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    out = f"{h:02d}:{m:02d}:{s:02d}"
    return f"{out}.{rest:03d}" if millis else out


def script_json(value: Any) -> str:
    """``value`` as JSON that is safe inside ``<script>``: no ``<``, ``>``, ``&`` (so no
    ``</script>`` or ``<!--``), no U+2028/U+2029."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii") + "'"


def _cps_class(cps: float | None, limit: float | None) -> int:
    """0 within the limit (or no limit), 1 over it, 2 more than :data:`FAR_OVER` times it."""
    if cps is None or not limit or cps <= limit + 1e-9:
        return 0
    return 1 if cps <= limit * FAR_OVER else 2


def render(
    data: ReviewData,
    *,
    media: str | None = None,
    kind: str | None = None,
    confidence_threshold: float = DEFAULT_CONFIDENCE_THRESHOLD,
) -> str:
    """The page of ``data`` (see :func:`review_page`)."""
    from captionkit._version import __version__

    out: list[str] = []
    add = out.append
    n_cues = len(data.cues)
    duration = max([*data.ends[-1:], *(c.end for c in data.cues[-1:]), 0])
    lang = (data.language or "").replace("_", "-") or None
    cue_starts = {c.number: c.start for c in data.cues}

    # -- header
    add('<div class="top"><h1>')
    add(_e(data.title))
    add('</h1>\n<p class="meta">')
    meta = [
        f"{len(data.texts)} words",
        clock(duration),
        f"{n_cues} cues",
        f"profile {data.profile_name}",
    ]
    add(" · ".join(_e(m) for m in meta))
    add(f' · QC <strong class="{"pass" if data.ok else "fail"}">{_e(data.verdict)}</strong></p></div>\n')
    add('<header class="bar">\n')
    if media is not None:
        kind = kind or media_kind(media)
        track = base64.b64encode(data.vtt.encode("utf-8", "replace")).decode("ascii")
        srclang = f' srclang="{_e(lang)}"' if lang else ""
        add(f'<div class="player {kind}"><{kind} id="ck-media" controls preload="auto" src="{_e(media)}">')
        add(
            f'<track kind="captions" default label="{_e("Captions: " + data.captions_source)}"{srclang} '
            f'src="data:text/vtt;base64,{track}">'
        )
        add(f"</{kind}></div>\n")
    add('<div class="controls">')
    add('<button type="button" id="ck-prev" title="Previous cue (Left arrow)" aria-label="Previous cue">')
    add("&#9664;</button>")
    if media is not None:
        add('<button type="button" id="ck-play" title="Play or pause (Space)">Play</button>')
    add('<button type="button" id="ck-next" title="Next cue (Right arrow)" aria-label="Next cue">&#9654;</button>')
    add('<span id="ck-clock" class="clock" title="Position">00:00:00.000</span>')
    add('<label class="follow"><input type="checkbox" id="ck-follow" checked> follow</label>')
    add('<p id="ck-now" class="now-cue" aria-live="off"></p>')
    add("</div>\n")
    add(
        '<div class="search" role="search"><label for="ck-search">Search</label>'
        '<input type="search" id="ck-search" autocomplete="off" spellcheck="false" '
        'placeholder="words in the transcript (/)">'
        '<button type="button" id="ck-sprev" aria-label="Previous match">&#8593;</button>'
        '<button type="button" id="ck-snext" aria-label="Next match">&#8595;</button>'
        '<span id="ck-count" role="status"></span></div>\n'
    )
    add("</header>\n<main>\n")

    # -- transcript
    add('<section id="ck-transcript" class="transcript" aria-labelledby="ck-t-h"><h2 id="ck-t-h">Transcript</h2>\n')
    if not data.texts:
        add('<p class="empty">The transcript has no words.</p>\n')
    if media is None:
        add('<p class="note">No media: give <code>--media</code> to play along. Clicking still finds the moment.</p>\n')
    texts, starts, ends, confs = data.texts, data.starts, data.ends, data.confidences
    for block in data.blocks:
        at = starts[block.first]
        colour = f" c{block.colour % 8}" if block.colour is not None else ""
        add(f'<section class="turn{colour}"><h3><a class="tc" href="#t={at}" data-seek="{at}">{clock(at)}</a>')
        if block.speaker is not None:
            add(f' <span class="spk">{_e(block.speaker)}</span>')
        add("</h3>\n<p>")
        parts = []
        for i in range(block.first, block.last + 1):
            conf = confs[i]
            if conf is not None and conf < confidence_threshold:
                parts.append(
                    f'<span class="w lc" data-start="{starts[i]}" data-end="{ends[i]}" '
                    f'title="confidence {conf:.2f}">{_e(texts[i])}</span>'
                )
            else:
                parts.append(f'<span class="w" data-start="{starts[i]}" data-end="{ends[i]}">{_e(texts[i])}</span>')
        add(" ".join(parts))
        add("</p></section>\n")
    add("</section>\n")

    # -- QC
    add('<aside id="ck-qc" class="qc" aria-labelledby="ck-q-h"><h2 id="ck-q-h">Caption QC</h2>\n')
    add(f'<p class="meta">Captions: {_e(data.captions_source)}. Profile {_e(data.profile_summary)}.</p>\n')
    limit = f"{data.max_cps:g} cps" if data.max_cps else "no limit"
    add(
        '<figure class="tl"><div id="ck-timeline" class="timeline"></div>'
        '<figcaption class="legend"><span class="k0">within</span> <span class="k1">over</span> '
        f'<span class="k2">over {FAR_OVER:g}&#215;</span> the reading speed limit ({_e(limit)}, dashed line); '
        '<span class="kd">duration</span> and <span class="kg">gap</span> problems marked below the cues.'
        "</figcaption></figure>\n"
    )
    add('<div class="scroll"><table class="summary"><caption>Per rule: how many conform</caption>\n')
    add(
        '<thead><tr><th scope="col">rule</th><th scope="col">conform</th><th scope="col">failed</th>'
        '<th scope="col">limit</th></tr></thead>\n<tbody>'
    )
    add(f'<tr><th scope="row">cues</th><td class="n">{n_cues}</td><td></td><td></td></tr>\n')
    for r in data.rules:
        status = "fail" if r.failed and r.severity == "error" else "warn" if r.failed else "ok"
        add(
            f'<tr class="{status}"><th scope="row" title="{_e(r.severity + ": " + r.description)}">{_e(r.rule)}</th>'
            f'<td class="n">{r.conformity:.1f}%</td><td class="n">{r.failed} of {r.checked} {_e(r.unit)}</td>'
            f"<td>{_e(r.limit)}</td></tr>\n"
        )
    add("</tbody></table></div>\n")
    add(f'<h3 id="ck-f-h">Findings <span class="n">({len(data.findings)})</span></h3>\n')
    if data.findings:
        rules_found = list(dict.fromkeys(f.rule for f in data.findings))
        add('<label class="filter">show <select id="ck-filter"><option value="">every rule</option>')
        add("".join(f'<option value="{_e(rule)}">{_e(rule)}</option>' for rule in rules_found))
        add("</select></label>\n")
    add('<ol id="ck-findings" class="findings" aria-labelledby="ck-f-h">\n')
    for f in data.findings:
        at = cue_starts.get(f.cue) if f.cue is not None else None
        where = (
            f'<a href="#t={at}" data-seek="{at}" data-cue="{f.cue}">cue {f.cue} · {clock(at, millis=True)}</a>'
            if at is not None
            else '<span class="file">file</span>'
        )
        add(
            f'<li class="{_e(f.severity)}" data-rule="{_e(f.rule)}">{where} <b>{_e(f.rule)}</b> '
            f"<span>{_e(f.message)}</span></li>\n"
        )
    add("</ol>\n")
    if not data.findings:
        add('<p class="empty">No findings: every rule holds.</p>\n')
    add("</aside>\n</main>\n")
    add(
        "<footer><p><kbd>Space</kbd> play/pause · <kbd>&#8592;</kbd> <kbd>&#8594;</kbd> previous/next cue · "
        "<kbd>/</kbd> search · click a word to go there. Low-confidence words "
        f'(under {confidence_threshold:g}) are <span class="w lc">marked</span>. '
        f"Made by captionkit {_e(__version__)}; works offline.</p></footer>\n"
    )

    payload = {
        "limit": data.max_cps,
        "far": FAR_OVER,
        "duration": duration,
        "cues": [
            {
                "n": c.number,
                "s": c.start,
                "e": c.end,
                "c": None if c.cps is None else round(c.cps, 2),
                "k": _cps_class(c.cps, data.max_cps),
                "t": "\n".join(c.lines),
            }
            for c in data.cues
        ],
        "dur": sorted({f.cue for f in data.findings if f.rule in DURATION_RULES and f.cue is not None}),
        "gap": sorted({f.cue for f in data.findings if f.rule in GAP_RULES and f.cue is not None}),
    }
    add(f'<script type="application/json" id="ck-data">{script_json(payload)}</script>\n')
    add(f"<script>{_SCRIPT}</script>\n</body>\n</html>\n")

    media_src = "media-src * data: blob: file:" if media is not None else "media-src data:"
    policy = (
        f"default-src 'none'; script-src {_hash(_SCRIPT)}; style-src {_hash(_STYLE)}; {media_src}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    head = (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(lang or "en")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f'<meta name="generator" content="captionkit {_e(__version__)}">\n'
        f"<title>{_e(data.title)} · captionkit review</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
    )
    page = head + "".join(out)
    try:
        page.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from the JSON: not writable as UTF-8
        page = re.sub("[\ud800-\udfff]", "\ufffd", page)
    return page


_STYLE = """
:root{--bg:#fff;--fg:#1b1b1f;--mute:#5d5f6b;--line:#d9dbe3;--hi:#ffe066;--now:#1f6feb;--nowfg:#fff;--hit:#b6f0c2;
--k0:#3a9d5d;--k1:#e0a100;--k2:#d1342f;--kd:#7b4fd6;--kg:#d1342f;--panel:#f5f6f9;--link:#0b57d0}
@media (prefers-color-scheme:dark){:root{--bg:#15161a;--fg:#e7e7ea;--mute:#a0a3ad;--line:#33353d;--hi:#6b5a00;
--now:#4c8dff;--hit:#1e5a2e;--panel:#1d1f25;--link:#8ab4ff}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--link)}
:focus-visible{outline:3px solid var(--now);outline-offset:2px}
.bar{position:sticky;top:0;z-index:2;background:var(--panel);border-bottom:1px solid var(--line);padding:.5rem .75rem}
.top{display:flex;flex-wrap:wrap;gap:.25rem 1rem;align-items:baseline;padding:.5rem .75rem 0;background:var(--panel)}
h1{font-size:1.1rem;margin:0;overflow-wrap:anywhere}
h2{font-size:1rem;margin:.75rem 0 .5rem}
h3{font-size:.9rem;margin:.5rem 0 .25rem}
.meta{margin:0;color:var(--mute);font-size:.85rem}
.pass{color:var(--k0)}.fail{color:var(--k2)}
.player video{width:100%;max-height:38vh;background:#000}
.player audio{width:100%}
.controls,.search{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.35rem 0}
button,select,input{font:inherit;color:inherit}
button{min-width:2.6rem;min-height:2.4rem;border:1px solid var(--line);border-radius:.4rem;background:var(--bg);
cursor:pointer}
button:hover{border-color:var(--now)}
input[type=search]{flex:1 1 12rem;min-width:0;min-height:2.4rem;padding:0 .5rem;border:1px solid var(--line);
border-radius:.4rem;background:var(--bg)}
.clock{font-variant-numeric:tabular-nums;color:var(--mute);font-size:.9rem}
.follow{font-size:.85rem;color:var(--mute)}
.now-cue{flex:1 1 16rem;margin:0;min-height:3em;white-space:pre-line;font-weight:600;text-align:center}
main{display:block;padding:0 .75rem}
.transcript .turn{margin:0 0 .75rem;padding-left:.6rem;border-left:4px solid var(--line)}
.turn h3{display:flex;gap:.6rem;align-items:baseline}
.turn p{margin:0}
.tc{font-variant-numeric:tabular-nums;font-weight:400}
.spk{font-weight:700}
.c0{border-color:#1f77b4}.c1{border-color:#ff7f0e}.c2{border-color:#2ca02c}.c3{border-color:#d62728}
.c4{border-color:#9467bd}.c5{border-color:#8c564b}.c6{border-color:#e377c2}.c7{border-color:#17becf}
.w{cursor:pointer;border-radius:.2rem}
.w:hover{background:var(--panel);outline:1px solid var(--line)}
.w.lc{text-decoration:underline dotted var(--k2) 2px;text-underline-offset:3px}
.w.hit{background:var(--hit)}
.w.hit.cur{outline:2px solid var(--k0)}
.w.now{background:var(--now);color:var(--nowfg)}
.note,.empty{color:var(--mute);font-size:.9rem}
.timeline{overflow-x:auto;border:1px solid var(--line);border-radius:.4rem;background:var(--bg)}
.timeline svg{display:block}
.timeline rect.cue{cursor:pointer}
.timeline .k0,.legend .k0::before{fill:var(--k0);background:var(--k0)}
.timeline .k1,.legend .k1::before{fill:var(--k1);background:var(--k1)}
.timeline .k2,.legend .k2::before{fill:var(--k2);background:var(--k2)}
.timeline .kd,.legend .kd::before{fill:var(--kd);background:var(--kd)}
.timeline .kg,.legend .kg::before{fill:var(--kg);background:var(--kg)}
.timeline rect.cue.now{stroke:var(--fg);stroke-width:2}
.timeline .limit{stroke:var(--fg);stroke-dasharray:4 3}
.timeline .axis{fill:var(--mute);font-size:10px}
.timeline .tick{stroke:var(--line)}
.timeline .head{stroke:var(--now);stroke-width:2}
.legend{font-size:.8rem;color:var(--mute);margin:.25rem 0}
.legend span::before{content:"";display:inline-block;width:.8em;height:.8em;margin-right:.25em;border-radius:2px;
vertical-align:-.05em}
figure{margin:0}
.scroll{overflow-x:auto}
td{overflow-wrap:break-word}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.75rem 0}
caption{text-align:left;font-weight:600;padding:.25rem 0}
tr.ok th::after{content:" \\2713";color:var(--k0)}
th,td{text-align:left;padding:.2rem .4rem;border-bottom:1px solid var(--line)}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.fail th{color:var(--k2)}tr.warn th{color:var(--k1)}
.findings{padding-left:1.5rem;font-size:.85rem}
.findings li{margin:.2rem 0}
.findings li.error b{color:var(--k2)}.findings li.warning b{color:var(--k1)}
.findings li[hidden]{display:none}
.filter{font-size:.85rem}
footer{padding:.75rem;color:var(--mute);font-size:.8rem;border-top:1px solid var(--line)}
kbd{border:1px solid var(--line);border-radius:3px;padding:0 .25em;font-size:.8em}
@media (max-width:899px){.now-cue:empty{display:none}.bar{padding:.25rem .5rem}.controls,.search{margin:.2rem 0}}
@media (min-width:900px){
body{height:100vh;display:flex;flex-direction:column}
main{flex:1;min-height:0;display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:1rem}
main>section,main>aside{overflow-y:auto;min-height:0;padding-bottom:2rem}
footer{padding:.25rem .75rem}
}
""".strip()

_SCRIPT = r"""
(() => {
"use strict";
const $ = (id) => document.getElementById(id);
const D = JSON.parse($("ck-data").textContent);
const media = $("ck-media");
const box = $("ck-transcript");
const words = Array.from(box.querySelectorAll(".w"));
const starts = words.map((w) => +w.dataset.start);
const cues = D.cues;
const cueStarts = cues.map((c) => c.s);
const smooth = window.matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth";
let pos = 0, curWord = -1, curCue = -1, bars = [], head = null, pps = 10;

// the last index whose value is <= x (-1 when none)
function upTo(arr, x) {
  let lo = 0, hi = arr.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (arr[mid] <= x) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}
function clock(ms) {
  ms = Math.max(0, Math.round(ms));
  const p = (n, k) => String(n).padStart(k, "0");
  return p(Math.floor(ms / 3600000), 2) + ":" + p(Math.floor(ms / 60000) % 60, 2) + ":" +
    p(Math.floor(ms / 1000) % 60, 2) + "." + p(ms % 1000, 3);
}
function now() { return media ? media.currentTime * 1000 : pos; }
function follow() { return $("ck-follow").checked; }
function reveal(el, block) {
  if (!el) return;
  const r = el.getBoundingClientRect(), scroller = el.closest("main > section") || null;
  const view = scroller && getComputedStyle(scroller).overflowY === "auto" ? scroller.getBoundingClientRect()
    : { top: $("ck-now").closest("header").getBoundingClientRect().bottom, bottom: window.innerHeight };
  if (r.top < view.top || r.bottom > view.bottom) el.scrollIntoView({ block: block || "center", behavior: smooth });
}

function show(ms, scroll) {
  const w = upTo(starts, ms + 0.5);
  if (w !== curWord) {
    if (curWord >= 0) words[curWord].classList.remove("now");
    curWord = w;
    if (w >= 0) {
      words[w].classList.add("now");
      if (scroll) reveal(words[w]);
    }
  }
  let c = upTo(cueStarts, ms + 0.5);
  if (c >= 0 && ms >= cues[c].e) c = -1;
  if (c !== curCue) {
    if (curCue >= 0 && bars[curCue]) bars[curCue].classList.remove("now");
    curCue = c;
    $("ck-now").textContent = c >= 0 ? cues[c].t : "";
    if (c >= 0 && bars[c]) bars[c].classList.add("now");
  }
  $("ck-clock").textContent = clock(ms);
  if (head) {
    const x = (ms / 1000) * pps;
    head.setAttribute("x1", x); head.setAttribute("x2", x);
    const tl = $("ck-timeline");
    if (scroll && (x < tl.scrollLeft || x > tl.scrollLeft + tl.clientWidth - 20)) {
      tl.scrollLeft = Math.max(0, x - tl.clientWidth / 3);
    }
  }
}

function seek(ms) {
  ms = Math.max(0, ms);
  pos = ms;
  if (media) media.currentTime = ms / 1000;
  show(ms, false);
  const w = upTo(starts, ms + 0.5);
  if (w >= 0) reveal(words[w]);
}

function stepCue(d) {
  if (!cues.length) return;
  const t = now();
  let i = upTo(cueStarts, t + 0.5);
  if (d > 0) i = Math.min(i + 1, cues.length - 1);
  else if (i < 0 || t - cues[i].s < 400) i = Math.max(i - 1, 0);
  seek(cues[i].s);
}

function toggle() {
  if (!media) return;
  if (media.paused) { const p = media.play(); if (p && p.catch) p.catch(() => {}); } else media.pause();
}

// clicks: words, timecodes and findings links, timeline bars
document.addEventListener("click", (e) => {
  const t = e.target;
  if (!(t instanceof Element)) return;
  const link = t.closest("a[data-seek]");
  if (link) { e.preventDefault(); seek(+link.dataset.seek); return; }
  const w = t.closest("#ck-transcript .w");
  if (w) { seek(+w.dataset.start); }
});
$("ck-prev").addEventListener("click", () => stepCue(-1));
$("ck-next").addEventListener("click", () => stepCue(1));
if ($("ck-play")) $("ck-play").addEventListener("click", toggle);

document.addEventListener("keydown", (e) => {
  if (e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
  const t = e.target, tag = t && t.tagName;
  if (t && t.isContentEditable) return;
  if (/^(INPUT|TEXTAREA|SELECT|AUDIO|VIDEO)$/.test(tag)) return;
  if (e.key === " " || e.key === "Spacebar") {
    if (/^(BUTTON|SUMMARY)$/.test(tag) || !media) return;
    e.preventDefault(); toggle();
  } else if (e.key === "ArrowRight") { e.preventDefault(); stepCue(1); }
  else if (e.key === "ArrowLeft") { e.preventDefault(); stepCue(-1); }
  else if (e.key === "/") { e.preventDefault(); $("ck-search").focus(); }
});

if (media) {
  let frame = 0;
  const tick = () => { show(now(), follow()); frame = media.paused ? 0 : requestAnimationFrame(tick); };
  media.addEventListener("play", () => {
    $("ck-play").textContent = "Pause";
    if (!frame) frame = requestAnimationFrame(tick);
  });
  media.addEventListener("pause", () => { $("ck-play").textContent = "Play"; show(now(), false); });
  media.addEventListener("seeked", () => show(now(), false));
  media.addEventListener("timeupdate", () => { if (media.paused) show(now(), false); });
}

// search: every match of the (space-normalised, case-folded) query across words
const hay = [], offsets = [];
{
  let at = 0;
  for (const w of words) { offsets.push(at); const s = w.textContent.toLowerCase(); hay.push(s); at += s.length + 1; }
}
const full = hay.join(" ");
let hits = [], hitAt = -1, lit = [];
function search() {
  for (const w of lit) w.classList.remove("hit", "cur");
  lit = []; hits = []; hitAt = -1;
  const q = $("ck-search").value.trim().toLowerCase().replace(/\s+/g, " ");
  if (q) {
    for (let i = full.indexOf(q); i >= 0 && hits.length < 5000; i = full.indexOf(q, i + 1)) {
      const a = upTo(offsets, i), b = upTo(offsets, i + q.length - 1);
      hits.push(a);
      for (let k = a; k <= b; k++) { words[k].classList.add("hit"); lit.push(words[k]); }
    }
  }
  $("ck-count").textContent = q ? (hits.length === 1 ? "1 match" : hits.length + " matches") : "";
}
function nextHit(d) {
  if (!hits.length) return;
  if (hitAt >= 0) words[hits[hitAt]].classList.remove("cur");
  hitAt = (hitAt + d + hits.length) % hits.length;
  const w = words[hits[hitAt]];
  w.classList.add("cur");
  reveal(w);
  $("ck-count").textContent = (hitAt + 1) + " of " + hits.length;
}
let typing = 0;
$("ck-search").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(search, 120); });
$("ck-search").addEventListener("keydown", (e) => {
  if (e.key === "Enter") {
    e.preventDefault(); clearTimeout(typing);
    if (!lit.length) search();
    nextHit(e.shiftKey ? -1 : 1);
  } else if (e.key === "Escape") { $("ck-search").value = ""; search(); }
});
$("ck-sprev").addEventListener("click", () => { if (!lit.length) search(); nextHit(-1); });
$("ck-snext").addEventListener("click", () => { if (!lit.length) search(); nextHit(1); });

// findings filter
if ($("ck-filter")) $("ck-filter").addEventListener("change", (e) => {
  const rule = e.target.value;
  for (const li of document.querySelectorAll("#ck-findings li")) li.hidden = !!rule && li.dataset.rule !== rule;
});

// the timeline: a bar per cue, as high as its reading speed
function timeline() {
  const el = $("ck-timeline");
  if (!cues.length) { el.textContent = "No cues."; return; }
  const NS = "http://www.w3.org/2000/svg";
  const mk = (name, attrs, parent) => {
    const n = document.createElementNS(NS, name);
    for (const k in attrs) n.setAttribute(k, attrs[k]);
    (parent || svg).appendChild(n);
    return n;
  };
  const end = Math.max(D.duration, cues[cues.length - 1].e) / 1000;
  pps = Math.max(8, Math.min(40, (el.clientWidth || 600) / Math.max(end, 1)));
  const W = Math.ceil(end * pps) + 30, base = 86, top = 8, H = 118;
  const maxC = Math.max(D.limit ? D.limit * 1.6 : 0, ...cues.map((c) => c.c || 0), 1);
  const y = (cps) => base - Math.min(cps, maxC) / maxC * (base - top);
  const svg = document.createElementNS(NS, "svg");
  svg.setAttribute("width", W); svg.setAttribute("height", H);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", cues.length + " cues by reading speed");
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800];
  const step = steps.find((s) => s * pps >= 70) || 3600;
  for (let s = 0; s <= end; s += step) {
    mk("line", { x1: s * pps, x2: s * pps, y1: top, y2: base, class: "tick" });
    const m = Math.floor(s / 60), r = s % 60;
    mk("text", { x: s * pps + 2, y: H - 2, class: "axis" }).textContent = m + ":" + String(r).padStart(2, "0");
  }
  const dur = new Set(D.dur), gap = new Set(D.gap);
  cues.forEach((c, i) => {
    const x = c.s / 1000 * pps, w = Math.max(1.5, (c.e - c.s) / 1000 * pps - 0.5);
    const yy = y(c.c || 0);
    const bar = mk("rect", { x: x, y: yy, width: w, height: Math.max(1, base - yy), class: "cue k" + c.k });
    mk("title", {}, bar).textContent = "cue " + c.n + " · " + clock(c.s) + " · " +
      (c.c === null ? "no duration" : c.c + " cps") + " · " + ((c.e - c.s) / 1000).toFixed(2) + " s\n" + c.t;
    bar.addEventListener("click", () => seek(c.s));
    bars[i] = bar;
    if (dur.has(c.n)) mk("rect", { x: x, y: base + 3, width: w, height: 5, class: "kd" });
    if (gap.has(c.n)) {
      const gx = c.e / 1000 * pps;
      const next = cues[i + 1] ? cues[i + 1].s : c.e;
      const gw = 4 + Math.max(0, (next - c.e) / 1000 * pps);
      mk("rect", { x: gx - 2, y: base + 10, width: gw, height: 5, class: "kg" });
    }
  });
  if (D.limit) {
    mk("line", { x1: 0, x2: W, y1: y(D.limit), y2: y(D.limit), class: "limit" });
    mk("text", { x: 2, y: y(D.limit) - 3, class: "axis" }).textContent = D.limit + " cps";
  }
  head = mk("line", { x1: 0, x2: 0, y1: top - 4, y2: base + 16, class: "head" });
  el.appendChild(svg);
}
timeline();
const start = /^#t=(\d+)$/.exec(location.hash);
show(start ? +start[1] : 0, false);
if (start) seek(+start[1]);
document.documentElement.dataset.ready = "1";
})();
""".strip()
