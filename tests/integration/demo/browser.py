"""Headless Chromium (Debian's chromium package, installed by .ci/system-packages)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def chromium() -> str:
    """The browser's path; fails (never skips) when it is not installed."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.fail("chromium is not installed: run .ci/system-packages (apt-get install chromium)")
    return found


def _run(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def screenshot(page: Path, target: Path, width: int = 850, height: int = 3600) -> Path:
    """A PNG of the page as the browser draws it."""
    _run(page, f"--screenshot={target}", f"--window-size={width},{height}")
    return target


def dump_dom(page: Path) -> str:
    """The page's DOM after the browser parsed and laid it out."""
    return _run(page, "--dump-dom").stdout
