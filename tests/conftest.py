"""Shared test helpers: where the real API data lives, and the skip when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAPTIONKIT_SHARED", ROOT.parent / "shared"))
FIXTURES = SHARED / "fixtures" / "assemblyai"
CORPUS = SHARED / "corpus"
SAMPLE = ROOT / "fixtures" / "sample-transcript.json"

needs_shared = pytest.mark.skipif(
    not FIXTURES.is_dir(),
    reason=f"real AssemblyAI data not found at {SHARED} (set CAPTIONKIT_SHARED to its folder)",
)


def shared_file(*parts: str) -> Path:
    path = FIXTURES.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real API file {path} is not present")
    return path
