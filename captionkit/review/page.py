"""The review page's HTML, written from :class:`ReviewData` (CSS and script are package data)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

#: words whose confidence is below this are marked (``--confidence-threshold``)

from captionkit.review.data import (
    DEFAULT_CONFIDENCE_THRESHOLD,
    DURATION_RULES,
    FAR_OVER,
    GAP_RULES,
    ReviewData,
    media_kind,
)


def _asset(name: str) -> str:
    """The page's inline CSS or script (package data next to this module)."""
    return (resources.files(__package__) / name).read_text(encoding="utf-8").strip()


_STYLE = _asset("page.css")
_SCRIPT = _asset("page.js")


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
    """The page of ``data`` (see :func:`captionkit.review.review_page`).

    Long on purpose: the HTML is written top to bottom in one pass, a section after the
    other, so the function reads in the order of the page it writes."""
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
