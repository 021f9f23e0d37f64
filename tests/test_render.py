"""Untrusted source text comes out of the templates as literal text."""

from __future__ import annotations

import markdown
import pytest

from generator.render import escape_markdown, front_matter, url_target

EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<img src=x onerror="alert(1)">', "<p>&lt;img src=x onerror=\"alert(1)\"&gt;</p>"),
        ("[click](javascript:alert(1))", "<p>[click](javascript:alert(1))</p>"),
        ("![pic](http://evil.example/x.png)", "<p>![pic](http://evil.example/x.png)</p>"),
        ("*bold* and _em_ and `code`", "<p>*bold* and _em_ and `code`</p>"),
        ("# Not a heading", "<p># Not a heading</p>"),
        ("- not a list", "<p>- not a list</p>"),
        ("1. not a list", "<p>1. not a list</p>"),
        ('!!! danger "x"', "<p>!!! danger \"x\"</p>"),
        ("=== \"Tab\"", "<p>&#61;== \"Tab\"</p>"),
        ("--8<-- \"/etc/passwd\"", "<p>--8&lt;-- \"/etc/passwd\"</p>"),
        ("<!-- briefings:end summary -->", "<p>&lt;!-- briefings:end summary --&gt;</p>"),
        ("{{ config }} {% raw %}", "<p>{{ config }} {% raw %}</p>"),
        ("a | b", "<p>a &#124; b</p>"),
        ("line one\n---\nline two", "<p>line one --- line two</p>"),
        ("Sino-Russian ties, U.S. pressure: 5 > 3 & more", "<p>Sino-Russian ties, U.S. pressure: 5 &gt; 3 &amp; more</p>"),
    ],
)
def test_escaped_text_renders_as_itself(text, html):
    assert markdown.markdown(str(escape_markdown(text)), extensions=EXTENSIONS) == html


def test_only_web_urls_become_links():
    assert url_target("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert url_target("javascript:alert(1)") is None
    assert url_target("https://example.org/a) [x](javascript:y") is None
    assert url_target(None) is None


def test_front_matter_cannot_be_closed_from_inside():
    block = front_matter({"title": "x\n---\nevil: true", "tags": ["!!python/object:os.system"]})
    assert block.count("\n---\n") == 1 and block.startswith("---\n") and block.endswith("---\n")
