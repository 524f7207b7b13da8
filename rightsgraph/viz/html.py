"""The project's own HTML templates: Jinja with autoescape, everything inlined, nothing fetched.

Every label, title, heading and table cell of a view comes from data, so all of it goes through
Jinja's autoescape, and data handed to scripts is JSON inside ``<script type="application/json">``
with ``<``, ``>`` and ``&`` escaped (it can never close the script element). Scripts build
tooltips with ``textContent``, never ``innerHTML``. vis-network comes from the copy pyvis ships,
inlined, and every page carries a Content-Security-Policy that forbids loading anything and
runs only the page's own scripts (by nonce), so even an injected handler would not run.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from rightsgraph.fsutil import atomic_file

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"


def _checked_asset(path: Path, closing: str) -> str:
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise RuntimeError(f"{path} contains '{closing}' and cannot be inlined safely")
    return text


@lru_cache(maxsize=1)
def assets() -> dict[str, Markup]:
    """Scripts and styles inlined into every page (read once)."""
    return {
        "vis_js": Markup(_checked_asset(VIS_DIR / "vis-network.min.js", "</script")),
        "vis_css": Markup(_checked_asset(VIS_DIR / "vis-network.css", "</style")),
        "vis_tooltip_css": Markup(_checked_asset(TEMPLATES / "vis-tooltip.css", "</style")),
        "network_js": Markup(_checked_asset(TEMPLATES / "network.js", "</script")),
        "page_css": Markup(_checked_asset(TEMPLATES / "page.css", "</style")),
    }


def script_json(data: Any) -> Markup:
    """JSON safe to place inside a <script> element: it cannot end the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def web_link(value: Any) -> str | None:
    """The value if it is an http(s) URL a page may link to; None for anything else (javascript:...)."""
    text = str(value or "").strip()
    return text if text.lower().startswith(("http://", "https://")) and not any(c.isspace() or c in '<>"' for c in text) else None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["script_json"] = script_json
    env.filters["web_link"] = web_link
    return env


def render(template: str, **context: Any) -> str:
    """Render a page; a nonce derived from the content lets only the page's own scripts run."""
    digest = hashlib.sha256(repr(sorted((k, repr(v)) for k, v in context.items())).encode("utf-8")).hexdigest()
    return environment().get_template(template).render(nonce=digest[:32], **assets(), **context)


def write_page(path: Path, template: str, **context: Any) -> Path:
    """Render a page and write it whole (a full disk leaves no truncated page behind)."""
    page = render(template, **context)
    with atomic_file(path) as staging:
        staging.write_text(page, encoding="utf-8")
    return path
