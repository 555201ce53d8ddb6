"""Shared test helpers: where the shared corpus lives, and Arelle availability."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
GOLD = CORPUS / "gold"
SCORE = SHARED / "tools" / "score.py"
EXAMPLE = ROOT / "examples" / "acme-2007q3.txt"

HAVE_ARELLE = importlib.util.find_spec("arelle") is not None


def needs_corpus():
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")


def needs_arelle():
    return pytest.mark.skipif(not HAVE_ARELLE, reason="arelle-release is not installed")
