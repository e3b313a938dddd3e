"""The two records of the method registry: a paper and a method.

They are plain frozen dataclasses so that a site page, a test or another
package can build them without importing any ML framework.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["quantization", "pruning", "distillation"]
KINDS: tuple[str, ...] = ("quantization", "pruning", "distillation")


@dataclass(frozen=True, kw_only=True)
class Citation:
    """A paper an optimization method comes from.

    Example:
        >>> c = Citation(title="Distilling the Knowledge in a Neural Network",
        ...              authors=("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"),
        ...              year=2015, arxiv="1503.02531")
        >>> c.url
        'https://arxiv.org/abs/1503.02531'
        >>> c.short
        'Hinton et al. 2015'
    """

    title: str
    """The paper's title, as printed."""
    authors: tuple[str, ...]
    """Author names in the paper's order."""
    year: int
    """Year of first publication (the arXiv year for preprints)."""
    arxiv: str | None = None
    """arXiv identifier such as ``"1712.05877"``, if the paper has one."""
    url: str = ""
    """Where to read it; defaults to the arXiv abstract page."""

    def __post_init__(self) -> None:
        if not self.url and self.arxiv:
            object.__setattr__(self, "url", f"https://arxiv.org/abs/{self.arxiv}")

    @property
    def short(self) -> str:
        """``"Surname et al. YEAR"``, the way the site cites a paper inline."""
        first = self.authors[0].split()[-1] if self.authors else "Anonymous"
        if len(self.authors) > 2:
            return f"{first} et al. {self.year}"
        if len(self.authors) == 2:
            return f"{first} and {self.authors[1].split()[-1]} {self.year}"
        return f"{first} {self.year}"


@dataclass(frozen=True, kw_only=True)
class Method:
    """One optimization method: what it does, how to call it, where it comes from.

    Example:
        >>> m = Method(name="toy", kind="pruning", summary="Zero small weights.",
        ...            paper=Citation(title="T", authors=("A B",), year=2020))
        >>> m.kind
        'pruning'
    """

    name: str
    """Short, lowercase, dash-separated id, e.g. ``"int8-ptq"``."""
    kind: Kind
    """One of ``"quantization"``, ``"pruning"``, ``"distillation"``."""
    summary: str
    """One or two plain sentences for a beginner."""
    paper: Citation
    """The paper the method comes from."""
    also_see: tuple[Citation, ...] = field(default=())
    """Further papers that shaped the method as implemented."""
    api: str = ""
    """The scaledown call that applies it, e.g. ``'sd.quantize(m, scheme="int8")'``."""
    runtimes: tuple[str, ...] = field(default=())
    """Runtimes scaledown can apply it on (empty when it works on Keras models)."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            from ..errors import InputError

            raise InputError(
                f"method {self.name!r} has kind={self.kind!r}",
                why=f"the kind must be one of {', '.join(KINDS)}",
                fix="pick the kind that describes what the method does to a model",
            )
        if not self.name or self.name != self.name.strip().lower() or " " in self.name:
            from ..errors import InputError

            raise InputError(
                f"method name {self.name!r} is not a valid id",
                why="ids are lowercase words joined by dashes, like 'int8-ptq'",
                fix="rename the method, e.g. " + repr(self.name.strip().lower().replace(" ", "-")),
            )

    @property
    def papers(self) -> tuple[Citation, ...]:
        """The main paper followed by ``also_see``."""
        return (self.paper, *self.also_see)
