"""The HTML report in a real browser: it reads, links items to evidence, and runs no injected markup.

Drives Debian's headless Chromium over the DevTools protocol on 127.0.0.1.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from summarizer.schemas import Figure, Highlight, KeyTask, Summary

from summarizer.render.html import render_html

pytestmark = pytest.mark.chromium

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--window-size=1366,900",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
]


class Page:
    """A page target spoken to over the DevTools protocol."""

    def __init__(self, socket: Any) -> None:
        self._socket = socket
        self._ids = itertools.count(1)

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        message_id = next(self._ids)
        self._socket.send(json.dumps({"id": message_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self._socket.recv(timeout=20))
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def evaluate(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && !!document.querySelector('main')")

    def wait_for(self, condition: str, *, seconds: float = 5.0) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.evaluate(condition):
                return True
            time.sleep(0.05)
        return False

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the element, after bringing it on screen."""
        box = self.evaluate(
            f"""(() => {{ const el = document.querySelector({json.dumps(selector)});
                el.scrollIntoView({{block: 'center'}});
                const r = el.getBoundingClientRect();
                return [r.left + r.width / 2, r.top + Math.min(r.height / 2, 12)]; }})()"""
        )
        x, y = box
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The DevTools HTTP endpoint of a fresh headless Chromium."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (Debian package `chromium`, /usr/bin/chromium)")
    pytest.importorskip("websockets", reason="the browser tests need the `websockets` package (test extra)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Chromium writes the port it chose into the profile once DevTools listens.
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not (port_file.exists() and port_file.read_text().strip()) and time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"Chromium exited at start with status {process.returncode}")
            time.sleep(0.05)
        if not port_file.exists():
            pytest.fail("Chromium started but did not open its DevTools port")
        yield f"http://127.0.0.1:{port_file.read_text().split()[0]}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def page(browser: str) -> Iterator[Page]:
    request = urllib.request.Request(f"{browser}/json/new?about:blank", method="PUT")
    with urllib.request.urlopen(request, timeout=10) as response:
        target = json.loads(response.read())
    from websockets.sync.client import connect

    try:
        with connect(target["webSocketDebuggerUrl"], max_size=None, open_timeout=10) as socket:
            page = Page(socket)
            page.send("Page.enable")
            page.send("Runtime.enable")
            yield page
    finally:
        urllib.request.urlopen(f"{browser}/json/close/{target['id']}", timeout=10).close()


def _seed(name: str) -> tuple[Summary, str]:
    summary = Summary.model_validate_json((SEEDS / "gold" / f"{name}.json").read_text(encoding="utf-8"))
    return summary, (SEEDS / "articles" / f"{name}.txt").read_text(encoding="utf-8")


def _write(tmp_path: Path, summary: Summary, text: str) -> str:
    report = tmp_path / "report.html"
    report.write_text(render_html(summary, text), encoding="utf-8")
    return report.as_uri()


def test_clicking_a_figure_scrolls_its_evidence_into_view_and_emphasises_it(
    page: Page, tmp_path: Path
) -> None:
    summary, text = _seed("000_0dc9005291e5be66")
    last = len(summary.figures) - 1
    page.open(_write(tmp_path, summary, text))
    in_view = f"""(() => {{
        const mark = document.querySelector('mark.ev[data-refs~="fig-{last}"]');
        const pane = document.querySelector('.pane.article').getBoundingClientRect();
        const r = mark.getBoundingClientRect();
        return r.top >= pane.top && r.bottom <= pane.bottom && mark.classList.contains('active'); }})()"""
    assert page.evaluate(in_view) is False  # the last figure's evidence starts out of sight

    page.click(f'[data-target="fig-{last}"]')

    assert page.wait_for(in_view), "the evidence did not scroll into view"
    active = page.evaluate(
        "[...document.querySelectorAll('mark.ev.active')].map(m => m.textContent).join('')"
    )
    assert summary.figures[last].value in active
    assert summary.figures[last].evidence.startswith(active[:10])
    assert page.evaluate(
        f"document.querySelector('[data-target=\"fig-{last}\"]').classList.contains('active')"
    )

    shot = page.send("Page.captureScreenshot", format="png")
    png = base64.b64decode(shot["data"])
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    (tmp_path / "report.png").write_bytes(png)


def test_injected_markup_in_article_or_summary_does_not_run(page: Page, tmp_path: Path) -> None:
    attack = '<script>window.__ran = "script"</script><img src="x" onerror="window.__ran = \'img\'">'
    text = f"今年计划投资1.35亿元实施老旧小区改造项目3项。{attack}\n上半年客流量突破10万人次。"
    summary = Summary(
        title=f"标题{attack}",
        overview=f"概述{attack}",
        key_tasks=[KeyTask(task=f"改造{attack}", evidence="实施老旧小区改造项目3项")],
        figures=[Figure(metric=attack, value="1.35亿元", period=attack, evidence="今年计划投资1.35亿元")],
        highlights=[Highlight(text="客流量突破10万人次", evidence=f"项目3项。{attack}")],
    )
    page.open(_write(tmp_path, summary, text))
    page.wait_for("false", seconds=0.5)  # let any onerror handler have its chance

    assert page.evaluate("window.__ran === undefined")
    assert page.evaluate("document.querySelectorAll('body img').length") == 0
    assert page.evaluate("document.querySelectorAll('body script').length") == 1  # the report's own
    assert attack in page.evaluate("document.getElementById('article-text').textContent")
    page.click('[data-target="hl-0"]')
    assert page.wait_for("document.querySelector('mark.ev.active') !== null")


def test_traditional_article_is_marked_and_linked(page: Page, tmp_path: Path) -> None:
    summary, text = _seed("004_e35c8b22bca78d1f")
    page.open(_write(tmp_path, summary, text))
    assert page.evaluate("document.querySelector('.pane.article').lang") == "zh-Hant"
    linked = page.evaluate("document.querySelectorAll('[data-target]').length")
    assert linked == len(summary.key_tasks) + len(summary.figures) + len(summary.highlights)
    page.click('[data-target="task-0"]')
    assert page.wait_for("document.querySelector('mark.ev.active') !== null")
