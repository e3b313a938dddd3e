"""Run every benchmark: each ``bench/*.py`` module's ``main()``, in name order.

``python -m bench`` runs them all; ``python -m bench site_build`` runs the named ones.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = argv or sorted(p.stem for p in Path(__file__).parent.glob("*.py")
                           if not p.stem.startswith("_"))
    failed = []
    for name in names:
        print(f"== bench.{name}")
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "main"):
            continue
        code = module.main([])
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
