"""Open a lending branch: writes a branch file with every field.

``scaledown new branch ID`` writes ``hardware_catalog/branches/ID.yaml`` with
every field: the lending policy filled with defaults to adjust and an empty
inventory to fill. ``--kind``, ``--city``, ``--country``, ``--maintainer`` and
``--contact`` fill in the rest; what is left out is written empty, and
``scaledown check`` points at each such line until it is filled in.

Example:
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> new = NewBranch(id="tamale-library", name="Tamale Library", kind="city-library",
    ...                 city="Tamale", country="GH", maintainers=("octocat",),
    ...                 contact="tamale@example.org")
    >>> path = write_branch(root, new)
    >>> "country: GH" in path.read_text()
    True
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .scaffold import check_id, write_new, yaml_quote

KINDS = ("city-library", "school", "university", "makerspace")


def check_country(code: str) -> str:
    """Return the upper-cased ISO 3166-1 alpha-2 code, or raise InputError.

    Example:
        >>> check_country("gh")
        'GH'
        >>> check_country("Ghana")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: 'Ghana' is not an ISO 3166-1 alpha-2 country code
          fix: did you mean GH (Ghana)?
    """
    import iso3166

    upper = code.strip().upper()
    if upper in iso3166.countries_by_alpha2:
        return upper
    by_name = {c.name.upper(): c.alpha2 for c in iso3166.countries}
    close = difflib.get_close_matches(upper, list(by_name), n=1, cutoff=0.6)
    fix = (
        f"did you mean {by_name[close[0]]} ({iso3166.countries_by_alpha2[by_name[close[0]]].name})?"
        if close
        else "use the two-letter code, e.g. GH, KE, IN, BR"
    )
    raise InputError(f"{code!r} is not an ISO 3166-1 alpha-2 country code", fix=fix)


@dataclass(frozen=True, kw_only=True)
class NewBranch:
    """What ``scaledown new branch`` needs; checked (and the country code normalised) when created.

    Example:
        >>> NewBranch(id="b", name="B", kind="school", city="Pune", country="in",
        ...           maintainers=("a",), contact="b@example.org").country
        'IN'
    """

    id: str
    """The branch id, also the file name."""
    name: str
    """A readable name."""
    kind: str | None = None
    """One of ``KINDS``."""
    city: str | None = None
    """The city the branch lends in."""
    country: str | None = None
    """ISO 3166-1 alpha-2 code; lower case is accepted."""
    maintainers: tuple[str, ...] = ()
    """GitHub handles of the volunteers."""
    contact: str | None = None
    """A shared contact alias, never a personal address."""
    example: bool = False
    """True for a sample branch that lends nothing."""
    coordinates: tuple[float, float] | None = None
    """(latitude, longitude) of the pickup place."""

    def __post_init__(self) -> None:
        check_id(self.id, "branch")
        if self.kind is not None and self.kind not in KINDS:
            raise InputError(
                f"unknown branch kind {self.kind!r}", fix=f"use one of: {', '.join(KINDS)}"
            )
        if self.country is not None:
            object.__setattr__(self, "country", check_country(self.country))


def branch_template(new: NewBranch) -> str:
    """The YAML text of a new branch entry.

    Example:
        >>> text = branch_template(NewBranch(id="b", name="B", kind="school", city="Pune",
        ...     country="IN", maintainers=("a",), contact="b@example.org"))
        >>> "inventory: []" in text and "coordinates: null" in text
        True
    """
    where = new.coordinates
    place = f"{{lat: {where[0]}, lon: {where[1]}}}" if where else "null"
    handles = ", ".join(yaml_quote(h) for h in new.maintainers)
    return f"""\
# {new.name}. Schema: ../schemas/branch.schema.json. Check with: scaledown check --only catalogue
# Never write anything about a borrower here: a loan is a request (issue) number and a due date.
id: {new.id}
name: {yaml_quote(new.name)}
example: {"true" if new.example else "false"}
kind: {new.kind or "null"}            # {", ".join(KINDS)}
city: {yaml_quote(new.city or "")}
country: {new.country or "null"}      # ISO 3166-1 alpha-2
coordinates: {place}    # {{lat: .., lon: ..}} of the pickup place, or null
maintainers: [{handles}]   # GitHub handles of the volunteers
contact: {yaml_quote(new.contact or "")}  # a shared alias, never a personal address
policy:
  loan_days: 28
  items_per_borrower: 2
  deposit: null         # or {{amount: 10, currency: EUR}}
  delivery: [pickup]    # pickup, post
inventory: []
# inventory:
# - asset: ABC-0001     # the tag on the box; unique across all branches
#   device: raspberry-pi-pico
#   kit: [USB cable]
#   condition: good     # new, good, worn, damaged
#   status: available   # available, on-loan (add due: and request:), maintenance
#   last_verified: "{dt.date.today().isoformat()}"
"""


def write_branch(root: Path, new: NewBranch) -> Path:
    """Write ``root/hardware_catalog/branches/<id>.yaml`` (never over an existing file)."""
    path = Path(root) / "hardware_catalog" / "branches" / f"{new.id}.yaml"
    return write_new(path, branch_template(new))


def configure_new(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``scaledown new branch``."""
    parser.add_argument("id", help="branch id = file name, e.g. tamale-city-library")
    parser.add_argument("--name", help="readable name (default: from the id)")
    parser.add_argument("--kind", choices=KINDS)
    parser.add_argument("--city")
    parser.add_argument("--country", help="ISO 3166-1 alpha-2 code, e.g. GH")
    parser.add_argument(
        "--maintainer",
        action="append",
        default=[],
        dest="maintainers",
        help="GitHub handle of a volunteer (repeatable)",
    )
    parser.add_argument("--contact", help="a shared contact alias")
    parser.add_argument("--lat", type=float, help="latitude of the pickup place")
    parser.add_argument("--lon", type=float, help="longitude of the pickup place")
    parser.add_argument("--example", action="store_true", help="mark the branch as an example")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--json", action="store_true", help="print the written path as JSON")


def run_new(args: argparse.Namespace) -> int:
    """Write the file and say what to do next."""
    from ..project import project_root

    if (args.lat is None) != (args.lon is None):
        raise InputError("only one of --lat and --lon was given", fix="give both, or neither")
    new = NewBranch(
        id=args.id,
        name=args.name or args.id.replace("-", " ").title(),
        kind=args.kind,
        city=args.city,
        country=args.country,
        maintainers=tuple(args.maintainers),
        contact=args.contact,
        example=args.example,
        coordinates=(args.lat, args.lon) if args.lat is not None else None,
    )
    path = write_branch(project_root(args.root), new)
    if args.json:
        print(json.dumps({"path": str(path)}))
    else:
        asked = ("kind", "city", "country", "maintainers", "contact")
        missing = [f"--{k.rstrip('s')}" for k in asked if not getattr(new, k)]
        todo = f"fill in what {', '.join(missing)} would have given, " if missing else ""
        print(
            f"wrote {path}\nnext: {todo}list your boards under `inventory`, run "
            "`python -m scaledown.hardware.borrow_form` and `scaledown check`"
        )
    return 0
