"""The GitHub issue form a borrower fills in, kept in step with the catalogue.

``.github/ISSUE_TEMPLATE/borrow.yml`` offers every device and branch id as a
choice. The site's "Borrow" buttons link to the form with ``device`` and
``branch`` pre-filled, so the choices must match the catalogue exactly:
``scaledown check`` reports ids that are missing or left over (this module),
and running ``python -m scaledown.hardware.borrow_form`` rewrites the file
from the loaded catalogue (:mod:`scaledown.hardware.borrow_form`).

Example:
    >>> text = render_borrow_form(["raspberry-pi-pico"], ["example-accra-makerspace"])
    >>> import yaml
    >>> form = yaml.safe_load(text)
    >>> form_choices(form)
    {'device': ['raspberry-pi-pico'], 'branch': ['example-accra-makerspace']}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..vocabulary.problem import Problem

FORM_PATH = Path(".github") / "ISSUE_TEMPLATE" / "borrow.yml"
REGENERATE = "python -m scaledown.hardware.borrow_form"

_INTRO = """\
Thank you for asking! A volunteer of the branch answers here, usually within a week.
Please do **not** write your address, phone number or e-mail in this issue: it is public.
The volunteer will arrange pickup or post with you privately. The catalogue records
this loan only by this issue's number.
"""


class _Dumper(yaml.SafeDumper):
    """Writes multi-line text as a readable ``|`` block."""


_Dumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def render_borrow_form(device_ids: Iterable[str], branch_ids: Iterable[str]) -> str:
    """The issue form's YAML text, with the given ids as choices.

    Example:
        >>> render_borrow_form(["a"], ["b"]).splitlines()[0].startswith("# Generated")
        True
    """
    form = {
        "name": "Borrow hardware",
        "description": "Ask a ScaleDown lending branch for a board or sensor kit.",
        "title": "[Borrow] ",
        "labels": ["borrow"],
        "body": [
            {"type": "markdown", "attributes": {"value": _INTRO}},
            {
                "type": "dropdown",
                "id": "device",
                "attributes": {"label": "Device", "options": sorted(device_ids)},
                "validations": {"required": True},
            },
            {
                "type": "dropdown",
                "id": "branch",
                "attributes": {
                    "label": "Branch",
                    "description": "Branches whose id starts with example- are samples "
                    "and lend nothing.",
                    "options": sorted(branch_ids),
                },
                "validations": {"required": True},
            },
            {
                "type": "dropdown",
                "id": "delivery",
                "attributes": {"label": "Pickup or post", "options": ["pickup", "post"]},
                "validations": {"required": True},
            },
            {
                "type": "textarea",
                "id": "purpose",
                "attributes": {
                    "label": "What will you build or learn?",
                    "description": "A few lines are enough; it helps the branch plan.",
                },
                "validations": {"required": True},
            },
            {
                "type": "checkboxes",
                "id": "agreement",
                "attributes": {
                    "label": "Borrower agreement",
                    "options": [
                        {
                            "label": "I have read the borrower agreement on the ScaleDown "
                            "site (Hardware library, Borrower agreement) and accept it.",
                            "required": True,
                        }
                    ],
                },
            },
        ],
    }
    header = f"# Generated from hardware_catalog by `{REGENERATE}`; edit the catalogue, not this.\n"
    return header + yaml.dump(form, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def form_choices(form: Mapping[str, Any]) -> dict[str, list[str]]:
    """The options of the ``device`` and ``branch`` dropdowns of a parsed form.

    Example:
        >>> form_choices({"body": [{"id": "device", "attributes": {"options": ["x"]}}]})
        {'device': ['x'], 'branch': []}
    """
    out: dict[str, list[str]] = {"device": [], "branch": []}
    for element in form.get("body", []) or []:
        if isinstance(element, dict) and element.get("id") in out:
            out[element["id"]] = list(element.get("attributes", {}).get("options", []))
    return out


def check_borrow_form(root: Path, ids: Mapping[str, Iterable[str]]) -> list[Problem]:
    """Problems when the form's choices differ from the catalogue's ids (kind -> ids).

    Nothing is checked in a project without ``.github/ISSUE_TEMPLATE``.

    Example:
        >>> import tempfile
        >>> check_borrow_form(Path(tempfile.mkdtemp()), {"device": {}, "branch": {}})
        []
    """
    path = root / FORM_PATH
    if not path.parent.is_dir():
        return []
    if not path.is_file():
        return [
            Problem(FORM_PATH, None, "the borrow issue form is missing", fix=f"run `{REGENERATE}`")
        ]
    try:
        form = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return [
            Problem(
                FORM_PATH,
                None,
                f"the borrow form is not valid YAML: {exc}",
                fix=f"run `{REGENERATE}`",
            )
        ]
    problems = []
    choices = form_choices(form)
    for kind in ("device", "branch"):
        wanted, have = set(ids[kind]), set(choices[kind])
        if wanted != have:
            missing = ", ".join(sorted(wanted - have)) or "none"
            extra = ", ".join(sorted(have - wanted)) or "none"
            problems.append(
                Problem(
                    FORM_PATH,
                    None,
                    f"the borrow form's {kind} choices differ from the catalogue "
                    f"(missing: {missing}; not in the catalogue: {extra})",
                    fix=f"run `{REGENERATE}`",
                )
            )
    return problems


