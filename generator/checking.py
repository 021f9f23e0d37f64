"""What `briefings build` and `briefings check` tell people about pages, one line each.

`check` runs the whole build without writing (`build(settings, write=False)`)
and fails, naming each file and part, when the docs folder is not what a build
would leave — like a formatter's `--check`. Edits people made are not failures:
a build keeps them, so the tree is up to date with them in it.
"""

from __future__ import annotations

from .build import BuildReport

RUN = "run `briefings build` and commit briefings/"


def _listed(parts: list[str]) -> str:
    return ", ".join(parts) + (" is" if len(parts) == 1 else " are")


def check_problems(report: BuildReport) -> list[str]:
    """Why the docs folder is not what `briefings build` would write (empty: it is)."""
    problems = [str(error) for error in report.errors]
    problems += [str(error) for error in report.page_errors]
    for path in report.written:
        parts = report.pending.get(path, ["the page"])
        if parts == ["the page is missing"]:
            problems.append(f"{path}: missing — {RUN}")
        else:
            problems.append(f"{path}: {_listed(parts)} out of date with sources/ — {RUN}")
    for path in report.removed:
        problems.append(f"{path}: no source produces this page any more — {RUN} (the build deletes it)")
    for old, new in report.redirected:
        problems.append(f"{old}: its event is now part of {new} — {RUN} (the build leaves a redirect)")
    return problems


def page_notes(report: BuildReport) -> list[str]:
    """Edits kept, pages removed or left alone: what a person should know after a build."""
    notes: list[str] = []
    stale_hint = (
        "update it and run `briefings build --accept-edits`, "
        "or empty it (keeping its two markers) to take the generated text"
    )
    for path, kept in report.kept:
        if kept.removed:
            notes.append(f"kept your removal of {kept.part} in {path}")
        elif kept.orphaned:
            notes.append(f"kept your edit of {kept.part} in {path} (the generator no longer writes it)")
        else:
            notes.append(f"kept your edit of {kept.part} in {path}")
        if kept.stale:
            notes.append(f"note: {kept.part} in {path} may be stale: {kept.stale} — {stale_hint}")
    for path in report.outdated_frozen:
        notes.append(f"note: {path} is frozen, so it was not updated although its sources changed")
    for path in report.removed:
        notes.append(f"removed {path}: no source produces it any more (nobody had edited it)")
    for path in report.stale:
        edits = report.stale_edits.get(path)
        if edits:
            notes.append(f"note: {path} is no longer generated but holds your edits ({'; '.join(edits)}): kept — delete it when it is no longer wanted")
        else:
            notes.append(f"note: {path} has no sources any more; delete it if the event is gone")
    return notes

