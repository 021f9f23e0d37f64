"""Settings: one documented file, `briefings.yml`, overridable from the CLI.

Every setting has a default here, so a missing file or key is never an error;
an unknown key or a value of the wrong type is, because a typo that silently
falls back to a default is worse than a clear message.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

import yaml

from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from .clustering import ClusterSettings

DEFAULT_CONFIG_NAME = "briefings.yml"


@dataclass(frozen=True)
class Settings:
    # Folder of source articles (.md canonical sources, .txt scrapes, .html pages).
    sources: Path = Path("sources")
    # Folder the briefing pages are written to: the MkDocs docs_dir.
    out: Path = Path("briefings")
    # Folder of the Jinja2 page templates.
    templates: Path = Path("templates")
    # Languages dateparser tries, in order. Fewer is faster and less ambiguous.
    languages: tuple[str, ...] = ("en",)
    # Timezone assumed for a date that states none.
    default_timezone: str = "UTC"
    # Sentences in a briefing's summary.
    summary_sentences: int = 3
    # Sources larger than this are refused (a scrape this big is a broken download).
    max_source_bytes: int = 10_000_000
    # Briefings listed on the front page.
    latest_count: int = 20
    # Contributor corrections of entities (aliases, types, names to ignore).
    entities_file: Path = Path("entities.yml")
    # Editorial decisions: merge, move, split, exclude, rename.
    decisions_file: Path = Path("decisions.yml")
    # The MkDocs config: its `site_url` makes the absolute links of feed.xml and feed.json.
    mkdocs_file: Path = Path("mkdocs.yml")
    # Registry of outlets (name, country, owner, kind): the outlets page and "independent outlets" counts.
    outlets_file: Path = Path("outlets.yml")
    # Entries per page of the month archive and the timeline; longer lists get numbered pages.
    page_size: int = 50
    # Processes that read new sources in parallel (the per-article stage); 0 = one per core.
    workers: int = 0
    # Grouping knobs (see generator/clustering.py): similarity an article needs
    # to join an event, weight of shared names in it, days an event stays open
    # after its latest report and at most after its first, how alike to an
    # event's closest reports an article must be, as a share of how alike they
    # are to each other (of its neighbours' for an event of one report),
    # how often a report names its main actors and the share of an event's
    # reports that must name one for an article that never names it to be kept out,
    # similarity to link events into a story and the longest gap in a story,
    # and the shingle overlap that makes two articles copies of one another
    # (among articles at most duplicate_window_days apart).
    event_threshold: float = 0.2
    entity_weight: float = 0.2
    event_window_days: int = 4
    event_max_days: int = 10
    cohesion_share: float = 0.4
    first_report_share: float = 0.35
    main_name_mentions: int = 4
    main_core_share: float = 0.7
    story_threshold: float = 0.35
    story_window_days: int = 400
    duplicate_threshold: float = 0.5
    duplicate_window_days: int = 7

    def cluster_settings(self) -> "ClusterSettings":
        # Imported here: scikit-learn takes seconds to import, and commands
        # such as `inspect` or a cached no-op build never need it.
        from .clustering import ClusterSettings

        return ClusterSettings(
            duplicate_threshold=self.duplicate_threshold,
            duplicate_window_days=self.duplicate_window_days,
            event_threshold=self.event_threshold,
            entity_weight=self.entity_weight,
            event_window_days=self.event_window_days,
            event_max_days=self.event_max_days,
            cohesion_share=self.cohesion_share,
            first_report_share=self.first_report_share,
            main_name_mentions=self.main_name_mentions,
            main_core_share=self.main_core_share,
            story_threshold=self.story_threshold,
            story_window_days=self.story_window_days,
        )


def _coerce(name: str, value: object, default: object) -> object:
    """Check a YAML value against the type of its default and convert it."""
    if isinstance(default, Path):
        if not isinstance(value, str) or not value:
            raise ConfigError(f"setting '{name}' must be a folder path, got {value!r}")
        return Path(value)
    if isinstance(default, tuple):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
            raise ConfigError(f"setting '{name}' must be a non-empty list of strings, got {value!r}")
        return tuple(value)
    if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if isinstance(default, bool) or not isinstance(value, type(default)) or isinstance(value, bool):
        raise ConfigError(
            f"setting '{name}' must be a {type(default).__name__}, got {value!r}"
        )
    if isinstance(value, (int, float)) and value <= 0:
        raise ConfigError(f"setting '{name}' must be positive, got {value!r}")
    return value


def parse_settings(text: str, origin: str) -> Settings:
    """Settings from the text of a YAML file; `origin` names it in errors."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"{origin}: not valid YAML ({error}) — fix the syntax") from error
    if data is None:
        return Settings()
    if not isinstance(data, dict):
        raise ConfigError(f"{origin}: expected a mapping of settings, got {type(data).__name__}")
    defaults = Settings()
    known = {f.name: getattr(defaults, f.name) for f in fields(Settings)}
    values: dict[str, object] = {}
    for name, value in data.items():
        if name not in known:
            raise ConfigError(
                f"{origin}: unknown setting '{name}' — known settings: {', '.join(sorted(known))}"
            )
        try:
            values[name] = _coerce(name, value, known[name])
        except ConfigError as error:
            raise ConfigError(f"{origin}: {error}") from None
    return replace(defaults, **values)


def load_settings(
    config_path: Path | None = None,
    *,
    sources: Path | None = None,
    out: Path | None = None,
) -> Settings:
    """Read `briefings.yml` (or `config_path`), then apply CLI overrides.

    Relative folders in the file are relative to the file's own folder, so the
    build behaves the same from any working directory.
    """
    explicit = config_path is not None
    path = config_path or Path(DEFAULT_CONFIG_NAME)
    if path.is_file():
        settings = parse_settings(path.read_text(encoding="utf-8"), str(path))
        base = path.parent
        settings = replace(
            settings,
            sources=base / settings.sources,
            out=base / settings.out,
            templates=base / settings.templates,
            entities_file=base / settings.entities_file,
            decisions_file=base / settings.decisions_file,
            mkdocs_file=base / settings.mkdocs_file,
            outlets_file=base / settings.outlets_file,
        )
    elif explicit:
        raise ConfigError(f"{path}: config file not found — check the --config path")
    else:
        settings = Settings()
    if sources is not None:
        settings = replace(settings, sources=sources)
    if out is not None:
        settings = replace(settings, out=out)
    return settings
