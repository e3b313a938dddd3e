"""The borrow issue form offers exactly the catalogue's devices and branches."""

from __future__ import annotations

import yaml

from scaledown.hardware.borrow_form import FORM_PATH, form_choices, write_borrow_form
from scaledown.hardware.catalogue import load_catalogue
from scaledown.hardware.checks import check_catalogue


def test_checked_in_form_is_in_sync_with_the_catalogue(repo_root) -> None:
    form = yaml.safe_load((repo_root / FORM_PATH).read_text(encoding="utf-8"))
    catalogue = load_catalogue()
    choices = form_choices(form)
    assert choices["device"] == sorted(catalogue.devices)
    assert choices["branch"] == sorted(catalogue.branches)
    fields = {element.get("id") for element in form["body"]}
    assert {"device", "branch", "delivery", "purpose", "agreement"} <= fields


def test_form_asks_for_no_personal_data(repo_root) -> None:
    form = yaml.safe_load((repo_root / FORM_PATH).read_text(encoding="utf-8"))
    labels = " ".join(str(e.get("attributes", {}).get("label", "")) for e in form["body"]).lower()
    for personal in ("address", "phone", "e-mail", "email", "name"):
        assert personal not in labels


def test_a_form_out_of_step_is_an_error_until_regenerated(catalogue_copy) -> None:
    catalogue_copy.path("devices/sony-spresense.yaml").unlink()
    problems = [p for p in check_catalogue(catalogue_copy.root) if p.severity == "error"]
    assert len(problems) == 1 and "not in the catalogue: sony-spresense" in problems[0].message
    write_borrow_form(catalogue_copy.root)
    assert [p for p in check_catalogue(catalogue_copy.root) if p.severity == "error"] == []
