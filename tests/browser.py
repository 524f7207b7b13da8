"""Headless Chromium (Debian's, driven by Playwright) for the view tests.

Every page is opened from file:// with every other request aborted and recorded, console
messages and page errors collected, and dialogs (alert, confirm) recorded and dismissed: a
script that an injected payload ran would show up as a dialog, a global flag or an error.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import require

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-default-apps",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("RIGHTSGRAPH_CHROMIUM"), *CHROMIUM_CANDIDATES, shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@dataclass
class PageVisit:
    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"] + self.errors


class Browser:
    def __init__(self) -> None:
        executable = chromium_path()
        require(executable is not None, "Chromium is not installed (Debian package 'chromium')")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            require(False, "the Python package 'playwright' is not installed")
            raise
        self._manager = sync_playwright()
        self._playwright = self._manager.start()
        self.browser = self._playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)

    @contextmanager
    def visit(self, path: Path, ready: bool = True, size: tuple[int, int] = (1280, 900)) -> Iterator[PageVisit]:
        context = self.browser.new_context(viewport={"width": size[0], "height": size[1]}, java_script_enabled=True)
        page = context.new_page()
        visit = PageVisit(page)
        page.on("console", lambda message: visit.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: visit.errors.append(str(error)))

        def on_dialog(dialog: Any) -> None:
            visit.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith("file://") or url.startswith("data:") or url.startswith("blob:"):
                request_route.continue_()
            else:
                visit.blocked.append(url)
                request_route.abort()

        page.route("**/*", route)
        try:
            page.goto(path.resolve().as_uri())
            if ready:
                page.wait_for_selector("body[data-ready='1']", timeout=60_000, state="attached")
            yield visit
        finally:
            context.close()

    def close(self) -> None:
        self.browser.close()
        self._manager.__exit__(None, None, None)
