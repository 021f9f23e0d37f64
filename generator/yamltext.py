"""YAML in and out: safe loaders and dumpers only, with libyaml's C speed when present.

Every build parses and writes the front matter of every page; in pure Python
that is the largest cost of a build at thousands of pages, and libyaml (which
PyYAML's wheels bundle) does the same work several times faster. Both are
safe: no Python object tags are ever constructed.
"""

from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: object) -> str:
    """Block-style YAML, keys in the given order, text as written (no line folding)."""
    return yaml.dump(data, Dumper=SafeDumper, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False)
