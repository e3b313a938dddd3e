"""The Framework API reference page, generated from ``scaledown.__init__``.

Each public name becomes a mkdocstrings ``:::`` block. mkdocstrings reads the
source statically (griffe), so the build imports no ML framework. A name whose
module is not written yet is listed as "coming" instead of breaking the build.

Registered in :data:`scaledown.site.pipeline.GENERATORS` as ``"framework"``.

Example:
    >>> page = api_reference(Path(__file__).resolve().parents[2])[0]
    >>> page.path
    'framework/api.md'
    >>> "::: scaledown.errors" in page.content
    True
"""

from __future__ import annotations

from pathlib import Path

from ..vocabulary.generated import GeneratedFile

PACKAGE = "scaledown"
INTRO = """# API reference

Everything below is importable as `import scaledown as sd`. This page is built
from the docstrings in the source, so it always matches the installed version.
Each entry ends with a runnable example; the test suite runs those examples.
"""


def public_names() -> dict[str, str]:
    """Public name -> ``"module:attribute"``, from the package's lazy-import table.

    Example:
        >>> public_names()["load"]
        'api.load:load'
    """
    import scaledown

    return dict(sorted(scaledown._LAZY.items()))


def _module_file(root: Path, module: str) -> Path | None:
    base = root / PACKAGE / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def api_reference(root: Path) -> list[GeneratedFile]:
    """Generate ``framework/api.md`` for the project at ``root``."""
    root = Path(root)
    parts = [INTRO]
    missing = []
    for name, target in public_names().items():
        module, _, attr = target.partition(":")
        if _module_file(root, module) is None:
            missing.append(name)
            continue
        dotted = f"{PACKAGE}.{module}" + (f".{attr}" if attr else "")
        parts.append(f"## `sd.{name}`\n\n::: {dotted}\n"
                     "    options:\n      show_root_heading: false\n")
    if missing:
        parts.append("## Coming next\n\nThese names are part of the planned API and are still "
                     "being written: " + ", ".join(f"`sd.{n}`" for n in missing) + ".\n")
    return [GeneratedFile("framework/api.md", "\n".join(parts))]
