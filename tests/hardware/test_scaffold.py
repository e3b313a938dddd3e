"""`scaledown new device` / `scaledown new branch`: complete entries that pass the checks."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from scaledown.cli import main
from scaledown.hardware.checks import check_catalogue
from scaledown.hardware.schema import load_schema


def errors(root) -> list:
    return [p for p in check_catalogue(root) if p.severity == "error"]


def test_new_device_writes_every_schema_field_and_passes(catalogue_copy, capsys) -> None:
    root = catalogue_copy.root
    code = main(
        [
            "new",
            "device",
            "my-board",
            "--vendor",
            "Me",
            "--category",
            "mcu",
            "--core",
            "cortex-m33",
            "--root",
            str(root),
            "--json",
        ]
    )
    assert code == 0
    path = json.loads(capsys.readouterr().out)["path"]
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    schema = load_schema("device", catalogue_copy.path("schemas"))
    assert set(schema["properties"]) - {"notes"} <= set(data)
    assert data["cores"][0]["class"] == "cortex-m33" and data["name"] == "My Board"
    # valid as written; only the borrow form is now behind the catalogue
    found = errors(root)
    assert len(found) == 1 and "borrow form" in found[0].message and "my-board" in found[0].message
    assert "python -m scaledown.hardware.borrow_form" in found[0].fix


def test_new_branch_writes_every_schema_field_and_passes(catalogue_copy) -> None:
    root = catalogue_copy.root
    code = main(
        [
            "new",
            "branch",
            "tamale-library",
            "--kind",
            "city-library",
            "--city",
            "Tamale",
            "--country",
            "gh",
            "--maintainer",
            "octocat",
            "--contact",
            "t@example.org",
            "--lat",
            "9.4",
            "--lon",
            "-0.85",
            "--root",
            str(root),
        ]
    )
    assert code == 0
    path = catalogue_copy.path("branches/tamale-library.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = load_schema("branch", catalogue_copy.path("schemas"))
    assert set(schema["required"]) <= set(data)
    assert data["country"] == "GH" and data["coordinates"] == {"lat": 9.4, "lon": -0.85}
    assert [p.message for p in errors(root) if "borrow form" not in p.message] == []


def test_bad_arguments_write_nothing(catalogue_copy, capsys) -> None:
    root = catalogue_copy.root
    before = sorted(p.name for p in catalogue_copy.path("branches").iterdir())
    assert (
        main(
            [
                "new",
                "branch",
                "x-lib",
                "--kind",
                "school",
                "--city",
                "A",
                "--country",
                "Ghana",
                "--maintainer",
                "a",
                "--contact",
                "c",
                "--root",
                str(root),
            ]
        )
        == 1
    )
    assert "did you mean GH (Ghana)?" in capsys.readouterr().err
    assert (
        main(
            [
                "new",
                "device",
                "My Board",
                "--vendor",
                "V",
                "--category",
                "mcu",
                "--core",
                "cortex-m4f",
                "--root",
                str(root),
            ]
        )
        == 1
    )
    assert "try 'my-board'" in capsys.readouterr().err
    assert (
        main(
            [
                "new",
                "device",
                "raspberry-pi-pico",
                "--vendor",
                "V",
                "--category",
                "mcu",
                "--core",
                "cortex-m4f",
                "--root",
                str(root),
            ]
        )
        == 1
    )
    assert "already exists" in capsys.readouterr().err
    assert sorted(p.name for p in catalogue_copy.path("branches").iterdir()) == before
    assert not list(catalogue_copy.path("devices").glob(".*.tmp"))


def test_bare_new_device_and_branch_point_at_what_to_fill_in(catalogue_copy, capsys) -> None:
    root = catalogue_copy.root
    assert main(["new", "device", "bare-board", "--root", str(root)]) == 0
    assert main(["new", "branch", "bare-branch", "--root", str(root)]) == 0
    assert "--vendor, --category, --core" in capsys.readouterr().out
    found = {
        (Path(str(p.path)).name, p.line, p.message): p.fix
        for p in errors(root)
        if "borrow form" not in p.message
    }
    device = catalogue_copy.path("devices/bare-board.yaml").read_text().splitlines()
    branch = catalogue_copy.path("branches/bare-branch.yaml").read_text().splitlines()
    expected = {
        ("bare-board.yaml", "vendor:", "`vendor` is empty"),
        ("bare-board.yaml", "category:", "`category` is empty"),
        ("bare-board.yaml", "- class:", "`cores[0].class` is empty"),
        ("bare-branch.yaml", "kind:", "`kind` is empty"),
        ("bare-branch.yaml", "city:", "`city` is empty"),
        ("bare-branch.yaml", "country:", "`country` is empty"),
        ("bare-branch.yaml", "maintainers:", "`maintainers` needs at least 1 item(s)"),
        ("bare-branch.yaml", "contact:", "`contact` is empty"),
    }
    for name, prefix, message in expected:
        lines = device if name == "bare-board.yaml" else branch
        line = next(i for i, text in enumerate(lines, 1) if text.startswith(prefix))
        assert (name, line, message) in found, (name, line, message)
        assert found[(name, line, message)], message
    assert len(found) == len(expected)
