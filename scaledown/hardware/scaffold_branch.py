"""Open a lending branch: writes a branch file with every field.

``scaledown new branch ID --name N --kind K --city C --country CC --maintainer H
--contact A`` writes ``hardware_catalog/branches/ID.yaml`` with the lending
policy filled with defaults to adjust and an empty inventory to fill.

Example:
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_branch(root, "tamale-library", name="Tamale Library", kind="city-library",
    ...                     city="Tamale", country="GH", maintainers=["octocat"],
    ...                     contact="tamale@example.org")
    >>> "country: GH" in path.read_text()
    True
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import json
from pathlib import Path

from ..errors import InputError
from .scaffold import _q, check_id, write_new

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


def branch_template(
    branch_id: str,
    *,
    name: str,
    kind: str,
    city: str,
    country: str,
    maintainers: list[str],
    contact: str,
    example: bool = False,
    coordinates: tuple[float, float] | None = None,
) -> str:
    """The YAML text of a new branch entry.

    Example:
        >>> text = branch_template("b", name="B", kind="school", city="Pune", country="IN",
        ...                        maintainers=["a"], contact="b@example.org")
        >>> "inventory: []" in text and "coordinates: null" in text
        True
    """
    where = f"{{lat: {coordinates[0]}, lon: {coordinates[1]}}}" if coordinates else "null"
    handles = ", ".join(_q(h) for h in maintainers)
    return f"""\
# {name}. Schema: ../schemas/branch.schema.json. Check with: scaledown check --only catalogue
# Never write anything about a borrower here: a loan is a request (issue) number and a due date.
id: {branch_id}
name: {_q(name)}
example: {"true" if example else "false"}
kind: {kind}            # {", ".join(KINDS)}
city: {_q(city)}
country: {country}      # ISO 3166-1 alpha-2
coordinates: {where}    # {{lat: .., lon: ..}} of the pickup place, or null
maintainers: [{handles}]   # GitHub handles of the volunteers
contact: {_q(contact)}  # a shared alias, never a personal address
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


def write_branch(
    root: Path,
    branch_id: str,
    *,
    name: str,
    kind: str,
    city: str,
    country: str,
    maintainers: list[str],
    contact: str,
    example: bool = False,
    coordinates: tuple[float, float] | None = None,
) -> Path:
    """Validate the arguments and write ``root/hardware_catalog/branches/<id>.yaml``."""
    check_id(branch_id, "branch")
    if kind not in KINDS:
        raise InputError(f"unknown branch kind {kind!r}", fix=f"use one of: {', '.join(KINDS)}")
    if not maintainers:
        raise InputError(
            "a branch needs at least one maintainer",
            fix="pass --maintainer with a GitHub handle (repeatable)",
        )
    text = branch_template(
        branch_id,
        name=name,
        kind=kind,
        city=city,
        country=check_country(country),
        maintainers=maintainers,
        contact=contact,
        example=example,
        coordinates=coordinates,
    )
    return write_new(Path(root) / "hardware_catalog" / "branches" / f"{branch_id}.yaml", text)


def configure_new(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``scaledown new branch``."""
    parser.add_argument("id", help="branch id = file name, e.g. tamale-city-library")
    parser.add_argument("--name", help="readable name (default: from the id)")
    parser.add_argument("--kind", required=True, choices=KINDS)
    parser.add_argument("--city", required=True)
    parser.add_argument("--country", required=True, help="ISO 3166-1 alpha-2 code, e.g. GH")
    parser.add_argument(
        "--maintainer",
        action="append",
        required=True,
        dest="maintainers",
        help="GitHub handle of a volunteer (repeatable)",
    )
    parser.add_argument("--contact", required=True, help="a shared contact alias")
    parser.add_argument("--lat", type=float, help="latitude of the pickup place")
    parser.add_argument("--lon", type=float, help="longitude of the pickup place")
    parser.add_argument("--example", action="store_true", help="mark the branch as an example")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: here)")
    parser.add_argument("--json", action="store_true", help="print the written path as JSON")


def run_new(args: argparse.Namespace) -> int:
    """Write the file and say what to do next."""
    from ..site.pipeline import project_root

    if (args.lat is None) != (args.lon is None):
        raise InputError("only one of --lat and --lon was given", fix="give both, or neither")
    root = project_root(args.root)
    path = write_branch(
        root,
        args.id,
        name=args.name or args.id.replace("-", " ").title(),
        kind=args.kind,
        city=args.city,
        country=args.country,
        maintainers=args.maintainers,
        contact=args.contact,
        example=args.example,
        coordinates=(args.lat, args.lon) if args.lat is not None else None,
    )
    if args.json:
        print(json.dumps({"path": str(path)}))
    else:
        print(
            f"wrote {path}\nnext: list your boards under `inventory`, run "
            "`python -m scaledown.hardware.borrow_form` and `scaledown check`"
        )
    return 0
