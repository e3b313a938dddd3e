"""`scaledown check` on a broken catalogue: file:line, what is wrong, how to fix it."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from scaledown.cli import main
from scaledown.errors import ContentError
from scaledown.hardware.checks import check_catalogue
from scaledown.site.catalogue_pages import generate

PICO = "devices/raspberry-pi-pico.yaml"
NANO = "devices/arduino-nano-33-ble-sense-rev2.yaml"
ACCRA = "branches/example-accra-makerspace.yaml"
NAIROBI = "branches/example-nairobi-school.yaml"


def errors_in(copy, rel: str) -> list:
    return [
        p
        for p in check_catalogue(copy.root)
        if p.severity == "error" and str(p.path) == f"hardware_catalog/{rel}"
    ]


def only_error(copy, rel: str):
    found = errors_in(copy, rel)
    assert len(found) == 1, "\n".join(map(str, found))
    assert found[0].fix, found[0]
    return found[0]


def test_the_real_catalogue_has_no_errors(repo_root) -> None:
    assert [p for p in check_catalogue(repo_root) if p.severity == "error"] == []


def test_yaml_syntax_error_points_at_the_line(catalogue_copy) -> None:
    line = catalogue_copy.replace(PICO, "vendor: Raspberry Pi", "vendor: [Raspberry Pi")
    problem = only_error(catalogue_copy, PICO)
    assert problem.message.startswith("YAML syntax error")
    assert line <= problem.line <= line + 2


def test_sram_as_text_is_a_type_error_at_its_line(catalogue_copy) -> None:
    line = catalogue_copy.replace(PICO, "sram_kb: {value: 264,", "sram_kb: {value: 264 KB,")
    problem = only_error(catalogue_copy, PICO)
    assert problem.line == line
    assert "`sram_kb.value` should be a number or null, not the text '264 KB'" in problem.message
    assert "without a unit" in problem.fix


def test_missing_required_field(catalogue_copy) -> None:
    catalogue_copy.replace(PICO, "vendor: Raspberry Pi\n", "")
    problem = only_error(catalogue_copy, PICO)
    assert "missing required field(s) `vendor`" in problem.message
    assert problem.line == 2  # the first line of the entry, after the comment


def test_unknown_field_suggests_the_right_one(catalogue_copy) -> None:
    line = catalogue_copy.replace(PICO, "vendor: Raspberry Pi", "vendr: Raspberry Pi")
    found = errors_in(catalogue_copy, PICO)
    unknown = [p for p in found if "unknown field `vendr`" in p.message]
    assert unknown and unknown[0].line == line and "`vendor`" in unknown[0].fix


def test_category_typo_lists_the_choices(catalogue_copy) -> None:
    line = catalogue_copy.replace(PICO, "category: mcu", "category: mcuu")
    problem = only_error(catalogue_copy, PICO)
    assert problem.line == line and "did you mean `mcu`" in problem.fix


def test_unknown_sensor_reference(catalogue_copy) -> None:
    line = catalogue_copy.replace(NANO, "value: [bmi270,", "value: [bmi2700,")
    problem = only_error(catalogue_copy, NANO)
    assert problem.line == line and "unknown sensor 'bmi2700'" in problem.message
    assert "sensors/bmi2700.yaml" in problem.fix


def test_unknown_source_reference(catalogue_copy) -> None:
    line = catalogue_copy.replace(
        PICO,
        "sram_kb: {value: 264, source: [pico-datasheet]",
        "sram_kb: {value: 264, source: [pico-sheet]",
    )
    problem = only_error(catalogue_copy, PICO)
    assert problem.line == line and "source 'pico-sheet' is not in `references`" in problem.message


def test_unconfirmed_or_sourced_is_required(catalogue_copy) -> None:
    line = catalogue_copy.replace(
        PICO, "sram_kb: {value: 264, source: [pico-datasheet]}", "sram_kb: {value: 264}"
    )
    problem = only_error(catalogue_copy, PICO)
    assert problem.line == line and "`sram_kb` gives no source" in problem.message
    assert "unconfirmed: true" in problem.fix


def test_unknown_device_reference_in_a_branch(catalogue_copy) -> None:
    line = catalogue_copy.replace(ACCRA, "device: raspberry-pi-pico", "device: raspberry-pi-pic0")
    problem = only_error(catalogue_copy, ACCRA)
    assert problem.line == line and "unknown device 'raspberry-pi-pic0'" in problem.message


def test_duplicate_id_in_two_files(catalogue_copy) -> None:
    shutil.copy(catalogue_copy.path(PICO), catalogue_copy.path("devices/raspberry-pi-pico.yml"))
    problem = only_error(catalogue_copy, "devices/raspberry-pi-pico.yml")
    assert "duplicate device id 'raspberry-pi-pico'" in problem.message
    assert problem.line == 2


def test_id_must_equal_the_file_name(catalogue_copy) -> None:
    catalogue_copy.path(PICO).rename(catalogue_copy.path("devices/pico.yaml"))
    found = errors_in(catalogue_copy, "devices/pico.yaml")
    assert any("does not match the file name 'pico.yaml'" in p.message for p in found)


def test_duplicate_asset_id_across_branches(catalogue_copy) -> None:
    line = catalogue_copy.replace(NAIROBI, "asset: NBO-0001", "asset: ACC-0001")
    problem = only_error(catalogue_copy, NAIROBI)
    assert problem.line == line and "asset id 'ACC-0001' is already used" in problem.message


def test_country_code_that_does_not_exist(catalogue_copy) -> None:
    line = catalogue_copy.replace(NAIROBI, "country: KE", "country: ZZ")
    problem = only_error(catalogue_copy, NAIROBI)
    assert problem.line == line and "'ZZ' is not an ISO 3166-1 alpha-2" in problem.message


def test_country_name_instead_of_code(catalogue_copy) -> None:
    line = catalogue_copy.replace(NAIROBI, "country: KE", "country: Kenya")
    problem = only_error(catalogue_copy, NAIROBI)
    assert problem.line == line and "two-letter ISO 3166-1 code" in problem.fix


def test_missing_image_file(catalogue_copy) -> None:
    line = catalogue_copy.replace(PICO, "file: images/mcu.svg", "file: images/pico-photo.jpg")
    problem = only_error(catalogue_copy, PICO)
    assert problem.line == line and "image file 'images/pico-photo.jpg' does not exist" in (
        problem.message
    )


def test_on_loan_without_due_date(catalogue_copy) -> None:
    catalogue_copy.replace(ACCRA, '    due: "2026-12-15"\n', "")
    problem = only_error(catalogue_copy, ACCRA)
    assert "asset ACC-0002 is on loan without a due date" in problem.message
    text = catalogue_copy.path(ACCRA).read_text().splitlines()
    assert text[problem.line - 1].strip() == "status: on-loan"


def test_borrower_personal_data_is_refused(catalogue_copy) -> None:
    line = catalogue_copy.replace(
        ACCRA, "    request: 12\n", "    request: 12\n    borrower: Ama\n"
    )
    problem = only_error(catalogue_copy, ACCRA)
    assert problem.line == line + 1 and "personal data" in problem.message
    assert "request number" in problem.fix


def test_key_written_twice(catalogue_copy) -> None:
    catalogue_copy.replace(PICO, "lifecycle: current\n", "lifecycle: current\nlifecycle: legacy\n")
    problem = only_error(catalogue_copy, PICO)
    assert "written twice" in problem.message


def test_stale_entries_are_warnings_not_errors(catalogue_copy) -> None:
    later = dt.date(2028, 1, 1)
    problems = check_catalogue(catalogue_copy.root, today=later)
    assert problems and all(p.severity == "warning" for p in problems)
    assert any("more than a year ago" in p.message for p in problems)
    assert check_catalogue(catalogue_copy.root, today=dt.date(2026, 11, 25)) == []


def test_overdue_loans_are_warnings_outside_example_branches(catalogue_copy) -> None:
    after = dt.date(2026, 12, 20)  # both example loans are due before this
    assert not [
        p for p in check_catalogue(catalogue_copy.root, today=after) if "due back" in p.message
    ]
    line = catalogue_copy.replace(ACCRA, "example: true", "example: false")
    problems = [
        p for p in check_catalogue(catalogue_copy.root, today=after) if "due back" in p.message
    ]
    assert len(problems) == 1 and problems[0].severity == "warning"
    assert "ACC-0002 was due back on 2026-12-15" in problems[0].message
    assert "request #12" in problems[0].fix and problems[0].line > line


def test_cli_check_exits_non_zero_with_file_and_line(catalogue_copy, capsys) -> None:
    line = catalogue_copy.replace(PICO, "sram_kb: {value: 264,", "sram_kb: {value: 264 KB,")
    assert main(["check", "--root", str(catalogue_copy.root), "--only", "catalogue"]) == 1
    assert f"hardware_catalog/{PICO}:{line}: error:" in capsys.readouterr().err
    assert main(["check", "--root", str(catalogue_copy.root), "--only", "catalogue", "--json"]) == 1
    listed = json.loads(capsys.readouterr().out)
    assert listed[0]["line"] == line and listed[0]["fix"]


def test_the_build_stops_before_writing_pages(catalogue_copy) -> None:
    catalogue_copy.replace(NAIROBI, "country: KE", "country: ZZ")
    with pytest.raises(ContentError) as err:
        generate(catalogue_copy.root)
    assert "example-nairobi-school.yaml" in str(err.value)


def test_a_price_needs_a_date_and_a_source(catalogue_copy) -> None:
    line = catalogue_copy.replace(
        "devices/nvidia-jetson-orin-nano-super-devkit.yaml",
        "price: {usd: 249, date: 2024-12, unconfirmed: true,",
        "price: {usd: 249,",
    )
    found = errors_in(catalogue_copy, "devices/nvidia-jetson-orin-nano-super-devkit.yaml")
    assert {p.line for p in found} == {line}
    assert any("missing required field(s) `date`" in p.message for p in found)
    assert any(p.message == "`price` gives no source" and "`date:`" in p.fix for p in found)
