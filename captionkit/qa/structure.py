"""File-structure checks of SRT and WebVTT text, for the lint's ``format`` rule.

The parsers (``srt``, ``webvtt-py``) are lenient: they read files that players and stricter
tools reject. These checks follow the rules of section 6.1-6.2 of
``../shared/reference/caption-standards.md`` (S1-S11 for SRT, V1-V11 for WebVTT) and
return each problem found as ``(cue number or None, line number or None, message)``.

Cue numbers count timing lines (lines holding ``-->``) from 1, as the parsers count cues:
text after a blank line inside a cue belongs to the cue before it, and two cues with no
blank line between them are two cues. Line numbers count the file's lines from 1. Line
ends are checked by the caller (mixed CRLF/LF/CR).
"""

from __future__ import annotations

import re

from captionkit.formats.base import line_blocks

Problem = tuple[int | None, int | None, str]

_SRT_TIMING = re.compile(r"\d{2,}:[0-5]\d:[0-5]\d,\d{3} --> \d{2,}:[0-5]\d:[0-5]\d,\d{3}")
# what lenient readers take for a timing line (times in any shape around an arrow)
_LOOSE_TIMING = re.compile(r"\s*-?\d[\d:.,]*\s*-->\s*-?\d[\d:.,]*")
_SRT_TAG = re.compile(r"<(/?)([A-Za-z]+)(?:\s[^<>]*)?>")
_SRT_TAGS = frozenset({"i", "b", "u", "font"})

_VTT_TS = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_VTT_TIMING = re.compile(rf"({_VTT_TS})[ \t]+-->[ \t]+({_VTT_TS})(?:[ \t]+(.*))?")
_VTT_TAG = re.compile(r"<(/?)([A-Za-z]+|\d[\d:.]*)((?:\.[^\s.<>&]+)*)(?:[ \t]([^<>]*))?>")
_VTT_TAGS = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})
# a character reference WebVTT readers decode: named (HTML's names are letters and digits) or numeric
_VTT_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_PERCENT = r"\d+(?:\.\d+)?%"
_VTT_SETTINGS = {
    "vertical": re.compile(r"rl|lr"),
    "line": re.compile(rf"(?:-?\d+(?:\.\d+)?|{_PERCENT})(?:,(?:start|center|end))?"),
    "position": re.compile(rf"{_PERCENT}(?:,(?:line-left|center|line-right))?"),
    "size": re.compile(_PERCENT),
    "align": re.compile(r"start|center|end|left|right"),
    "region": re.compile(r"[^\s-]\S*"),
}


def _common(text: str) -> list[Problem]:
    problems: list[Problem] = []
    if "\x00" in text:
        problems.append((None, None, "the file holds a NUL byte"))
    if "\ufeff" in text[1:]:
        problems.append((None, None, "a byte-order mark after the start of the file"))
    return problems


def _srt_chunks(block: list[str]) -> list[int]:
    """Where each cue of an SRT block starts: at each line that looks like a timing line
    (times around ``-->``), or at the number line just before it."""
    heads: list[int] = []
    for k, line in enumerate(block):
        if _LOOSE_TIMING.match(line):
            head = k - 1 if k >= 1 and block[k - 1].strip().isdigit() and (not heads or heads[-1] < k - 1) else k
            if not heads or head > heads[-1]:
                heads.append(head)
    return heads


def srt_problems(text: str) -> list[Problem]:
    """Structure problems of SRT ``text`` (rules S1, S3-S6, S9-S11)."""
    problems = _common(text)
    body = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if body[:1].isspace():
        problems.append((None, 1, "the file starts with blank lines or white space, not the first cue's number"))
    lines = body.split("\n")
    if body and not body.endswith("\n"):
        problems.append((None, len(lines), "the last line has no line end"))
    extra_blank = re.search(r"\S\n\n\n+(?=\S)", body)
    if extra_blank:
        at = body.count("\n", 0, extra_blank.start()) + 3
        problems.append((None, at, "more than one blank line between blocks"))
    n = 0
    for first_line, block in line_blocks(lines):
        heads = _srt_chunks(block)
        lead = block[: heads[0]] if heads else block
        if lead:
            cue: int | None = None  # a block readers skip is no cue
            line = first_line
            if not heads and lead[0].strip().isdigit() and len(lead) > 1 and ":" in lead[1]:
                line += 1
                what = f"timing line {lead[1]!r} is not 'HH:MM:SS,mmm --> HH:MM:SS,mmm' (readers skip the cue)"
            elif not heads and lead[0].strip().isdigit():
                what = f"the cue number {lead[0].strip()!r} is not followed by a timing line (readers skip the block)"
            elif n == 0:
                what = f"block starts with {lead[0][:40]!r}, not the cue number"
            else:
                cue = n
                what = (
                    f"text {lead[0][:40]!r} after a blank line inside cue {n}: readers disagree on "
                    "whether it belongs to the cue"
                )
            problems.append((cue, line, what))
        for h, head in enumerate(heads):
            n += 1
            chunk = block[head : heads[h + 1] if h + 1 < len(heads) else len(block)]
            at = first_line + head
            if h > 0:
                problems.append((n, at, "no blank line between this cue and the one before"))
            if "-->" in chunk[0]:
                problems.append((n, at, "the cue has no number line before its timing line"))
                timing, text_lines, timing_at = chunk[0], chunk[1:], at
            else:
                if chunk[0] != chunk[0].strip():
                    problems.append((n, at, f"the cue number {chunk[0]!r} has white space around it"))
                timing, text_lines, timing_at = chunk[1], chunk[2:], at + 1
            if not _SRT_TIMING.fullmatch(timing):
                problems.append(
                    (
                        n,
                        timing_at,
                        f"timing line {timing!r} is not exactly 'HH:MM:SS,mmm --> HH:MM:SS,mmm' (no coordinates)",
                    )
                )
            if not text_lines:
                problems.append((n, timing_at, "the cue has no text"))
            for k, line in enumerate(text_lines, timing_at + 1):
                if "-->" in line:
                    problems.append((n, k, f"text line {line!r} holds '-->', which starts a cue for lenient readers"))
            problem = _unbalanced(text_lines, _SRT_TAG, _SRT_TAGS, "SRT")
            if problem:
                problems.append((n, timing_at + 1, problem))
    return problems


def vtt_problems(text: str) -> list[Problem]:
    """Structure problems of WebVTT ``text`` (rules V1-V11)."""
    problems = _common(text)
    body = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = body.split("\n")
    header = lines[0]
    if not (header == "WEBVTT" or header.startswith(("WEBVTT ", "WEBVTT\t"))):
        problems.append(
            (None, 1, f"the first line is {header[:40]!r}: it must be 'WEBVTT', alone or followed by a space")
        )
    blocks = list(line_blocks(lines))
    if blocks and blocks[0][0] == 1:  # the header block: the WEBVTT line and any header lines
        header_block = blocks.pop(0)[1]
        if any("-->" in line for line in header_block):
            problems.append((None, 2, "no blank line between the WEBVTT header and the first cue"))
    seen_cue = False
    ids: dict[str, int] = {}
    n = 0
    for first_line, block in blocks:
        keyword = block[0].split(maxsplit=1)[0] if block[0].split() else ""
        if keyword in ("NOTE", "STYLE", "REGION") and (block[0] == keyword or block[0][len(keyword)] in " \t"):
            if keyword != "NOTE" and seen_cue:
                problems.append(
                    (n or None, first_line, f"a {keyword} block after a cue (it must come before the first cue)")
                )
            if any("-->" in line for line in block):
                problems.append((n or None, first_line, f"a {keyword} block holds '-->'"))
            continue
        timing_at = 0 if "-->" in block[0] else 1
        if timing_at == 1 and (len(block) < 2 or "-->" not in block[1]):
            if n:
                what = (
                    f"text {block[0][:40]!r} after a blank line inside cue {n}: a blank line ends a WebVTT cue, "
                    "so readers drop it"
                )
            else:
                what = f"block {block[0][:40]!r} has no timing line (readers skip it)"
            problems.append((n or None, first_line, what))
            continue
        n += 1
        seen_cue = True
        if timing_at == 1:
            cue_id = block[0]
            if cue_id in ids:
                problems.append(
                    (n, first_line, f"cue identifier {cue_id!r} is also cue {ids[cue_id]}'s (identifiers are unique)")
                )
            ids.setdefault(cue_id, n)
        at = first_line + timing_at
        match = _VTT_TIMING.fullmatch(block[timing_at])
        if not match:
            problems.append(
                (n, at, f"timing line {block[timing_at]!r} is not 'MM:SS.mmm --> MM:SS.mmm' (hours optional)")
            )
        elif match.group(3):
            problems.extend((n, at, p) for p in _settings_problems(match.group(3)))
        payload = block[timing_at + 1 :]
        for k, line in enumerate(payload, at + 1):
            if "-->" in line:
                problems.append((n, k, f"text line {line!r} holds '-->' (a missing blank line, or '>' not escaped)"))
            for amp in re.finditer("&", line):
                if not _VTT_ENTITY.match(line, amp.start()):
                    problems.append((n, k, f"a raw '&' in the text (write &amp;): {line!r}"))
                    break
        problem = _unbalanced(payload, _VTT_TAG, _VTT_TAGS, "WebVTT", vtt=True)
        if problem:
            problems.append((n, at + 1, problem))
    return problems


def _settings_problems(settings: str) -> list[str]:
    problems = []
    seen: set[str] = set()
    for setting in settings.split():
        name, sep, value = setting.partition(":")
        pattern = _VTT_SETTINGS.get(name)
        if not sep or pattern is None:
            problems.append(f"unknown cue setting {setting!r}")
        elif not pattern.fullmatch(value) or (value.endswith("%") and float(value.split(",")[0][:-1]) > 100):
            problems.append(f"cue setting {setting!r} has a bad value")
        elif name in seen:
            problems.append(f"cue setting {name!r} is given twice")
        seen.add(name)
    return problems


def _unbalanced(
    lines: list[str], tag: re.Pattern[str], known: frozenset[str], fmt: str, vtt: bool = False
) -> str | None:
    """The first markup problem of a cue's text lines: an unknown tag, a tag closed that is
    not open, one left open, or (WebVTT) a raw ``<`` that starts no tag."""
    open_tags: list[str] = []
    text = "\n".join(lines)
    pos = 0
    while True:
        at = text.find("<", pos)
        if at < 0:
            break
        match = tag.match(text, at)
        if not match:
            if vtt:
                return "a raw '<' in the text (write &lt;)"
            pos = at + 1
            continue
        pos = match.end()
        closing, name = match.group(1), match.group(2)
        if vtt and name[0].isdigit():
            continue  # a timestamp tag
        name = name.lower()
        if name not in known:
            if vtt:
                return f"unknown tag <{closing}{name}> (WebVTT has c, i, b, u, ruby, rt, v, lang)"
            continue  # SRT: not markup players know; shown as text
        if not closing:
            open_tags.append(name)
        elif open_tags and open_tags[-1] == name:
            open_tags.pop()
        else:
            return f"</{name}> closes a tag that is not open"
    if vtt and open_tags == ["v"]:
        return None  # a voice span may stay open to the end of the cue
    if open_tags:
        return f"<{open_tags[-1]}> is never closed ({fmt} tags are closed in the cue that opens them)"
    return None
