"""The review page in a real browser: headless Chromium through Selenium and chromedriver.

Skipped, saying why, when Selenium, Chromium or chromedriver is missing. Needs
(Debian) ``apt-get install chromium chromium-driver`` and ``pip install selenium``;
``CAPTIONKIT_CHROMIUM`` / ``CAPTIONKIT_CHROMEDRIVER`` point at other binaries.
``CAPTIONKIT_SCREENSHOT=path.png`` saves a screenshot of the page (for the README).
"""

from __future__ import annotations

import math
import os
import shutil
import struct
import time
import wave
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from captionkit.cli import main

from .conftest import SAMPLE
from .test_review_page import HOSTILE, synthetic_transcript

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")


def _binary(env: str, *names: str) -> str | None:
    given = os.environ.get(env)
    if given:
        return given if os.path.exists(given) else None
    return next((found for name in names if (found := shutil.which(name))), None)


CHROMIUM = _binary("CAPTIONKIT_CHROMIUM", "chromium", "chromium-browser", "google-chrome", "chrome")
CHROMEDRIVER = _binary("CAPTIONKIT_CHROMEDRIVER", "chromedriver")

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="no headless browser: needs chromium and chromedriver on PATH (Debian: apt-get install chromium "
    "chromium-driver) or CAPTIONKIT_CHROMIUM/CAPTIONKIT_CHROMEDRIVER",
)

XSS_IMG = '<img src=x onerror="window.__xss=1">'


def write_wav(path: Path, seconds: float, rate: int = 8000) -> None:
    """A quiet 220 Hz tone, mono 16-bit: real audio the browser can decode and play."""
    frames = int(seconds * rate)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(
            b"".join(struct.pack("<h", int(2000 * math.sin(2 * math.pi * 220 * i / rate))) for i in range(frames))
        )


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # as root in a container
        "--disable-dev-shm-usage",
        "--autoplay-policy=no-user-gesture-required",
        "--mute-audio",
        "--window-size=1280,900",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    except Exception as exc:  # a browser that cannot start is an environment problem: say so
        pytest.skip(f"chromium did not start: {exc}")
    browser.set_page_load_timeout(30)
    yield browser
    browser.quit()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A synthetic transcript (with hostile words), its audio, an SRT with QC problems, and
    the pages: ``own`` (captionkit's captions) and ``file`` (the SRT)."""
    import json

    root = tmp_path_factory.mktemp("review")
    transcript = synthetic_transcript(
        ["The", "quick", "brown", "fox.", HOSTILE, "jumps", XSS_IMG, "the", "lazy", "dog", "again", "today."]
    )
    (root / "t.json").write_text(json.dumps(transcript), encoding="utf-8")
    write_wav(root / "tone.wav", 6.0)
    (root / "bad.srt").write_text(
        "1\n00:00:00,200 --> 00:00:01,600\nThe quick brown fox.\n\n"
        "2\n00:00:01,600 --> 00:00:01,800\nscript jumps img the lazy\n\n"
        "3\n00:00:02,900 --> 00:00:04,400\ndog again today.\n",
        encoding="utf-8",
    )
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert main(["html", "t.json", "--media", "tone.wav", "-o", "own.html"]) == 0
        assert main(["html", "t.json", "--media", "tone.wav", "--captions", "bad.srt", "-o", "file.html"]) == 0
    finally:
        os.chdir(cwd)
    return {"root": root, "own": root / "own.html", "file": root / "file.html"}


def wait_for(check: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def open_page(driver: Any, page: Path, *, media: bool = True) -> list[dict[str, Any]]:
    """Load ``page``, wait for its script (and the media's metadata); the console log so far."""
    driver.get(page.as_uri())
    wait_for(lambda: driver.execute_script("return document.documentElement.dataset.ready === '1'"), what="page")
    if media:
        wait_for(
            lambda: driver.execute_script("return document.getElementById('ck-media').readyState >= 1"),
            what="media metadata",
        )
    return driver.get_log("browser")


def current_time(driver: Any) -> float:
    return float(driver.execute_script("return document.getElementById('ck-media').currentTime"))


def severe(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [entry for entry in log if entry.get("level") == "SEVERE"]


def test_opens_without_console_errors(driver: Any, site: dict[str, Path]) -> None:
    for name in ("own", "file"):
        log = open_page(driver, site[name])
        assert not severe(log), log
        track = driver.execute_script(
            "const m = document.getElementById('ck-media'); const t = m.textTracks[0];"
            "return [m.tagName, m.querySelector('track').readyState, t.cues ? t.cues.length : -1]"
        )
        assert track[0] == "AUDIO"
        assert track[1] == 2, "the <track> did not load"  # 2 = LOADED
        assert track[2] >= 1
        bars = driver.execute_script("return document.querySelectorAll('#ck-timeline rect.cue').length")
        assert bars == driver.execute_script("return JSON.parse(document.getElementById('ck-data').text).cues.length")


def test_hostile_words_are_text_and_never_run(driver: Any, site: dict[str, Path]) -> None:
    open_page(driver, site["own"])
    texts = driver.execute_script(
        "return Array.from(document.querySelectorAll('#ck-transcript .w'), (w) => w.textContent)"
    )
    assert HOSTILE in texts and XSS_IMG in texts
    assert driver.execute_script("return window.__xss === undefined")
    assert (
        driver.execute_script("return document.querySelectorAll('#ck-transcript script, #ck-transcript img').length")
        == 0
    )
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - an alert would mean the script ran


def test_clicking_a_word_seeks_to_it(driver: Any, site: dict[str, Path]) -> None:
    open_page(driver, site["own"])
    words = driver.find_elements("css selector", "#ck-transcript .w")
    for word in (words[5], words[1], words[9]):
        word.click()
        start = int(word.get_attribute("data-start"))
        wait_for(lambda s=start: abs(current_time(driver) - s / 1000) < 0.02, what=f"seek to {start} ms")
        assert "now" in word.get_attribute("class").split()


def test_playing_highlights_the_current_word_and_cue(driver: Any, site: dict[str, Path]) -> None:
    open_page(driver, site["file"])
    driver.find_elements("css selector", "#ck-transcript .w")[2].click()
    driver.find_element("id", "ck-play").click()
    wait_for(lambda: current_time(driver) > 1.3, what="playback to pass 1.3 s")
    driver.execute_script("document.getElementById('ck-media').pause()")
    time.sleep(0.1)
    now_ms = current_time(driver) * 1000
    state = driver.execute_script(
        "const w = document.querySelectorAll('#ck-transcript .w.now');"
        "const c = document.querySelectorAll('#ck-timeline rect.now');"
        "return [w.length, w.length ? +w[0].dataset.start : null, c.length,"
        "document.getElementById('ck-now').textContent, document.getElementById('ck-play').textContent]"
    )
    starts = [
        int(s)
        for s in driver.execute_script(
            "return Array.from(document.querySelectorAll('#ck-transcript .w'), w => w.dataset.start)"
        )
    ]
    expected = max(s for s in starts if s <= now_ms + 1)
    assert state[0] == 1 and state[1] == expected
    cue = next(
        c
        for c in (
            (200, 1600, "The quick brown fox."),
            (1600, 1800, "script jumps img the lazy"),
            (2900, 4400, "dog again today."),
        )
        if c[0] <= now_ms < c[1]
    )
    assert state[2] == 1 and state[3] == cue[2]
    assert state[4] == "Play"


def test_keyboard_space_and_arrows(driver: Any, site: dict[str, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(driver, site["file"])
    body = driver.find_element("tag name", "body")
    body.send_keys(Keys.ARROW_RIGHT)
    wait_for(lambda: abs(current_time(driver) - 0.2) < 0.02, what="first cue")
    body.send_keys(Keys.ARROW_RIGHT)
    wait_for(lambda: abs(current_time(driver) - 1.6) < 0.02, what="second cue")
    body.send_keys(Keys.ARROW_RIGHT)
    wait_for(lambda: abs(current_time(driver) - 2.9) < 0.02, what="third cue")
    body.send_keys(Keys.ARROW_LEFT)
    wait_for(lambda: abs(current_time(driver) - 1.6) < 0.02, what="back to the second cue")
    body.send_keys(" ")
    wait_for(lambda: not driver.execute_script("return document.getElementById('ck-media').paused"), what="play")
    body.send_keys(" ")
    wait_for(lambda: driver.execute_script("return document.getElementById('ck-media').paused"), what="pause")
    # every control can be reached with Tab
    focusable = driver.execute_script(
        "return Array.from(document.querySelectorAll('button, input, select, a[href]')).every((e) => e.tabIndex >= 0)"
    )
    assert focusable


def test_findings_link_to_their_cue(driver: Any, site: dict[str, Path]) -> None:
    open_page(driver, site["file"])
    links = driver.find_elements("css selector", "#ck-findings a[data-cue]")
    assert {link.get_attribute("data-cue") for link in links} >= {"1", "2"}
    starts = {"1": 0.2, "2": 1.6, "3": 2.9}
    for link in links[:6]:
        cue = link.get_attribute("data-cue")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        wait_for(lambda c=cue: abs(current_time(driver) - starts[c]) < 0.02, what=f"cue {cue}")
    # the filter shows one rule's findings
    from selenium.webdriver.support.select import Select

    Select(driver.find_element("id", "ck-filter")).select_by_value("min_gap")
    shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('#ck-findings li'))"
        ".filter((li) => !li.hidden).map((li) => li.dataset.rule)"
    )
    assert shown and set(shown) == {"min_gap"}


def test_search_highlights_matches(driver: Any, site: dict[str, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    open_page(driver, site["own"])
    box = driver.find_element("id", "ck-search")
    box.send_keys("the")
    wait_for(lambda: driver.find_element("id", "ck-count").text == "2 matches", what="2 matches")
    hits = driver.execute_script(
        "return Array.from(document.querySelectorAll('#ck-transcript .w.hit'), (w) => w.textContent)"
    )
    assert hits == ["The", "the"]
    box.send_keys(Keys.ENTER)
    assert driver.find_element("id", "ck-count").text == "1 of 2"
    box.clear()
    box.send_keys("lazy dog")
    wait_for(lambda: driver.find_element("id", "ck-count").text == "1 match", what="phrase match")
    assert driver.execute_script(
        "return Array.from(document.querySelectorAll('#ck-transcript .w.hit'), (w) => w.textContent)"
    ) == [
        "lazy",
        "dog",
    ]


def test_phone_width_and_screenshot(driver: Any, tmp_path: Path) -> None:
    write_wav(tmp_path / "sample.wav", 76.0)
    page = tmp_path / "sample.html"
    assert main(["html", str(SAMPLE), "--media", str(tmp_path / "sample.wav"), "-o", str(page),
                 "--speaker-names", "A=Host,B=Guest"]) == 0  # fmt: skip
    try:
        driver.set_window_size(390, 844)
        log = open_page(driver, page)
        assert not severe(log), log
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow} px wider than a phone"
    finally:
        driver.set_window_size(1280, 900)
    shot = os.environ.get("CAPTIONKIT_SCREENSHOT")
    if shot:
        open_page(driver, page)
        words = driver.find_elements("css selector", "#ck-transcript .w")
        words[40].click()
        driver.find_element("id", "ck-search").send_keys("transcript")
        time.sleep(0.5)
        driver.save_screenshot(shot)
        assert Path(shot).stat().st_size > 0
