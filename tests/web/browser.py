"""The system Chromium for the browser tests, or the reason there is none.

``make test`` installs the Debian package ``chromium`` when it is missing and it can (root with
apt-get). Where no browser can exist the tests skip with the reason; on CI (``CI`` or
``PARLOUR_REQUIRE_POSTGRES`` set) a missing browser is a failure, never a skip."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
ARTEFACTS = Path(os.environ.get("PARLOUR_TEST_ARTEFACTS", "test-artefacts")) / "web"


def chromium() -> str:
    """The browser's path; skips (or fails on CI) when there is none or Playwright is absent."""
    found = next((p for p in CANDIDATES if Path(p).exists()), None) or shutil.which("chromium")
    reason = None
    if found is None:
        reason = (
            "no system Chromium (/usr/bin/chromium): `make test` installs it as root with "
            "apt-get (Debian package chromium); without root install it by hand"
        )
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "Playwright for Python is not installed (pip install -e '.[dev]')"
    if reason is None:
        assert found is not None
        return found
    if os.environ.get("CI") or os.environ.get("PARLOUR_REQUIRE_POSTGRES"):
        pytest.fail(f"browser tests must run here: {reason}")
    pytest.skip(reason)
