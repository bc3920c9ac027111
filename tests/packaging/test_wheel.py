"""The built wheel is all an operator needs: installed into a fresh virtual environment it
migrates, creates the demo and serves (migrations, fonts and the docs assets travel inside).

Offline and bounded: the wheel is built without build isolation (setuptools from the dev
dependencies), and the fresh environment borrows the already-installed dependencies through a
.pth file instead of downloading them. It builds once per run (on the SQLite pass)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.ops.server import server_env, serving

ROOT = Path(__file__).resolve().parents[2]


def _run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=True, **kwargs)  # type: ignore[call-overload, no-any-return]


@pytest.mark.skipif(
    bool(os.environ.get("PARLOUR_TEST_DATABASE_URL")),
    reason="the wheel is built and tried once per run, on the SQLite pass",
)
def test_installed_wheel_migrates_demos_and_serves(tmp_path: Path) -> None:
    # Built from a copy: an in-place build would leave build/ in the checkout.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path / "dist"
    build = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
        + ["--no-index", "--quiet", "--wheel-dir", str(dist), str(source)],
        cwd=tmp_path,
    )
    wheels = list(dist.glob("parlour-*.whl"))
    assert len(wheels) == 1, build.stderr
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    for needed in (
        "parlour/migrations/env.py",
        "parlour/migrations/script.py.mako",
        "parlour/migrations/versions/0001_foundation.py",
        "parlour/appointments/fonts/DejaVuSans.ttf",
        "parlour/appointments/fonts/LICENSE",
        "parlour/web/templates/widget.html",
        "parlour/web/static/widget.js",
        "parlour/web/static/vendor/event-calendar/event-calendar.min.js",
        "parlour/web/static/vendor/event-calendar/LICENSE",
    ):
        assert needed in names, needed

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv), "platbase": str(venv)}))
    # Dependencies come from this environment (read-only); parlour itself only from the wheel.
    (site / "borrowed-deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    _run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install"]
        + ["--no-deps", "--no-index", "--quiet", str(wheels[0])],
        cwd=tmp_path,
    )
    python = str(venv / "bin" / "python")
    where = _run([python, "-c", "import parlour; print(parlour.__file__)"], cwd=tmp_path)
    assert where.stdout.startswith(str(venv)), where.stdout

    parlour = [str(venv / "bin" / "parlour")]
    env = server_env(f"sqlite+aiosqlite:///{tmp_path}/wheel.db", tmp_path / "data")
    env.pop("PYTHONPATH", None)
    assert "up to date" in _run([*parlour, "migrate"], env=env, cwd=tmp_path).stdout
    demo = json.loads(_run([*parlour, "demo", "--json"], env=env, cwd=tmp_path).stdout)
    with serving(parlour, env, cwd=tmp_path) as base:
        ready = httpx.get(f"{base}/api/v1/ready", timeout=10)
        assert ready.status_code == 200 and ready.json()["data"]["status"] == "ready"
        card = httpx.get(
            f"{base}/api/v1/company/{demo['location_id']}",
            params={"showBookforms": 1},
            headers={"Authorization": f"Bearer {demo['partner_token']}"},
            timeout=10,
        )
        assert card.status_code == 200
        # Handed-out URLs name the port actually served, not a default.
        assert all(f["url"].startswith(base) for f in card.json()["data"]["bookforms"])
        # ... and answer: the widget page, its scripts from the installed package.
        widget = httpx.get(card.json()["data"]["bookforms"][0]["url"], timeout=10)
        assert widget.status_code == 200 and "/web-static/widget.js" in widget.text
        grid = httpx.get(f"{base}/web-static/vendor/event-calendar/event-calendar.min.js")
        assert grid.status_code == 200 and len(grid.content) > 100_000
        docs = httpx.get(f"{base}/api/v1/docs", timeout=10)
        assert docs.status_code == 200 and "/api/v1/docs-assets/swagger-ui-bundle.js" in docs.text
        assert "cdn" not in docs.text.lower()
        asset = httpx.get(f"{base}/api/v1/docs-assets/swagger-ui-bundle.js", timeout=10)
        assert asset.status_code == 200 and len(asset.content) > 100_000
