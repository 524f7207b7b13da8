"""The escaping helpers of the page templates, checked against Python's own parsers: JSON that
cannot end or comment out its script element, links that can only be http(s), assets refused
when they would close their element."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rightsgraph.viz.html import _checked_asset, assets, render, script_json, web_link

HOSTILE = ["<!--<script x", "<!--<script>", "</script><script>alert(1)</script>", "a & b > c", "\u2028\u2029", "]]>", "<\u0000>", "'\"`"]


class _ScriptText(HTMLParser):
    """What an HTML parser sees inside <script>…</script>: the element's text and what follows it."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.after: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._inside = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._inside else self.after).append(data)


def _embedded(value: object) -> _ScriptText:
    parser = _ScriptText()
    parser.feed(f'<script type="application/json">{script_json(value)}</script>AFTER')
    parser.close()
    return parser


@pytest.mark.parametrize("text", HOSTILE)
def test_script_json_round_trips_and_stays_inside_its_element(text: str) -> None:
    data = {"label": text, "nested": [text, {"k": text}]}
    embedded = str(script_json(data))
    for character in "<>&\u2028\u2029":
        assert character not in embedded, character
    parsed = _embedded(data)
    assert json.loads("".join(parsed.scripts)) == data
    assert parsed.after == ["AFTER"]


@given(st.recursive(st.text() | st.integers() | st.booleans() | st.none(), lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3), max_leaves=8))
def test_script_json_is_json_for_any_value(value: object) -> None:
    embedded = str(script_json(value))
    assert json.loads(embedded) == value
    assert not any(c in embedded for c in "<>&\u2028\u2029")


def test_script_json_is_compact_and_keeps_key_order() -> None:
    assert str(script_json({"b": 1, "a": "é"})) == '{"b":1,"a":"é"}'


@pytest.mark.parametrize("url", ["http://example.org/a", "https://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/", "  https://example.org/x  "])
def test_web_links_keep_http_urls(url: str) -> None:
    assert web_link(url) == url.strip()


@pytest.mark.parametrize(
    "url",
    [None, "", "ftp://example.org/", "javascript:alert(1)", "https://a b/", "https://a<b/", "https://a>b/", 'https://a"b/', "https://a\tb/", "mailto:x@example.org", "https:/x"],
)
def test_web_links_refuse_everything_else(url: str | None) -> None:
    assert web_link(url) is None


def test_an_asset_that_would_close_its_element_is_refused(tmp_path: Path) -> None:
    asset = tmp_path / "a.js"
    asset.write_text("var x = 1; // </SCRIPT> in a comment", encoding="utf-8")
    with pytest.raises(RuntimeError, match="</script"):
        _checked_asset(asset, "</script")
    asset.write_text("var x = '<' + '/script>';", encoding="utf-8")
    assert _checked_asset(asset, "</script") == "var x = '<' + '/script>';"


def test_every_asset_is_inlined() -> None:
    inlined = assets()
    assert set(inlined) == {"vis_js", "vis_css", "vis_tooltip_css", "network_js", "page_css"}
    assert "vis" in inlined["vis_js"] and "{" in inlined["page_css"] and "rightsgraphView" in inlined["network_js"]


def test_a_page_carries_a_nonce_that_depends_on_its_content() -> None:
    first = _nonces(render("base.html.j2", title="<b>x</b>", version="1"))
    again = _nonces(render("base.html.j2", title="<b>x</b>", version="1"))
    other = _nonces(render("base.html.j2", title="y", version="1"))
    assert len(first) == 1 and first == again != other
    assert all(len(nonce) == 32 for nonce in first | other)
    assert "&lt;b&gt;x&lt;/b&gt;" in render("base.html.j2", title="<b>x</b>", version="1")


def _nonces(page: str) -> set[str]:
    return set(re.findall(r"'nonce-([0-9a-f]+)'", page))


def test_a_page_is_written_into_new_folders(tmp_path: Path) -> None:
    from rightsgraph.viz.html import write_page

    path = write_page(tmp_path / "a" / "b" / "page.html", "base.html.j2", title="T", version="1")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
