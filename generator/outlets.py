"""Outlets: who published what, from `outlets.yml`, a registry contributors edit.

Each entry names an outlet with its country, owner and kind:

    outlets:
      - name: Harbor City Courier
        country: Corvane
        owner: Meridian Media Group
        kind: newspaper

It drives the outlets page and, on each briefing, how many *independent*
outlets reported the event (outlets with one owner count once; an outlet with
no owner counts as its own) and from how many countries. An outlet the
registry does not list still counts, as its own owner, country unknown.
Names match ignoring case and spacing, as articles spell them differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ConfigError

KINDS = ("newspaper", "agency", "broadcaster", "online", "magazine")
FIELDS = ("name", "country", "owner", "kind")


@dataclass(frozen=True)
class Outlet:
    name: str
    country: str | None = None
    owner: str | None = None
    kind: str | None = None
    listed: bool = True  # False: named by articles, missing from outlets.yml


def outlet_key(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class Registry:
    outlets: dict[str, Outlet]  # outlet_key(name) → outlet

    def get(self, name: str) -> Outlet:
        """The registry's entry, or an unlisted outlet (its own owner, country unknown)."""
        return self.outlets.get(outlet_key(name)) or Outlet(name=name, listed=False)


@dataclass(frozen=True)
class Reach:
    """Who reported one event: outlets, independent owners, countries."""

    outlets: int
    independent: int
    countries: tuple[str, ...]
    unknown_country: int  # outlets whose country the registry does not give


def load_outlets(path: Path) -> Registry:
    """Read outlets.yml (missing file: an empty registry); every error names the file and the entry."""
    if not path.is_file():
        return Registry({})
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ConfigError(f"{path}: not valid YAML ({error}) — fix the syntax") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the file ({error})") from None
    if data is None:
        return Registry({})
    if not isinstance(data, dict) or set(data) != {"outlets"} or not isinstance(data["outlets"], list):
        raise ConfigError(f"{path}: expected one key, 'outlets:', holding a list of outlets")
    outlets: dict[str, Outlet] = {}
    for number, item in enumerate(data["outlets"], start=1):
        where = f"{path}: outlet #{number}"
        if not isinstance(item, dict):
            raise ConfigError(f"{where}: expected 'name:', 'country:', 'owner:', 'kind:', got {item!r}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"{where}: needs a 'name:' (the outlet as articles name it)")
        where = f"{path}: outlet #{number} ({name.strip()!r})"
        unknown = sorted(str(key) for key in item if key not in FIELDS)
        if unknown:
            raise ConfigError(f"{where}: unknown key '{unknown[0]}' — known keys: {', '.join(FIELDS)}")
        values: dict[str, str | None] = {}
        for key in ("country", "owner", "kind"):
            value = item.get(key)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ConfigError(f"{where}: '{key}' must be text, got {value!r}")
            values[key] = " ".join(value.split()) if value is not None else None
        if values["kind"] is not None and values["kind"] not in KINDS:
            raise ConfigError(f"{where}: kind '{values['kind']}' is not one of {', '.join(KINDS)}")
        key = outlet_key(name)
        if key in outlets:
            raise ConfigError(f"{where}: listed twice — keep one entry per outlet")
        outlets[key] = Outlet(" ".join(name.split()), values["country"], values["owner"], values["kind"])
    return Registry(outlets)


def reach(outlet_names: tuple[str, ...] | list[str], registry: Registry) -> Reach:
    """How many outlets, independent owners and countries reported an event."""
    outlets = [registry.get(name) for name in outlet_names]
    owners = {outlet_key(o.owner) if o.owner else "outlet " + outlet_key(o.name) for o in outlets}
    countries = sorted({o.country for o in outlets if o.country})
    return Reach(len(outlets), len(owners), tuple(countries), sum(1 for o in outlets if not o.country))


@dataclass(frozen=True)
class OutletRow:
    outlet: Outlet
    briefings: int


def outlet_rows(events: list, registry: Registry) -> list[OutletRow]:
    """Every outlet of the registry and every outlet an article names, with its number of briefings, by name."""
    counts: dict[str, int] = {key: 0 for key in registry.outlets}
    seen: dict[str, Outlet] = dict(registry.outlets)
    for event in events:
        for name in event.outlets:
            key = outlet_key(name)
            seen.setdefault(key, registry.get(name))
            counts[key] = counts.get(key, 0) + 1
    return [OutletRow(seen[key], counts[key]) for key in sorted(seen, key=lambda k: (seen[k].name.casefold(), k))]
