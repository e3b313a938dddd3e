"""Citations generated from a paper review's front matter: BibTeX and plain text.

Each review page ends with both, so a reader can cite the paper in one click.
The functions read only the review's ``title``, ``authors``, ``venue``,
``year``, ``arxiv``, ``doi`` and ``url`` (the :class:`Paper` fields), so any
object with those works; :class:`scaledown.site.reviews.Review` is the one the
site passes.

Example:
    >>> from types import SimpleNamespace
    >>> paper = SimpleNamespace(title="Distilling the Knowledge in a Neural Network",
    ...     authors=("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"), venue="arXiv",
    ...     year=2015, arxiv="1503.02531", doi=None, url="https://arxiv.org/abs/1503.02531")
    >>> print(plain_citation(paper)[:43])
    Hinton, G., Vinyals, O., & Dean, J. (2015).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Protocol


class Paper(Protocol):
    """What a citation needs from a review's front matter."""

    title: str
    authors: tuple[str, ...]
    venue: str
    year: int
    url: str
    arxiv: str | None
    doi: str | None

_BIB_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                "^": r"\textasciicircum{}"}
_PREPRINT = re.compile(r"\b(arxiv|preprint)\b", re.IGNORECASE)


def _bib_escape(text: str) -> str:
    return "".join(_BIB_ESCAPES.get(ch, ch) for ch in text)


def _surname(name: str) -> str:
    return name.split()[-1] if name.split() else name


def _initials(name: str) -> str:
    parts = name.replace(".", ". ").split()[:-1]
    return " ".join(f"{p[0]}." for p in parts if p[0].isalpha())


def citation_key(review: Paper) -> str:
    """BibTeX key: first author's surname, year, first long word of the title.

    Example:
        >>> from scaledown.site.reviews import _example
        >>> citation_key(_example())
        'hinton2015distilling'
    """
    def ascii_lower(text: str) -> str:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", folded.lower())

    surname = ascii_lower(_surname(review.authors[0])) if review.authors else "anon"
    words = [w for w in re.findall(r"[A-Za-z]+", review.title) if len(w) > 3]
    return f"{surname}{review.year}{ascii_lower(words[0]) if words else ''}"


def bibtex(review: Paper) -> str:
    """A BibTeX entry generated from the front matter.

    Preprints become ``@misc`` entries with ``eprint``; papers with a venue
    become ``@inproceedings`` with the venue as ``booktitle``.

    Example:
        >>> from scaledown.site.reviews import _example
        >>> print(bibtex(_example()))
        @inproceedings{hinton2015distilling,
          title = {{Distilling the Knowledge in a Neural Network}},
          author = {Hinton, Geoffrey and Vinyals, Oriol and Dean, Jeff},
          booktitle = {NIPS 2014 Deep Learning Workshop},
          year = {2015},
          eprint = {1503.02531},
          archivePrefix = {arXiv},
          url = {https://arxiv.org/abs/1503.02531},
        }
    """
    preprint = bool(_PREPRINT.search(review.venue))
    kind = "misc" if preprint else "inproceedings"
    people = " and ".join(
        f"{_surname(a)}, {' '.join(a.split()[:-1])}" if len(a.split()) > 1 else a
        for a in review.authors
    )
    fields = [("title", "{" + _bib_escape(review.title) + "}"), ("author", _bib_escape(people))]
    if preprint:
        fields.append(("howpublished", _bib_escape(review.venue)))
    else:
        fields.append(("booktitle", _bib_escape(review.venue)))
    fields.append(("year", str(review.year)))
    if review.arxiv:
        fields += [("eprint", review.arxiv), ("archivePrefix", "arXiv")]
    if review.doi:
        fields.append(("doi", review.doi))
    fields.append(("url", review.url))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@{kind}{{{citation_key(review)},\n{body}}}"


def plain_citation(review: Paper) -> str:
    """A plain-text (APA-like) citation generated from the front matter.

    Example:
        >>> from scaledown.site.reviews import _example
        >>> plain_citation(_example()).split(" (2015)")[0]
        'Hinton, G., Vinyals, O., & Dean, J.'
    """
    names = [f"{_surname(a)}, {_initials(a)}".rstrip(", ") for a in review.authors]
    if len(names) > 20:  # APA lists the first 19, an ellipsis, then the last
        people = ", ".join(names[:19]) + ", ... " + names[-1]
    elif len(names) > 1:
        people = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        people = names[0] if names else "Anonymous"
    title = review.title.rstrip(".")
    parts = [f"{people} ({review.year}). {title}. {review.venue}."]
    if review.arxiv:
        parts.append(f"arXiv:{review.arxiv}.")
    if review.doi:
        parts.append(f"https://doi.org/{review.doi}")
    elif review.url:
        parts.append(review.url)
    return " ".join(parts)
