"""Hostile source text comes out of the built site as visible text, never as markup.

The corpus in tests/fixtures/hostile/ puts `<script>`, event handlers,
`javascript:` links, raw HTML blocks, Markdown and MkDocs/Material syntax,
front-matter fences, Jinja, section-marker comments and YAML tags into every
field a source has (title, body, FAQ, outlet, author, url, tags); a few more
hostile inputs are file names, made here because git cannot carry them on
every system. The corpus is built into a real site (`mkdocs build --strict`
with the project's mkdocs.yml) and every HTML page is scanned.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field, fields, replace
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings as hypothesis_settings, strategies as st

from generator.build import build
from generator.discovery import discover_sources
from generator.config import Settings
from generator.reading import split_front_matter
from generator.render import escape_markdown
from generator.text import split_sentences

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow

HOSTILE = FIXTURES / "hostile"
MARKER = "hx-"  # every payload in the corpus carries it, so a survivor can be traced

# File names a source could have; each file's text is harmless, its name is not.
HOSTILE_NAMES = {
    "names/<img src=x onerror=alert('hx-name-img')>.md": "Tenants at the old mill won a rent freeze from the housing board.",
    "names/[x](javascript:alert('hx-name-link')).md": "Beekeepers counted more hives this spring than in any year since records began.",
    "names/{{ 7*7 }} {% raw %}.md": "The orchestra announced a free concert series for the summer in the park.",
    "names/--8<-- snippet.md": "A new cycle lane opened along the canal towpath on Saturday morning.",
    "names/CON.md": "Glassblowers from three countries met at the craft fair in the old town.",
    "names/caf\u00e9 nfc.md": "The ice rink closed early because of the mild weather, the operator said.",
    "names/cafe\u0301 nfc.md": "Volunteers planted four hundred oak saplings along the motorway verge.",
    "names/\u202egnp.md": "A chess club for pensioners outgrew its room at the community centre.",
}
NAME_DATES = ["2024-09-05", "2024-09-15", "2024-09-25", "2024-10-05", "2024-10-15", "2024-10-25", "2024-11-04", "2024-11-14"]

EVENT_HANDLER = re.compile(r"^on[a-z]+$")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href", "background", "cite", "ping", "manifest", "longdesc"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
# Elements a source could smuggle in and the theme never renders.
NEVER = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "textarea", "template",
         "math", "video", "audio", "source", "track", "noscript", "xmp", "plaintext", "portal", "marquee"}
# Markup a source's Markdown would make (text inside them must not carry a marker).
MARKDOWN_MADE = {"strong", "em", "b", "i", "code", "pre", "blockquote", "img", "abbr", "details", "summary",
                 "del", "ins", "mark", "kbd", "dl", "dt", "dd", "hr", "h4", "h5", "h6", "svg", "script", "button",
                 "select", "option", "form"}


# --- the theme's own scripts --------------------------------------------------------------


def _theme_inline_scripts() -> list[re.Pattern[str]]:
    """Every inline <script> in Material's templates, with its Jinja expressions as wildcards."""
    import material

    templates = Path(material.__file__).parent / "templates"
    patterns = []
    for path in [templates / "base.html", *sorted((templates / "partials").rglob("*.html"))]:
        for body in re.findall(r"<script>(.*?)</script>", path.read_text(encoding="utf-8"), re.S):
            parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}", body, flags=re.S)
            patterns.append(re.compile(".*?".join(re.escape(part) for part in parts), re.S))
    assert patterns, "Material's templates have no inline scripts? The allow-list must be rebuilt."
    return patterns


THEME_SCRIPTS = _theme_inline_scripts()
# 404.html links from the root path of `site_url` (it is served at any depth).
_SITE_PATH = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")).get("site_url") or "/").path
THEME_SCRIPT_SRC = re.compile(rf"^(?:{re.escape(_SITE_PATH.rstrip('/'))}/|(?:\.\./)*)assets/javascripts/[\w./-]+\.js$")


# --- a strict HTML scan ---------------------------------------------------------------------


@dataclass
class Scan:
    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str | None], str]] = field(default_factory=list)
    body_text: list[str] = field(default_factory=list)
    title: str = ""
    meta_description: str | None = None
    marked: list[tuple[str, str]] = field(default_factory=list)  # (enclosing markup, text with a marker)

    @property
    def text(self) -> str:
        return " ".join("".join(self.body_text).split())


class Scanner(HTMLParser):
    """Collects what matters: elements, attributes, scripts, visible text and where markers sit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self.stack: list[str] = []
        self.script: dict[str, str | None] | None = None
        self.script_text: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.scan.elements.append((tag, attributes))
        if tag == "body":
            self.in_body = True
        if tag == "meta" and attributes.get("name") == "description":
            self.scan.meta_description = attributes.get("content")
        if tag == "script":
            self.script, self.script_text = attributes, []
        if tag not in {"meta", "link", "input", "br", "img", "hr", "source", "base", "embed", "wbr", "col", "area", "track", "param"}:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.scan.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.scan.scripts.append((self.script, "".join(self.script_text)))
            self.script = None
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)
            return
        if "title" in self.stack:
            self.scan.title += data
        if self.in_body and "style" not in self.stack:
            self.scan.body_text.append(data)
        if MARKER in data:
            inside = [tag for tag in self.stack if tag in MARKDOWN_MADE or tag in NEVER]
            if inside:
                self.scan.marked.append(("/".join(inside), data.strip()))


def scan_html(text: str) -> Scan:
    scanner = Scanner()
    scanner.feed(text)
    scanner.close()
    return scanner.scan


def problems_in(scan: Scan) -> list[str]:
    """Everything in a scanned page that a source could have injected."""
    found = []
    for attributes, body in scan.scripts:
        src = attributes.get("src")
        if src is not None:
            if not THEME_SCRIPT_SRC.match(src):
                found.append(f"script from {src!r}")
        elif attributes.get("id") == "__config" and attributes.get("type") == "application/json":
            json.loads(body)  # data, not code
            if MARKER in body:
                found.append("a marker inside the theme's configuration script")
        elif not any(pattern.fullmatch(body) for pattern in THEME_SCRIPTS) or MARKER in body:
            found.append(f"inline script {body[:80]!r}")
    for tag, attributes in scan.elements:
        if tag in NEVER:
            found.append(f"<{tag}> element")
        for name, value in attributes.items():
            if EVENT_HANDLER.match(name):
                found.append(f"event handler {name}={value!r} on <{tag}>")
            if value is None:
                continue
            squashed = re.sub(r"[\x00-\x20]+", "", value).lower()
            if name in URL_ATTRIBUTES and squashed.startswith(BAD_SCHEMES):
                found.append(f"{name}={value!r} on <{tag}>")
            if name in URL_ATTRIBUTES and "evil.example" in squashed:
                found.append(f"link or embed to a source-supplied address {value!r} on <{tag}>")
            if name in {"id", "class"} and re.search(r"\bhx-(?:id|class)\b", value):
                found.append(f"attribute list injected {name}={value!r} on <{tag}>")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    found += [f"source text turned into <{where}>: {text[:60]!r}" for where, text in scan.marked]
    return found


# --- the built corpus ---------------------------------------------------------------------------


def hostile_settings(tmp: Path) -> Settings:
    settings = replace(Settings(), sources=tmp / "sources", out=tmp / "briefings", templates=ROOT / "templates")
    # One event per article, whatever the grouping thinks: each page shows its own payloads.
    if "event_threshold" in {f.name for f in fields(Settings)}:
        settings = replace(settings, event_threshold=100.0)
    return settings


def make_corpus(tmp: Path) -> Settings:
    shutil.copytree(HOSTILE, tmp / "sources")
    for (name, body), day in zip(HOSTILE_NAMES.items(), NAME_DATES):
        path = tmp / "sources" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\ntitle: 'File name test {day}'\noutlet: 'Names Weekly'\npublished: {day}\n---\n\n{body}\n", encoding="utf-8")
    return hostile_settings(tmp)


@dataclass
class Built:
    settings: Settings
    report: object
    site: Path
    pages: dict[str, Scan]


@pytest.fixture(scope="module")
def built(tmp_path_factory, input_log) -> Built:
    tmp = tmp_path_factory.mktemp("hostile")
    settings = make_corpus(tmp)
    input_log.add("hostile sources", *(p.name for p in discover_sources(HOSTILE)))
    input_log.add("hostile file names", *HOSTILE_NAMES)
    report = build(settings)
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(settings.out), site_dir=str(tmp / "site"))
    if "custom_dir" in config.get("theme", {}):  # relative to mkdocs.yml, which is written elsewhere here
        config["theme"]["custom_dir"] = str(ROOT / config["theme"]["custom_dir"])
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(tmp / "mkdocs.yml")],
        capture_output=True, text=True, env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    result = subprocess.run(  # the search index, as `make html` writes it
        [sys.executable, "-m", "pagefind_bin", "--site", str(tmp / "site"), "--quiet"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pages = {
        path.relative_to(tmp / "site").as_posix(): scan_html(path.read_text(encoding="utf-8"))
        for path in sorted((tmp / "site").rglob("*.html"))
    }
    return Built(settings, report, tmp / "site", pages)


def event_page(built: Built, article_id: str) -> tuple[str, Scan]:
    """The built HTML page whose briefing cites `article_id`."""
    for path in sorted((built.settings.out / "events").rglob("*.md")):
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        if article_id in (meta.get("sources") or []):
            html = path.relative_to(built.settings.out).with_suffix("").as_posix() + "/index.html"
            return html, built.pages[html]
    raise AssertionError(f"no event page cites {article_id}")


def norm(text: str) -> str:
    return " ".join(text.split())


# --- the tests -------------------------------------------------------------------------------------


def test_every_hostile_source_is_published(built):
    """Hostile text is data: each source builds (none is refused or lost), one page each."""
    assert built.report.errors == []
    expected = {p.relative_to(built.settings.sources).as_posix() for p in discover_sources(built.settings.sources)}
    assert {a.id for a in built.report.articles} == expected
    assert built.report.events == len(expected)


def test_no_page_has_a_script_handler_or_javascript_url_from_a_source(built):
    assert len(built.pages) > len(HOSTILE_NAMES)
    problems = {path: found for path, scan in built.pages.items() if (found := problems_in(scan))}
    assert problems == {}


def test_the_scanner_catches_what_it_looks_for():
    """The scan above is only worth something if it flags real injections."""
    page = (
        '<html><head><title>x</title></head><body><script>alert("hx-1")</script>'
        '<img src=x onerror="alert(1)"><a href=" JaVa\tScript:alert(1)">x</a><iframe src="https://evil.example/"></iframe>'
        '<p><strong>hx-bold</strong></p><p id="hx-id">x</p><script src="https://evil.example/x.js"></script></body></html>'
    )
    found = problems_in(scan_html(page))
    assert len(found) >= 7, found
    theme = scan_html('<script>var palette=__md_get("__palette");if(palette&&palette.color){}</script>')
    assert any("inline script" in p for p in problems_in(theme))  # near-misses of the theme's scripts fail too


def test_injected_strings_appear_as_visible_text(built):
    """Everything a briefing shows of a source is on its page, character for character, as text."""
    for article in built.report.articles:
        html, scan = event_page(built, article.id)
        shown = [article.title, *(t for t in [article.outlet, article.author] if t), *article.tags]
        for pair in article.faq:
            shown += [pair.question, pair.answer]
        for text in shown:
            assert norm(text) in scan.text, (article.id, text)


def test_payloads_survive_as_text(built):
    """Spot checks, in the fields every briefing shows (title, outlet, author, the source's FAQ)."""
    expectations = {
        "h01-script-tags.md": ['<script>alert("hx-question")</script>', '</script><script>alert("hx-close")</script>',
                               '<scr<script>ipt>alert("hx-nested")</scr</script>ipt>'],
        "h02-event-handlers.md": ['<body onload=alert("hx-body")>', "' onmouseover='alert(\"hx-single-quote\")' x='",
                                  '</title><script>alert("hx-title-break")</script>'],
        "h03-javascript-urls.md": ['[with a guide](  javascript:alert("hx-space-link")  )', "[the tower][hx-ref]",
                                   '[vb](vbscript:msgbox("hx-vbscript"))', "<https://evil.example/hx-autolink-https>"],
        "h05-markdown-syntax.md": ["# hx-faq-heading as an answer", "- hx-faq-list item", "> hx-faq-blockquote",
                                   "1. hx-ordered", "**Ferry** _timetable_ `changes` # hx-title-heading #", "C# F# ##",
                                   "[^1]: hx-footnote definition", '{: onclick="alert(\'hx-attr-list\')" }'],
        "h06-front-matter-fences.md": ["title: hx-pwned-answer", "Tram depot --- title: hx-pwned-title --- expansion approved"],
        "h07-jinja-templates.md": ['{{ lipsum.__globals__.os.popen("touch HX-PWNED").read() }}', '{%- set x = "hx-set" -%}{{ x }}', "{{ 7*7 }}"],
        "h08-mkdocs-material.md": ['!!! danger "hx-title-admonition"', '--8<-- "README.md"', '=== "hx-outlet-tab"', "/// html | div"],
        "h09-comment-markers.md": ["<!-- briefings:end summary -->", "<!-- hx-never-closed", "<!-- briefings:end faq --> Yes"],
        "h10-yaml-tags.md": ['!!python/object/apply:os.system ["touch HX-PWNED"]', "&a [*a, *a]", "!!binary aGVsbG8="],
    }
    for article_id, texts in expectations.items():
        _, scan = event_page(built, article_id)
        for text in texts:
            assert norm(text) in scan.text, (article_id, text)


def test_body_sentences_that_are_shown_are_shown_whole(built):
    """Whichever sentences a briefing picks, a payload sentence it shows is there character for character."""
    for article in built.report.articles:
        _, scan = event_page(built, article.id)
        for paragraph in article.paragraphs:
            for sentence in map(norm, split_sentences(paragraph)):
                at = sentence.find(MARKER)
                probe = sentence[max(0, at - 20): at + 20]  # the payload with what stands around it
                if at >= 0 and len(probe) >= 30 and probe in scan.text:
                    assert sentence in scan.text, (article.id, sentence)


def test_head_title_and_description_are_escaped_text(built):
    """MkDocs prints front-matter title and description into <title> and a meta attribute unescaped."""
    for article_id in ("h01-script-tags.md", "h02-event-handlers.md", "h09-comment-markers.md", "h06-front-matter-fences.md"):
        article = next(a for a in built.report.articles if a.id == article_id)
        _, scan = event_page(built, article_id)
        assert norm(scan.title) == norm(article.title) + " - Briefing Digest"
        sentences = {norm(s) for paragraph in article.paragraphs for s in split_sentences(paragraph)}
        assert norm(scan.meta_description or "") in sentences  # the lede, whichever sentence it is


def test_tags_are_text_on_the_tag_index(built):
    scan = built.pages["tags/index.html"]
    for tag in ['<script>alert("hx-tag")</script>', '" onmouseover="alert(\'hx-tag-attr\')', 'javascript:alert("hx-tag-js")', "{{ 7*7 }}", "!!python/name:os.system"]:
        assert tag in scan.text


def test_nothing_ran_or_was_included(built):
    """No template was evaluated, no file included, no YAML object built."""
    everything = "\n".join(scan.text for scan in built.pages.values())
    assert "site_name:" not in everything  # mkdocs.yml was not included by --8<-- or {% include %}
    assert "root:x:0:0" not in everything  # nor /etc/passwd
    assert not list(built.site.parent.rglob("HX-PWNED")) and not (ROOT / "HX-PWNED").exists()
    _, scan = event_page(built, "h07-jinja-templates.md")
    assert "{{ 7*7 }}" in scan.text and "Budget 49" not in scan.text


def test_generated_markdown_keeps_its_own_structure(built):
    """Each page has exactly the front matter and section markers the template wrote."""
    template = (ROOT / "templates" / "briefing.md.j2").read_text(encoding="utf-8")
    own_lines = {line.strip() for line in template.splitlines() if "{" not in line}
    marker = re.compile(r"^<!-- briefings:(begin|end) [\w-]+ -->$")
    for path in sorted((built.settings.out / "events").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta, body = split_front_matter(text, path)
        assert meta.get("generator") == "briefings" and not any("hx" in key for key in meta)
        begins = re.findall(r"^<!-- briefings:begin ([\w-]+) -->$", body, re.M)
        ends = re.findall(r"^<!-- briefings:end ([\w-]+) -->$", body, re.M)
        assert begins == ends and len(set(begins)) == len(begins), path.name
        # No line of source text starts a block: only the template's own lines start with syntax.
        for line in body.splitlines():
            if line not in own_lines and not marker.match(line):
                assert not re.match(r"^(?:---|===|!!!|\?\?\?|--8<--|<(?!small>)|\{%|\{\{)", line), (path.name, line)


def test_search_index_holds_the_pages_text(built):
    """Pagefind's fragments hold each indexed page's text as the page shows it (markup from
    sources is text there: Pagefind's UI escapes it when it builds excerpts and shows titles as
    text, which tests/test_browser.py checks in a browser), and never a source's raw HTML."""
    fragments = sorted((built.site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    for path in fragments:
        raw = gzip.decompress(path.read_bytes())
        document = json.loads(raw[raw.index(b"{"):])  # after Pagefind's signature
        shown = built.pages[document["url"].strip("/") + "/index.html"].text
        for text in (document["content"], *document["meta"].values()):
            for tag in re.findall(r"<[!/?a-zA-Z][^<>\s]*", text):
                assert tag in shown, (document["url"], tag)  # text the page showed, not markup it had


def test_page_paths_stay_inside_the_docs_folder(built):
    """Titles like ../../etc/passwd, /etc/passwd, CON, '', 300 characters make safe, distinct file names."""
    out = built.settings.out.resolve()
    pages = [p for p in out.rglob("*") if p.is_file()]
    names = [p.relative_to(out).as_posix() for p in pages]
    for path, name in zip(pages, names):
        assert path.resolve().is_relative_to(out)
        parts = PurePosixPath(name).parts
        assert all(part not in {"", ".", ".."} and len(part.encode()) <= 100 for part in parts), name
        assert all(part.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))} for part in parts), name
        assert re.fullmatch(r"[a-z0-9][a-z0-9._/-]*\.(?:md|html|xml|json)", name), name
    assert len({name.casefold() for name in names}) == len(names), "two pages differ only in case"
    event_pages = [n for n in names if n.startswith("events/") and n.endswith(".md")]  # not their JSON twins
    assert len(event_pages) == built.report.events
    same_day = sorted(n for n in event_pages if "2024-08-16" in n)
    assert len(same_day) == 3, "café / CAFÉ / cafe\u0301 are three articles: three pages, none overwritten"


def test_file_names_are_shown_as_text(built):
    """A source's file name is cited on its page ("Source file: …"), escaped like any text."""
    for name in HOSTILE_NAMES:
        _, scan = event_page(built, name)
        assert f"Source file: {name}" in scan.text


# --- the escaper itself, on arbitrary text ---------------------------------------------------------------

EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]
# Where templates put a value: a paragraph line, a heading, a table cell, link text, an admonition body.
CONTEXTS = {
    "paragraph": ("before\n{}\nafter", "before {} after"),
    "heading": ("### {}", "{}"),
    "table cell": ("| a | b |\n| --- | --- |\n| 1 | {} |", "a b 1 {}"),
    "link text": ("[{}](https://example.org/)", "{}"),
    "admonition": ('!!! abstract "In brief"\n    {}', "In brief {}"),
    "footnote": ("x[^1]\n\n[^1]: {}", "x1 {} \u21a9"),
}
SYNTAX = st.sampled_from(
    list("\\`*_{}[]()#+-.!<>&|=?:~^%$@'\"/;,\t ")
    + ["---", "===", "!!!", "???", "--8<--", "<!--", "-->", "[^1]", "*[", "{:", "&#", "&amp;", "1.", "1)", "\n",
       "    ", "```", "~~~", "[x]: ", "<a>", "<script>", "javascript:", "{{", "}}", "{%", "\x02", "\x03", "\u2028"]
)
TEXT = st.lists(st.one_of(SYNTAX, st.text(st.characters(codec="utf-8"), max_size=4)), max_size=14).map("".join)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@hypothesis_settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, context=st.sampled_from(sorted(CONTEXTS)))
# "[" + "^" of the value + "[x]: " made a footnote definition of a link at the start of a line.
@example(text="^[x]: ", context="link text")
def test_escaped_text_renders_as_exactly_itself_in_every_template_context(text, context, input_log):
    input_log.count("escaper examples")
    template, visible = CONTEXTS[context]
    html = markdown.markdown(template.format(escape_markdown(text)), extensions=EXTENSIONS)
    scan = scan_html(f"<html><body>{html}</body></html>")
    expected = norm(_CONTROL.sub("", text))
    if not expected:
        return
    assert scan.text == norm(visible.format(expected)), (context, text, html)
    tags = {tag for tag, _ in scan.elements} - {"html", "body", "p", "h3", "table", "thead", "tbody", "tr", "th", "td", "a", "div", "sup", "ol", "li", "hr"}
    assert tags == set(), (context, text, html)
    assert all(not EVENT_HANDLER.match(name) for _, attributes in scan.elements for name in attributes)
