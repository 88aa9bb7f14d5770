"""The exact checks of a transcript document: status, where the words are, each word's
times and text, the utterances; errors name the JSON path of what is wrong."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from captionkit.errors import (
    TranscriptError,
    TranscriptFailedError,
    TranscriptNotReadyError,
)
from captionkit.inputs.repair import _CONTROL, _DELETE_CONTROLS, _cleaned
from captionkit.text.width import IGNORABLE as INVISIBLE


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


def _check_status(data: dict[str, Any], source: str) -> None:
    status = data.get("status")
    if status is None:
        return
    status = str(getattr(status, "value", status))  # SDK enums
    if status in ("queued", "processing"):
        raise TranscriptNotReadyError(
            f"transcript is still {status}: it has no words yet; fetch it again once its status is completed",
            source=source,
            path="$.status",
        )
    if status == "error":
        error = data.get("error")
        detail = f"the API reported: {error!r}" if error else "the API gave no error text"
        raise TranscriptFailedError(f"transcription failed (status error); {detail}", source=source, path="$.status")


def _find_words(data: dict[str, Any], source: str) -> tuple[list[Any], list[str] | str]:
    """The word list and the JSON path of its words, from whichever shape the document has.

    The path is ``"$.words"`` for a plain word list, else one path per word.
    """
    for key in ("sentences", "paragraphs"):
        items = data.get(key)
        if "words" not in data and isinstance(items, list):
            return _flatten(items, f"$.{key}", source)
    words = data.get("words")
    if words is None and isinstance(data.get("utterances"), list):
        words, paths = _flatten(data["utterances"], "$.utterances", source)
        if words and _multichannel(data, words):
            # the channels' utterances overlap in time: merge their words in time order
            timed = all(isinstance(w, Mapping) and type(w.get("start")) in (int, float) for w in words)
            if timed:
                order = sorted(range(len(words)), key=lambda i: words[i]["start"])
                words, paths = [words[i] for i in order], [paths[i] for i in order]
        if words:
            return words, paths
    if words is None or (isinstance(words, list) and not words):
        raise TranscriptError(
            "no words: the transcript has no word timestamps to make captions from",
            source=source,
            path="$.words",
        )
    if not isinstance(words, list):
        raise TranscriptError(f"expected an array of words, got {_json_type(words)}", source=source, path="$.words")
    return words, "$.words"


def _multichannel(data: Mapping[str, Any], words: Sequence[Any]) -> bool:
    """Whether a document is a multichannel transcript (its flag, or words on two channels)."""
    if data.get("multichannel"):
        return True
    return len({w.get("channel") for w in words if isinstance(w, Mapping)} - {None}) > 1


def _flatten(items: list[Any], path: str, source: str) -> tuple[list[Any], list[str]]:
    words: list[Any] = []
    paths: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not isinstance(item.get("words"), list):
            raise TranscriptError("expected an object with a words array", source=source, path=f"{path}[{i}]")
        words.extend(item["words"])
        paths.extend(f"{path}[{i}].words[{j}]" for j in range(len(item["words"])))
    if not words:
        raise TranscriptError(f"no words: every item of {path} has an empty words array", source=source, path=path)
    return words, paths


def _checked_words(words: list[Any], paths: list[str] | str, source: str) -> list[dict[str, Any]]:
    """Check every word (one fast loop, precise messages); apply the documented repairs."""
    out: list[dict[str, Any]] = []
    prev_start = -1
    for i, word in enumerate(words):
        where = f"{paths}[{i}]" if isinstance(paths, str) else paths[i]
        if not isinstance(word, Mapping):
            raise TranscriptError(f"expected a word object, got {_json_type(word)}", source=source, path=where)
        text = word.get("text")
        if not isinstance(text, str):
            raise TranscriptError(
                f"word text must be a string, got {_json_type(text)}", source=source, path=f"{where}.text"
            )
        clean = " ".join(text.split())
        if not clean.isprintable() and _CONTROL.search(clean):
            clean = " ".join(clean.translate(_DELETE_CONTROLS).split())
        if not clean or all(c in INVISIBLE for c in clean):
            raise TranscriptError(f"word text is blank ({text!r})", source=source, path=f"{where}.text")
        start = _ms(word, "start", where, clean, source)
        end = _ms(word, "end", where, clean, source)
        if end < start:
            raise TranscriptError(
                f"word {clean!r} ends before it starts (start {start} ms, end {end} ms)",
                source=source,
                path=f"{where}.end",
            )
        if start < prev_start:
            raise TranscriptError(
                f"words out of order: word {clean!r} starts at {start} ms, before the previous "
                f"word's start ({prev_start} ms)",
                source=source,
                path=f"{where}.start",
            )
        prev_start = start
        labels = _cleaned(word, ("speaker", "channel"))
        if (
            clean == text
            and labels is word
            and type(word["start"]) is int
            and type(word["end"]) is int
            and type(word) is dict
        ):
            out.append(word)
        else:
            out.append({**labels, "text": clean, "start": start, "end": end})
    return out


#: The latest time a transcript may hold (ms): a year. Later is not a time in a recording.
MAX_MS = 366 * 24 * 3600 * 1000


def _ms(word: Mapping[str, Any], key: str, where: str, text: str, source: str, what: str = "word") -> int:
    value = word.get(key)
    if type(value) is int:
        if value < 0:
            raise TranscriptError(
                f"{what} {text!r} has a negative time ({value} ms)", source=source, path=f"{where}.{key}"
            )
        if value > MAX_MS:
            raise TranscriptError(
                f"{what} {text!r} has a time of {value if value < 10**15 else f'{value:.3e}'} ms, over a year: "
                "not a time in a recording",
                source=source,
                path=f"{where}.{key}",
            )
        return value
    if value is None:
        missing = "has no" if key not in word else "has a null"
        why = (
            "it is not aligned to the audio (the API leaves such words untimed), so it cannot be placed in a caption"
            if what == "word"
            else "every utterance has a start and an end"
        )
        raise TranscriptError(f"{what} {text!r} {missing} {key}: {why}", source=source, path=f"{where}.{key}")
    if isinstance(value, float) and value.is_integer():
        return _ms({key: int(value)}, key, where, text, source, what)
    kind = "a fractional number" if isinstance(value, float) else _json_type(value)
    raise TranscriptError(
        f"{what} {text!r}: {key} must be an integer number of milliseconds, got {kind} ({value!r})",
        source=source,
        path=f"{where}.{key}",
    )


def _checked_utterances(utterances: Any, source: str) -> Any:
    """The utterances with their times and words checked as the words are (same repairs)."""
    if not isinstance(utterances, list):
        return utterances
    out = []
    for i, u in enumerate(utterances):
        where = f"$.utterances[{i}]"
        if not isinstance(u, Mapping):
            raise TranscriptError(f"expected an utterance object, got {_json_type(u)}", source=source, path=where)
        u = _cleaned(u)
        translated = u.get("translated_texts")
        if isinstance(translated, Mapping):
            u = {**u, "translated_texts": _cleaned(translated, list(translated))}
        text = u.get("text")
        label = " ".join(text.split())[:40] if isinstance(text, str) else f"#{i}"
        start = _ms(u, "start", where, label, source, "utterance")
        end = _ms(u, "end", where, label, source, "utterance")
        if end < start:
            raise TranscriptError(
                f"utterance {label!r} ends before it starts (start {start} ms, end {end} ms)",
                source=source,
                path=f"{where}.end",
            )
        fixed = {**u, "start": start, "end": end}
        if isinstance(u.get("words"), list):
            fixed["words"] = _checked_words(u["words"], f"{where}.words", source)
        out.append(fixed)
    return out


def _from_validation_error(exc: ValidationError, source: str) -> TranscriptError:
    err = exc.errors(include_url=False)[0]
    path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return TranscriptError(f"{err['msg']}, got {err.get('input')!r}{more}", source=source, path=path)
