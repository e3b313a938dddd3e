"""Where the site benches write their figures: ``bench/results/<name>.json``."""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def write_results(name: str, result: dict) -> Path:
    """Write ``result`` to ``bench/results/<name>.json``, say so, and return the path."""
    out = REPO / "bench" / "results" / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"wrote {out.relative_to(REPO)}")
    return out
