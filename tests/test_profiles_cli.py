"""``captionkit srt|vtt --profile ...``: the broadcast profiles through the command line."""

from __future__ import annotations

import pytest
import srt

import captionkit
from captionkit.cli import main
from captionkit.formats import vtt
from captionkit.pipeline import ExportOptions, render
from captionkit.profiles import get_profile

from .conftest import SAMPLE


@pytest.mark.parametrize("profile", ["netflix", "bbc", "dcmp"])
def test_profile_output_passes_its_own_lint(tmp_path, capsysbinary, profile):
    for fmt in ("srt", "vtt"):
        out = tmp_path / f"out.{fmt}"
        assert main([fmt, str(SAMPLE), "--profile", profile, "-o", str(out)]) == 0
        assert main(["lint", str(out), "--profile", profile, "--transcript", str(SAMPLE)]) == 0, (
            capsysbinary.readouterr().out.decode()
        )
        capsysbinary.readouterr()


def test_profile_cli_matches_the_library(capsysbinary):
    t = captionkit.load(SAMPLE)
    assert main(["srt", str(SAMPLE), "--profile", "netflix", "--max-chars-per-line", "32", "--max-cps", "17"]) == 0
    out = capsysbinary.readouterr().out.decode()
    profile = get_profile("netflix", max_chars_per_line=32, max_cps=17)
    assert out == render("srt", t, ExportOptions(profile=profile))
    subs = list(srt.parse(out))
    assert all(len(line) <= 32 for s in subs for line in s.content.split("\n"))
    assert any("\n" in s.content for s in subs)  # two-line cues are used
    # every word once, in order
    assert " ".join(" ".join(s.content.split()) for s in subs).split() == [w.text for w in t.words]


def test_profile_with_speaker_labels(capsysbinary):
    assert main(["vtt", str(SAMPLE), "--profile", "bbc", "--speaker-labels", "--speaker-names", "A=Ann,B=Ben"]) == 0
    cues = vtt.loads(capsysbinary.readouterr().out.decode())
    assert {s for c in cues for s in c.speakers} == {"Ann", "Ben"}
    assert main(["srt", str(SAMPLE), "--profile", "netflix", "--speaker-labels"]) == 0
    subs = list(srt.parse(capsysbinary.readouterr().out.decode()))
    assert subs[0].content.startswith("[Speaker A] ")
    assert all(len(line) <= 42 for s in subs for line in s.content.split("\n"))


@pytest.mark.parametrize(
    "argv",
    [
        ["--max-cps", "17"],  # a limit needs a broadcast profile
        ["--profile", "netflix", "--chars-per-caption", "32"],
        ["--profile", "netflix", "--language", "es"],
        ["--profile", "cinema"],
        ["--profile", "netflix", "--max-lines", "0"],
        ["--profile", "bbc", "--min-gap", "1.1s"],  # over 1 s: continuous speech could not stay in sync
        ["--profile", "netflix", "--min-gap", "30f"],
        ["--profile", "netflix", "--fps", "0.001"],  # 2 frames would be 2000 s
        ["--profile", "netflix", "--min-duration", "9"],  # longer than the 7 s maximum
    ],
)
def test_profile_usage_errors_exit_2(capsysbinary, argv):
    with pytest.raises(SystemExit) as info:
        main(["srt", str(SAMPLE), *argv])
    assert info.value.code == 2
    assert "usage:" in capsysbinary.readouterr().err.decode()
    if {"--max-lines", "--min-gap", "--fps", "--min-duration"} & set(argv):  # lint takes the same limits
        with pytest.raises(SystemExit) as info:
            main(["lint", str(SAMPLE), *argv])
        assert info.value.code == 2
