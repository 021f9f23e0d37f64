"""What's new: reports that join a published briefing are announced in a dated update."""

from __future__ import annotations

from generator.build import build
from generator.provenance import unsupported

from .test_grouping import LATE_STRIKE, STRIKE

PAGE = "events/2025/03/2025-03-04-dockworkers-walk-out-at-harbor-city-port.md"


def test_a_joining_report_is_announced_with_what_it_adds(project):
    settings = project({"2025/03/a.md": STRIKE[0], "2025/03/b.md": STRIKE[1]})
    build(settings)
    page = settings.out / PAGE
    assert "Update," not in page.read_text(encoding="utf-8")

    (settings.sources / "2025/03/c.md").write_text(LATE_STRIKE, encoding="utf-8")
    report = build(settings)
    text = page.read_text(encoding="utf-8")
    assert '!!! tip "Update, 5 March 2025"' in text
    assert "    - The strike at the Port of Harbor City entered its second day on Wednesday.[^3]" in text
    assert "updates:\n- date: '2025-03-05'\n  sources:\n  - 2025/03/c.md\n" in text
    articles = {a.id: a for a in report.articles}
    assert unsupported(text, articles) == []

    # The update stays, and a rebuild with nothing new writes nothing.
    report = build(settings)
    assert page.read_text(encoding="utf-8") == text
    assert report.written == []
