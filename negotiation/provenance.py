"""What every ``--json`` output carries so that a figure can be traced to what produced it:
the toolkit's version, the scenario's id and a hash of its file, and the parameter values."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from negotiation.model import Model


def provenance(
    scenario: Model | None = None,
    values: Mapping[str, Fraction] | None = None,
    path: Path | None = None,
) -> dict:
    """``{"toolkit": {...}, "scenario": id, "file": {...}, "values": {...}}``.

    ``file`` holds the scenario file's path and SHA-256, and, for a scenario that draws on a
    shared parameter file, ``"shared": {"path", "sha256"}`` for that file too: the two files
    together say what produced the output.
    """
    from negotiation import __version__

    if scenario is not None:
        source = {"path": str(scenario.path), "sha256": scenario.content_hash}
        if scenario.shared_path is not None:
            source["shared"] = {"path": str(scenario.shared_path), "sha256": scenario.shared_hash}
    elif path is not None:
        source = {
            "path": str(path),
            "sha256": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),
        }
    else:
        source = None
    return {
        "toolkit": {"name": "negotiation", "version": __version__},
        "scenario": None if scenario is None else scenario.id,
        "file": source,
        "values": {name: str(value) for name, value in (values or {}).items()},
    }
