"""Hostile input (issue 13): lone surrogates, control characters, huge files that are not JSON,
UTF-16/32 JSON. Each is checked through the library (load, then every export), the CLI
(standard output, ``-o FILE``, standard input) and ``captionkit render``."""

from __future__ import annotations

import builtins
import copy
import gzip
import importlib
import io
import json
import os
import sys
from pathlib import Path

import pytest

import captionkit
from captionkit import formats
from captionkit.cli import main
from captionkit.documents.speakers import check_names
from captionkit.errors import InputError, TranscriptError
from captionkit.options import ExportOptions

load_module = importlib.import_module("captionkit.inputs.assemblyai")  # the module (captionkit.load is the function)
fast_module = importlib.import_module("captionkit.inputs.fast")
io_module = importlib.import_module("captionkit.io")

#: Every character the loader removes from text: C0 but white space, DEL, C1 but NEL.
REMOVED = [*map(chr, range(0x00, 0x09)), *map(chr, range(0x0E, 0x1C)), *map(chr, range(0x7F, 0x85))]
REMOVED += list(map(chr, range(0x86, 0xA0)))
#: The control characters that are white space (``str.split``): they become one space in a word.
SPACES = ["\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"]

#: Every export, with the options that reach each kind of text (speakers, translations, tables).
RENDERS = {
    "srt": ("srt", ExportOptions()),
    "srt-speakers": ("srt", ExportOptions(speaker_labels=True)),
    "srt-es": ("srt", ExportOptions(language="es", speaker_labels=True)),
    "srt-netflix": ("srt", ExportOptions(profile="netflix", speaker_labels=True)),
    "vtt": ("vtt", ExportOptions()),
    "vtt-speakers": ("vtt", ExportOptions(speaker_labels=True)),
    "text": ("text", ExportOptions()),
    "text-es": ("text", ExportOptions(language="es", template="{speaker} {channel}: {text}")),
    "words-csv": ("words", ExportOptions(word_format="csv")),
    "words-tsv": ("words", ExportOptions(word_format="tsv")),
    "words-json": ("words", ExportOptions(word_format="json")),
    "sentences": ("sentences", ExportOptions()),
    "sentences-text": ("sentences", ExportOptions(plain_text=True)),
    "paragraphs": ("paragraphs", ExportOptions()),
    "paragraphs-text": ("paragraphs", ExportOptions(plain_text=True)),
}
ALL = "srt,vtt,text,words,sentences,paragraphs"


def document(middle: str = "world.", *, speaker: str = "B", channel: str = "1", text: str | None = None) -> dict:
    """A transcript of three words whose middle word is ``middle``, with utterances carrying
    the words again (as the API writes them) and Spanish translations."""
    words = [
        {"text": "Hello,", "start": 100, "end": 400, "confidence": 0.9, "speaker": "A", "channel": "1"},
        {"text": middle, "start": 450, "end": 900, "confidence": 0.8, "speaker": "A", "channel": "1"},
        {"text": "Bye.", "start": 1000, "end": 1400, "confidence": 0.9, "speaker": speaker, "channel": channel},
    ]
    utterances = [
        {
            "text": f"Hello, {middle}",
            "start": 100,
            "end": 900,
            "confidence": 0.85,
            "speaker": "A",
            "channel": "1",
            "words": copy.deepcopy(words[:2]),
            "translated_texts": {"es": f"Hola, {middle}"},
        },
        {
            "text": "Bye.",
            "start": 1000,
            "end": 1400,
            "confidence": 0.9,
            "speaker": speaker,
            "channel": channel,
            "words": copy.deepcopy(words[2:]),
            "translated_texts": {"es": "Adiós."},
        },
    ]
    return {
        "id": "t1",
        "status": "completed",
        "language_code": "en_us",
        "text": f"Hello, {middle} Bye." if text is None else text,
        "words": words,
        "utterances": utterances,
        "translated_texts": {"es": f"Hola, {middle} Adiós."},
    }


def render_all(t: captionkit.Transcript) -> dict[str, str]:
    return {name: formats.get(export).render(t, options) for name, (export, options) in RENDERS.items()}


def write_json(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: a lone surrogate is written \udXXX
    return path


def run(capsysbinary, *argv: str) -> tuple[int, bytes, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode("utf-8", "replace")


def render_cli(capsysbinary, *argv: str) -> tuple[int, str]:
    code = main(["render", *argv, "--jobs", "1", "--no-progress"])
    return code, capsysbinary.readouterr().err.decode("utf-8", "replace")


# ---------------------------------------------------------------- 1. lone surrogates


def surrogate_document() -> dict:
    """A lone surrogate in every kind of string: texts, speakers, channels, translations,
    the id, an unknown field, a key."""
    d = document("wor\ud800ld.", speaker="B\udc00", channel="2\ud8ff", text="Hello, \udfff")
    d["id"] = "t\ud800"
    d["utterances"][0]["text"] = "Hello, wor\ud800ld. \udbff"
    d["utterances"][1]["translated_texts"] = {"es": "Adi\ud800s.", "x\udc00": "y"}
    d["translated_texts"]["fr"] = "Bonjour \udc01"
    d["future\ud800"] = {"nested": ["\udc00", {"k\ud800": "v"}]}
    return d


def all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*all_strings(k), *all_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in all_strings(v)]
    return []


def test_lone_surrogates_become_replacement_characters_everywhere(tmp_path):
    path = write_json(tmp_path / "s.json", surrogate_document())
    assert b"\\ud800" in path.read_bytes()
    t = captionkit.load(path)
    dumped = t.model_dump()
    strings = all_strings(dumped)
    assert not [s for s in strings if any("\ud800" <= c <= "\udfff" for c in s)]
    assert t.words[1].text == "wor\ufffdld." and t.utterances[0].words[1].text == "wor\ufffdld."
    assert t.words[2].speaker == "B\ufffd" and t.words[2].channel == "2\ufffd"
    assert t.utterances[0].text == "Hello, wor\ufffdld. \ufffd" and t.text == "Hello, \ufffd"
    assert t.utterances[1].translated_texts == {"es": "Adi\ufffds.", "x\ufffd": "y"}
    assert t.id == "t\ufffd" and dumped["future\ufffd"] == {"nested": ["\ufffd", {"k\ufffd": "v"}]}
    assert t.translated_texts["fr"] == "Bonjour \ufffd"
    json.dumps(dumped, ensure_ascii=False).encode("utf-8")  # every string can be written


def test_lone_surrogates_every_export_encodes():
    t = captionkit.load(json.dumps(surrogate_document()).encode())
    for name, text in render_all(t).items():
        data = text.encode("utf-8")  # raised UnicodeEncodeError before
        assert "\ufffd".encode() in data, name


def test_lone_surrogates_same_transcript_from_bytes_text_dict_and_the_exact_path():
    d = surrogate_document()
    raw = json.dumps(d).encode()
    want = load_module._exact_transcript(copy.deepcopy(d), "<test>")
    assert want.words[1].text == "wor\ufffdld."
    for source in (raw, raw.decode(), d, json.dumps(d, ensure_ascii=False)):
        assert captionkit.load(source) == want
    assert d["words"][1]["text"] == "wor\ud800ld."  # the caller's dict is not changed


def test_a_surrogate_pair_written_as_two_code_points_is_the_character_it_encodes():
    t = captionkit.load(document("smile\ud83d\ude00"))  # a Python string may hold the halves apart
    assert t.words[1].text == "smile\U0001f600"


@pytest.mark.parametrize("where", ["word", "everywhere"])
@pytest.mark.parametrize("fmt", ["srt", "vtt", "words", "text", "sentences", "paragraphs"])
def test_lone_surrogates_cli_stdout_and_output_file(tmp_path, capsysbinary, fmt, where):
    data = document("wor\ud800ld.") if where == "word" else surrogate_document()
    path = write_json(tmp_path / "s.json", data)
    code, out, err = run(capsysbinary, fmt, str(path))
    assert code == 0 and err == "" and "\ufffd".encode() in out
    target = tmp_path / f"out.{fmt}"
    code, out, err = run(capsysbinary, fmt, str(path), "-o", str(target))
    assert code == 0 and out == b"" and err == ""
    assert "\ufffd" in target.read_text(encoding="utf-8")


def test_lone_surrogates_render(tmp_path, capsysbinary):
    (tmp_path / "in").mkdir()
    path = write_json(tmp_path / "in" / "s.json", surrogate_document())
    code, err = render_cli(capsysbinary, str(path), "--to", ALL, "--out", str(tmp_path / "out"))
    assert code == 0, err
    outputs = sorted((tmp_path / "out").iterdir())
    assert len(outputs) == 6
    for output in outputs:
        assert "\ufffd" in output.read_text(encoding="utf-8"), output.name


# ---------------------------------------------------------------- 2. control characters


def control_document() -> dict:
    """Control characters in every kind of text that reaches an output."""
    d = document("wor\x00\x1b[31mld\x07.", speaker="B\x1b", channel="2\x7f", text="Hello,\x9b world.\x00 Bye.")
    d["utterances"][0]["text"] = "Hello,\x08 wor\x00ld."
    d["utterances"][1]["translated_texts"] = {"es": "Adi\x1bós\x9f."}
    d["translated_texts"]["es"] = "Hola\x00 mundo."
    return d


def test_control_characters_are_removed_from_every_text():
    t = captionkit.load(control_document())
    assert [w.text for w in t.words] == ["Hello,", "wor[31mld.", "Bye."]
    assert [w.text for w in t.utterances[0].words] == ["Hello,", "wor[31mld."]
    assert t.words[2].speaker == "B" and t.words[2].channel == "2"
    assert t.utterances[1].speaker == "B" and t.utterances[1].channel == "2"
    assert t.utterances[1].words[0].speaker == "B"
    assert t.utterances[0].text == "Hello, world." and t.text == "Hello, world. Bye."
    assert t.utterances[1].translated_texts == {"es": "Adiós."}
    assert t.translated_texts["es"] == "Hola mundo."


@pytest.mark.parametrize("control", REMOVED, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_character_is_removed_from_a_word(control):
    t = captionkit.load(document(f"wo{control}rld{control}."))
    assert t.words[1].text == "world." and t.utterances[0].words[1].text == "world."


@pytest.mark.parametrize("space", SPACES, ids=lambda c: f"U+{ord(c):04X}")
def test_white_space_controls_still_become_one_space(space):
    t = captionkit.load(document(f"New{space}\x00York"))
    assert t.words[1].text == "New York"


@pytest.mark.parametrize("kind", ["words", "utterances", "sentences"])
def test_a_word_of_control_characters_alone_is_blank_and_named(kind):
    d = document("\x00\x1b\x7f\x9b")
    if kind == "utterances":
        del d["words"]
        path = "$.utterances[0].words[1].text"
    elif kind == "sentences":
        d = {"id": "s", "sentences": [{k: v for k, v in u.items() if k != "translated_texts"} for u in d["utterances"]]}
        path = "$.sentences[0].words[1].text"
    else:
        path = "$.words[1].text"
    for source in (d, json.dumps(d), json.dumps(d).encode()):
        with pytest.raises(TranscriptError) as info:
            captionkit.load(source, name="c.json")
        assert str(info.value).startswith(f"c.json: {path}: word text is blank (")


def test_no_export_writes_a_control_character():
    outputs = render_all(captionkit.load(control_document()))
    for name, text in outputs.items():
        found = sorted({f"U+{ord(c):04X}" for c in text if c in REMOVED})
        assert not found, (name, found)
    assert "wor[31mld." in outputs["srt"] and "[Speaker B]" in outputs["srt-speakers"]


def test_control_characters_in_a_sentences_response_are_removed_from_its_items_too():
    d = document("wor\x1bld.")
    data = {"id": "s", "sentences": [{k: v for k, v in u.items() if k != "translated_texts"} for u in d["utterances"]]}
    data["sentences"][0]["text"] = "Hello, wor\x1bld."
    t = captionkit.load(json.dumps(data).encode())
    assert t.words[1].text == "world."
    kept = t.model_dump()["sentences"]
    assert kept[0]["text"] == "Hello, world." and kept[0]["words"][1]["text"] == "world."
    ours = json.loads(formats.get("sentences").render(t, ExportOptions()))
    assert [len(s["words"]) for s in ours["sentences"]] == [2, 1]  # the response's own sentences


def test_control_characters_fast_and_exact_paths_agree():
    d = control_document()
    raw = json.dumps(d).encode()
    want = load_module._exact_transcript(copy.deepcopy(d), "<test>")
    for source in (raw, raw.decode(), d, json.dumps(d, ensure_ascii=False).encode()):
        assert captionkit.load(source) == want
    assert fast_module._fast_transcript(raw, "<test>") is None  # sent down the exact path


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(text='She said "hi" \\ and left. Déjà vu « ok » ¿sí? 50° 日本 \u00a0'),
        lambda d: d["utterances"][0].update(text="a \\ b \u00a9 \u00bf"),
        lambda d: d.update(future={"path": "C:\\temp\\new", "note": "tab\there"}),
    ],
)
def test_text_without_control_characters_keeps_the_fast_path(change):
    """Quotes, backslashes, accents and the non-ASCII characters next to the C1 controls in
    UTF-8 (U+00A0-U+00BF) send no document down the exact path, escaped or not."""
    d = document()
    change(d)
    for raw in (json.dumps(d).encode(), json.dumps(d, ensure_ascii=False).encode()):
        assert fast_module._fast_transcript(raw, "<test>") is not None
    assert fast_module._fast_transcript(d, "<test>") is not None


@pytest.mark.parametrize("ascii_only", [True, False])
def test_a_control_character_after_many_escapes_is_still_found(ascii_only):
    """Past the escapes looked at one by one, a regular expression scans the rest."""
    many = getattr(fast_module, "_FEW_HITS", 50_000) + 10
    d = {"future": ['q"\u00ab\u00e9'] * many, **document()}  # before the words
    raw = json.dumps(d, ensure_ascii=ascii_only).encode()
    assert fast_module._fast_transcript(raw, "<test>") is not None
    for control in ("\x1b", "\x9b", "\x08"):
        d["words"][1]["text"] = f"wor{control}ld."
        raw = json.dumps(d, ensure_ascii=ascii_only).encode()
        assert fast_module._fast_transcript(raw, "<test>") is None, repr(control)
        assert captionkit.load(raw).words[1].text == "world."


def test_captionkit_lint_passes_on_captionkits_own_output(tmp_path, capsysbinary):
    path = write_json(tmp_path / "c.json", control_document())
    for fmt, extra in (("srt", []), ("vtt", []), ("srt", ["--speaker-labels"]), ("vtt", ["--speaker-labels"])):
        target = tmp_path / f"out.{fmt}"
        code, _, err = run(capsysbinary, fmt, str(path), *extra, "-o", str(target))
        assert code == 0, err
        data = target.read_bytes()
        assert not [c for c in data.decode("utf-8") if c in REMOVED]
        main(["lint", str(target), "--format", "json"])
        report = json.loads(capsysbinary.readouterr()[0])
        rules = {r["rule"]: r for r in report["rules"]}
        assert rules["format"]["failed"] == 0 and rules["text"]["failed"] == 0, (fmt, extra, report["failed_rules"])


def test_control_characters_cli_and_render(tmp_path, capsysbinary):
    (tmp_path / "in").mkdir()
    path = write_json(tmp_path / "in" / "c.json", control_document())
    code, out, err = run(capsysbinary, "srt", str(path), "--speaker-labels")
    assert code == 0 and err == ""
    assert b"\x1b" not in out and b"\x00" not in out and b"wor[31mld." in out
    code, err = render_cli(capsysbinary, str(path), "--to", ALL, "--out", str(tmp_path / "out"))
    assert code == 0, err
    for output in (tmp_path / "out").iterdir():
        text = output.read_text(encoding="utf-8")
        assert not [c for c in text if c in REMOVED], output.name


@pytest.mark.parametrize("name", ["Al\x1bice", "Al\x00ice", "Bob\x07", "Al\x7fice", "Al\x9bice", "Tab\tName"])
def test_speaker_names_with_control_characters_are_refused(name, tmp_path, capsysbinary):
    with pytest.raises(ValueError, match="must not contain a control character"):
        check_names({"A": name})
    with pytest.raises(ValueError, match="control character"):
        ExportOptions(speaker_names={"A": name})
    path = write_json(tmp_path / "t.json", document())
    with pytest.raises(SystemExit) as info:
        main(["srt", str(path), "--speaker-labels", "--speaker-names", f"A={name}"])
    assert info.value.code == 2
    err = capsysbinary.readouterr()[1].decode()
    assert "--speaker-names: the name for speaker 'A' must not contain a control character" in err


# ---------------------------------------------------------------- 4. huge files that are not JSON

LIMIT = 4 * 64 * 1024  # read more than this: the reader went on past the first 64 KiB it needs


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it and fails the test past LIMIT."""

    def __init__(self, raw: io.RawIOBase | io.BufferedIOBase) -> None:
        self.raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = self.raw.readinto(buffer) or 0
        self.bytes_read += n
        assert self.bytes_read <= LIMIT, f"read {self.bytes_read} bytes: the whole file is being read"
        return n

    def seekable(self) -> bool:
        return self.raw.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.raw.seek(offset, whence)

    def tell(self) -> int:
        return self.raw.tell()

    def close(self) -> None:
        self.raw.close()
        super().close()


class Endless(io.RawIOBase):
    """A stream that never ends: the same byte for ever (the test fails past LIMIT)."""

    def __init__(self, byte: bytes) -> None:
        self.byte = byte
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        buffer[:] = self.byte * len(buffer)
        self.bytes_read += len(buffer)
        assert self.bytes_read <= LIMIT, f"read {self.bytes_read} bytes of an endless stream"
        return len(buffer)


@pytest.fixture
def nul_file(tmp_path) -> Path:
    """A 2 GB file of NUL bytes, sparse: it takes no room on disk."""
    path = tmp_path / "x.json"
    with open(path, "wb") as handle:
        handle.truncate(2 * 1024**3)
    return path


@pytest.fixture
def counted_opens(monkeypatch):
    """Every open of a file whose name ends in x.json counts what is read (``open`` and
    ``io.open``, whichever the loader uses); yields the readers."""
    readers: list[CountingReader] = []
    real_open = io.open

    def counting_open(file, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file).endswith("x.json") and "r" in mode:
            assert "b" in mode, "the loader opens files in binary mode"
            reader = CountingReader(real_open(file, "rb", buffering=0))
            readers.append(reader)
            return reader
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    yield readers
    monkeypatch.undo()


BINARY = "not JSON: the file starts with binary data (byte 0x00 at offset 0)"


def test_a_huge_file_of_nul_bytes_is_rejected_from_its_first_bytes(nul_file, counted_opens):
    with pytest.raises(InputError) as info:
        captionkit.load(nul_file)
    assert str(info.value) == f"{nul_file}: {BINARY}"
    assert counted_opens and all(r.bytes_read <= LIMIT for r in counted_opens)


def test_a_huge_binary_file_object_is_rejected_from_its_first_bytes(nul_file):
    reader = CountingReader(io.FileIO(nul_file))
    with pytest.raises(InputError) as info:
        captionkit.load(reader, name="x.json")
    assert str(info.value) == "x.json: not JSON: the input starts with binary data (byte 0x00 at offset 0)"
    assert reader.bytes_read <= LIMIT
    buffered = CountingReader(io.FileIO(nul_file))
    with pytest.raises(InputError, match="binary data"):
        captionkit.load(io.BufferedReader(buffered))
    assert buffered.bytes_read <= LIMIT


def test_a_huge_text_file_object_is_rejected_from_its_first_characters(nul_file):
    reader = CountingReader(io.FileIO(nul_file))
    with pytest.raises(InputError) as info:
        captionkit.load(io.TextIOWrapper(io.BufferedReader(reader), encoding="utf-8"), name="x.json")
    assert str(info.value) == "x.json: not JSON: the input starts with binary data (U+0000 at character 0)"
    assert reader.bytes_read <= LIMIT


def test_a_huge_stdin_of_nul_bytes_is_rejected_from_its_first_bytes(nul_file, monkeypatch, capsysbinary):
    reader = CountingReader(io.FileIO(nul_file))

    class Stdin:
        buffer = io.BufferedReader(reader)

    monkeypatch.setattr(sys, "stdin", Stdin)
    code, out, err = run(capsysbinary, "srt", "-")
    assert code == 1 and out == b""
    assert err == "captionkit: error: <stdin>: not JSON: the input starts with binary data (byte 0x00 at offset 0)\n"
    assert reader.bytes_read <= LIMIT


def test_a_huge_file_of_nul_bytes_cli_and_render(nul_file, counted_opens, tmp_path, capsysbinary):
    code, out, err = run(capsysbinary, "srt", str(nul_file), "-o", str(tmp_path / "x.srt"))
    assert (code, out) == (1, b"") and err == f"captionkit: error: {nul_file}: {BINARY}\n"
    assert not (tmp_path / "x.srt").exists()
    good = write_json(tmp_path / "good.json", document())
    code, err = render_cli(capsysbinary, str(nul_file), str(good), "--to", ALL, "--out", str(tmp_path / "out"))
    assert code == 1 and "1 rendered" in err and "1 failed" in err
    assert f"{nul_file}: {BINARY}" in err and "Traceback" not in err
    assert counted_opens and all(r.bytes_read <= LIMIT for r in counted_opens)


@pytest.mark.parametrize("byte", [b"x", b"<", b"\xff"])
def test_an_endless_stream_that_cannot_start_json_is_rejected(byte):
    with pytest.raises(InputError) as info:
        captionkit.load(io.BufferedReader(Endless(byte)), name="endless")
    expected = "not UTF-8 text (byte 0): not a JSON file" if byte == b"\xff" else "not valid JSON: Expecting value"
    assert str(info.value).startswith(f"endless: {expected}")


@pytest.mark.parametrize(
    "content", [b"  \n <html>", b"\xef\xbb\xbf\n\n   WEBVTT", b"\t\r\n x", b"{]", b"{", b"", b"  \n", b"[1, 2"]
)
def test_messages_for_small_files_are_the_ones_json_gives(content, tmp_path):
    """The early rejection says what parsing the whole file says (line and column)."""
    path = tmp_path / "small.json"
    path.write_bytes(content)
    with pytest.raises(captionkit.CaptionkitError) as early:
        captionkit.load(path)
    with pytest.raises(captionkit.CaptionkitError) as whole:
        load_module.transcript_from_dict(load_module._parse_json(content, str(path)), source=str(path))
    assert str(early.value) == str(whole.value)


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (gzip.compress(b'{"words": []}'), "gzip-compressed: decompress it first"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive: extract it first"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00", "MP4 or QuickTime audio or video"),
        (b"ID3\x04\x00\x00\x00\x00", "MP3 audio"),
        (b"%PDF-1.7\n", "a PDF document"),
    ],
)
def test_known_binary_files_are_named(content, what, tmp_path, capsysbinary):
    path = tmp_path / "b.json"
    path.write_bytes(content)
    code, _, err = run(capsysbinary, "vtt", str(path))
    assert code == 1 and err == f"captionkit: error: {path}: not JSON: the file starts with binary data ({what})\n"


def test_json_text_that_only_looks_like_a_signature_is_json():
    with pytest.raises(TranscriptError, match=r"\$: expected a JSON object .* got a string"):
        captionkit.load(b'"abcftyp"')


def test_a_nul_in_a_path_string_is_an_input_error():
    with pytest.raises(InputError, match="cannot read the file"):
        captionkit.load("a\x00b.json")


# ---------------------------------------------------------------- 5. UTF-16 and UTF-32 JSON

ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


def unicode_document() -> dict:
    return document("déjà-vu日本\U0001f600.", speaker="Zoë")


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("indent", [None, 2])
def test_utf16_and_utf32_json_loads_as_utf8_does(encoding, indent, tmp_path):
    text = json.dumps(unicode_document(), ensure_ascii=False, indent=indent)
    if indent:
        text = "\n  " + text  # white space first: the NUL pattern still tells
    utf8 = tmp_path / "u8.json"
    utf8.write_bytes(text.encode("utf-8"))
    wide = tmp_path / "wide.json"
    wide.write_bytes(text.encode(encoding))
    want = captionkit.load(utf8)
    assert want.words[1].text == "déjà-vu日本\U0001f600."
    with open(wide, "rb") as handle:
        sources = [wide, str(wide), wide.read_bytes(), handle, io.BytesIO(wide.read_bytes())]
        for source in sources:
            assert captionkit.load(source) == want
    assert render_all(captionkit.load(wide)) == render_all(want)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32-le"])
def test_utf16_cli_stdin_and_render(encoding, tmp_path, capsysbinary, monkeypatch):
    (tmp_path / "in").mkdir()
    utf8 = write_json(tmp_path / "u8.json", unicode_document())
    wide = tmp_path / "in" / "wide.json"
    wide.write_bytes(utf8.read_text(encoding="utf-8").encode(encoding))
    want = run(capsysbinary, "srt", str(utf8), "--speaker-labels")
    assert want[0] == 0 and "Zoë".encode() in want[1]
    assert run(capsysbinary, "srt", str(wide), "--speaker-labels") == want

    class Stdin:
        buffer = io.BytesIO(wide.read_bytes())

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert run(capsysbinary, "srt", "-", "--speaker-labels") == want
    code, err = render_cli(capsysbinary, str(wide), "--to", ALL, "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert (tmp_path / "out" / "wide.srt").read_bytes() == run(capsysbinary, "srt", str(utf8))[1]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("padding", [0, 100_000])  # the damage within the first bytes read, or after
def test_odd_length_utf16_is_named_with_the_encoding_and_offset(encoding, padding, tmp_path, capsysbinary):
    d = {"future": "x" * padding, **unicode_document()}
    raw = json.dumps(d, ensure_ascii=False).encode(encoding)[:-1]
    path = tmp_path / "odd.json"
    path.write_bytes(raw)
    name = encoding.upper() if encoding != "utf-16" else "UTF-16-LE"
    message = f"not {name} text (byte {len(raw) - 1}): the file ends inside a character (was it cut short?)"
    with pytest.raises(InputError) as info:
        captionkit.load(path)
    assert str(info.value) == f"{path}: {message}"
    code, _, err = run(capsysbinary, "srt", str(path))
    assert code == 1 and err == f"captionkit: error: {path}: {message}\n"


@pytest.mark.parametrize("padding", [0, 100_000])  # the damage within the first bytes read, or after
def test_undecodable_utf16_and_utf32_are_named_with_the_encoding_and_offset(padding, tmp_path):
    d = {"future": "x" * padding, **unicode_document()}
    good = json.dumps(d, ensure_ascii=False).encode("utf-16-le")
    at = good.index("Bye".encode("utf-16-le"))
    path = tmp_path / "bad16.json"
    path.write_bytes(good[:at] + "\udc00".encode("utf-16-le", "surrogatepass") + good[at:])  # a lone low surrogate
    with pytest.raises(InputError) as info:
        captionkit.load(path)
    assert str(info.value) == f"{path}: not UTF-16-LE text (byte {at}): illegal encoding"
    good = b"\xff\xfe\x00\x00" + json.dumps(d).encode("utf-32-le")
    at = good.index("Bye".encode("utf-32-le"))
    path = tmp_path / "bad32.json"
    path.write_bytes(good[:at] + (0x110000).to_bytes(4, "little") + good[at:])
    with pytest.raises(InputError) as info:
        captionkit.load(path)
    assert str(info.value) == f"{path}: not UTF-32-LE text (byte {at}): code point not in range(0x110000)"


def test_utf16_text_that_starts_with_binary_data_is_rejected(tmp_path):
    path = tmp_path / "x16.json"
    path.write_bytes("{\n".encode("utf-16-le") + b"\x00" * 1000)
    with pytest.raises(InputError, match=r"binary data \(U\+0000 at character 2 of the UTF-16-LE text\)"):
        captionkit.load(path)


def test_plain_utf8_is_not_taken_for_utf16(tmp_path):
    for text in ('{"a": 1}', "1", '"x"', "{}"):
        assert io_module._wide_encoding(text.encode()) is None
    assert os.path.getsize(write_json(tmp_path / "t.json", document())) > 0
    assert captionkit.load(tmp_path / "t.json").words[1].text == "world."
