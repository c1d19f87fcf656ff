"""Headless Chromium for the report tests: load a report at a window width, run a measuring script in
it, and read back what it measured (layout, links, sorting), or take a screenshot.

The report's Content-Security-Policy lets only its own script run, so the page under test is a copy
whose policy also admits the measuring script (by its hash); the report itself is unchanged.
Chromium is found on PATH; CI installs it (`.ci/run`), and the tests skip, saying why, only where
it cannot be installed.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars")


def chromium() -> str:
    """The Chromium binary, or skip the test with the reason it cannot run here."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found:
        return found
    why = ("not root, so .ci/run cannot apt-get install chromium" if os.geteuid() != 0
           else "run .ci/run (or apt-get install -y chromium) to install it")
    pytest.skip(f"chromium is not installed: {why}")


def _with_script(page: str, script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    page = re.sub(r"script-src ([^;\"]+)", lambda m: f"script-src {m.group(1)} 'sha256-{digest}'", page,
                  count=1)
    return page.replace("</body>", f"<script>{script}</script>\n</body>", 1)


def measure(report: Path, script: str, *, width: int, tmp_path: Path, fragment: str = "") -> Any:
    """Load ``report`` in a viewport ``width`` px wide (scrolled to ``#fragment``), run ``script`` after
    the page's own script, and return the JSON value the script passes to ``done(...)``.

    The report sits in an iframe of that width: headless Chromium will not make a window narrower than
    500 px, and a phone is 390. The iframe posts what it measured to the page around it, which Chromium
    dumps.
    """
    runner = ("(function(){function done(v){var t=JSON.stringify(v);var p=document.createElement('pre');"
              "p.id='measured';p.textContent=t;document.body.appendChild(p);parent.postMessage(t,'*');}"
              f"window.addEventListener('load',function(){{setTimeout(function(){{{script}}},200);}});}})();")
    page = tmp_path / f"measure-{width}.html"
    page.write_text(_with_script(report.read_text(encoding="utf-8"), runner), encoding="utf-8")
    harness = tmp_path / f"harness-{width}.html"
    src = page.name + (f"#{fragment}" if fragment else "")
    harness.write_text(
        f'<!doctype html><html><body style="margin:0"><iframe src="{src}" width="{width}" height="1000" '
        'style="border:0"></iframe><script>window.addEventListener("message",function(e){var p='
        'document.createElement("pre");p.id="measured";p.textContent=e.data;document.body.appendChild(p);});'
        "</script></body></html>", encoding="utf-8")
    result = subprocess.run(
        [chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
         f"--window-size={max(width, 500) + 40},1100", "--virtual-time-budget=5000", "--dump-dom",
         harness.resolve().as_uri()],
        check=False, capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="measured">(.*?)</pre>', result.stdout, re.DOTALL)
    assert found, f"the measuring script did not finish: {result.stderr[-1500:]}"
    return json.loads(html.unescape(found.group(1)))


def screenshot(page: Path, out: Path, *, width: int, height: int, profile: Path) -> None:
    """A PNG of ``page`` as a ``width`` x ``height`` window shows it."""
    subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
                    f"--screenshot={out}", page.resolve().as_uri()],
                   check=True, capture_output=True, timeout=120)
