"""Every ``scaledown`` sub-command, once with good input and once with bad: exit code and words.

A good run exits 0 and prints what it did; a bad one exits 1 with ``error:``, a
``fix:`` line and no traceback on stderr, nothing on stdout, and leaves its
folder as it was; with ``--json`` (where the command has it) stdout is one JSON
document. The command list is read from the parser itself, so a new
sub-command fails ``test_every_command_has_a_good_and_a_bad_case`` until it gets
its two cases here. The many bad inputs of each command are in
``tests/bad_input/cli_cases.py``; this file is the one place that shows each
command working.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from scaledown.cli import build_parser, main

REPO = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
BOARD = "arduino-nano-33-ble-sense-rev2"


def subcommands() -> list[str]:
    """The sub-command names the parser knows, in --help order."""
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return list(action.choices)


COMMANDS = subcommands()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Inputs every case may copy: tiny models in four formats, data, a project, a log."""
    import keras

    from scaledown.backends.litert.tiny import tiny_dense_tflite
    from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
    from scaledown.datasets import mlperf_tiny
    from scaledown.virtual_board.result_line import format_line

    folder = tmp_path_factory.mktemp("cli-inputs")
    (folder / "tiny.tflite").write_bytes(tiny_dense_tflite())
    (folder / "tiny.onnx").write_bytes(tiny_dense_onnx().SerializeToString())
    keras.utils.set_random_seed(0)
    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                            keras.layers.Dense(3, activation="softmax")], name="tiny")
    net.save(folder / "tiny.keras")
    shutil.copy(mlperf_tiny("ad"), folder / "ad01_int8.tflite")
    rng = np.random.default_rng(0)
    np.save(folder / "calib.npy", rng.random((16, 4), dtype=np.float32))
    np.savez(folder / "train.npz", x=rng.random((32, 4), dtype=np.float32),
             y=rng.integers(0, 3, 32))
    (folder / "garbage.tflite").write_bytes(b"not a model at all" * 8)

    project = folder / "project"
    (project / "docs" / "blog").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Demo\n")
    (project / "docs" / "assets").mkdir()
    (project / "docs" / "assets" / "ada.png").write_bytes(bytes.fromhex("89504e470d0a1a0a"))
    (project / "docs" / "blog" / ".authors.yml").write_text(
        "authors:\n  ada:\n    name: Ada\n    description: Writer\n"
        "    avatar: assets/ada.png\n")
    assert main(["new", "tutorial", "Audio", "--root", str(project)]) == 0

    jekyll = folder / "jekyll"
    (jekyll / "_posts").mkdir(parents=True)
    (jekyll / "_config.yml").write_text("title: Old blog\n")
    (jekyll / "_posts" / "2024-05-01-hello.md").write_text(
        "---\ntitle: Hello\n---\nFirst post.\n")

    line = format_line(model="ad01", sha256="0" * 64, core="cortex-m0", status="PASS",
                       stack=900, rc=0, mismatches=0, instructions=5000,
                       extra={"board": "raspberry-pi-pico", "flash": 4000, "ram": 700})
    (folder / "serial.txt").write_text(f"boot\n{line}\n")
    (folder / "noise.txt").write_text("boot\nhello from the board\n")
    return folder


@pytest.fixture
def work(shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the inputs, and the current folder for the case."""
    folder = tmp_path / "work"
    shutil.copytree(shared, folder)
    monkeypatch.chdir(folder)
    return folder


def toolchain() -> None:
    """The virtual board's tools; fails in CI, skips locally without them."""
    from scaledown.virtual_board.toolchain import INSTALL_COMMAND, missing_tools

    missing = missing_tools()
    if missing:
        message = f"emulate needs {', '.join(missing)}; install: {INSTALL_COMMAND}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as stop:  # argparse: --help and usage errors
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# command -> (argv in the work folder, words stdout must hold, files the run must create)
Good = tuple[Callable[[Path], list[str]], tuple[str, ...], tuple[str, ...]]
GOOD: dict[str, Good] = {
    "new": (lambda w: ["new", "post", "Hello", "--author", "ada", "--root", "project"],
            ("created docs/blog/posts/", "draft"), ()),
    "check": (lambda w: ["check", "--root", "project", "--only", "redirects"], (), ()),
    "build-content": (lambda w: ["build-content", "--root", "project", "--out", str(w / "out"),
                                 "--lenient", "--json"],
                      ('"written"', "learn/tutorials/audio.md"),
                      ("out/learn/tutorials/audio.md", "out/framework/api.md")),
    "import": (lambda w: ["import", "jekyll", "jekyll", "--root", "project", "--allow-missing"],
               ("docs/blog/posts/2024-05-01-hello.md",),
               ("project/docs/blog/posts/2024-05-01-hello.md", "project/docs/.redirects.yml")),
    "inspect": (lambda w: ["inspect", "tiny.tflite"],
                ("FULLY_CONNECTED", "inputs: x: 1x4 float32", "parameters: 10"), ()),
    "convert": (lambda w: ["convert", "tiny.onnx", "--to", "openvino"],
                ("wrote", "tiny.xml"), ("tiny.xml", "tiny.bin")),
    "quantize": (lambda w: ["quantize", "tiny.keras", "--scheme", "int8", "--data", "calib.npy"],
                 ("wrote",), ("tiny-int8.tflite",)),
    "prune": (lambda w: ["prune", "tiny.keras", "--data", "train.npz", "--epochs", "1"],
              ("sparsity",), ("tiny-pruned.keras",)),
    "benchmark": (lambda w: ["benchmark", "tiny.tflite", "--runs", "3", "--warmup", "1"],
                  ("tiny", "litert", "p50 ms"), ()),
    "compare": (lambda w: ["compare", "tiny.tflite", "tiny.onnx", "--samples", "4",
                           "--runs", "2"], ("tflite", "onnx", "agreement"), ()),
    "fit": (lambda w: ["fit", "ad01_int8.tflite", "--device", BOARD],
            ("on Arduino Nano 33 BLE Sense Rev2", ": FITS", "RAM: needs", "flash: needs"), ()),
    "export": (lambda w: ["export", "ad01_int8.tflite", "--out", "fw"],
               ("wrote", "arena:"), ("fw/model_data.h", "fw/model_data.cc", "fw/model_ops.h")),
    "compile": (lambda w: ["compile", "ad01_int8.tflite", "--out", "c"],
                ("wrote", "kernel calls"), ("c/sd_model.c", "c/sd_model.h")),
    "emulate": (lambda w: ["emulate", "ad01_int8.tflite", "--no-count"],
                ("PASS: the output equals the host's", "flash"), ()),
    "measure": (lambda w: ["measure", "serial.txt", "--device", "raspberry-pi-pico",
                           "--print"], ("measured on hardware", "board: raspberry-pi-pico",
                                       "instructions: 5000"), ()),
    "tutorials": (lambda w: ["tutorials", "list", "--root", "project"],
                  ("audio", "never ran"), ()),
    "reviews": (lambda w: ["reviews", "list", "--root", str(REPO), "--json"], ("[",), ()),
}

# command -> (argv in the work folder, exit code, words stderr must hold)
Bad = tuple[Callable[[Path], list[str]], int, tuple[str, ...]]
BAD: dict[str, Bad] = {
    "new": (lambda w: ["new", "post", "Hello", "--author", "nobody", "--root", "project"], 1,
            ("nobody",)),
    "check": (lambda w: ["check", "--root", "jekyll"], 1,
              ("not a ScaleDown project folder", "mkdocs.yml")),
    "build-content": (lambda w: ["build-content", "--root", "jekyll", "--out", "out"], 1,
                      ("not a ScaleDown project folder", "mkdocs.yml")),
    "import": (lambda w: ["import", "jekyll", "no-such-site", "--root", "project"], 1,
               ("no-such-site", "file not found")),
    "inspect": (lambda w: ["inspect", "missing.tflite"], 1,
                ("missing.tflite", "model file not found")),
    "convert": (lambda w: ["convert", "garbage.tflite", "--to", "onnx"], 1, ("garbage",)),
    "quantize": (lambda w: ["quantize", "tiny.keras", "--scheme", "int8"], 1,
                 ("no calibration data", "--data")),
    "prune": (lambda w: ["prune", "tiny.tflite", "--data", "train.npz"], 1,
              ("cannot prune a tflite model", "Keras")),
    "benchmark": (lambda w: ["benchmark", "serial.txt"], 1, ("unknown extension '.txt'",)),
    "compare": (lambda w: ["compare", "tiny.tflite", "missing.onnx"], 1, ("missing.onnx",)),
    "fit": (lambda w: ["fit", "ad01_int8.tflite", "--device", "no-such-board"], 1,
            ("no-such-board",)),
    "export": (lambda w: ["export", "tiny.tflite", "--out", "fw"], 1, ("float", "--allow-float")),
    "compile": (lambda w: ["compile", "tiny.tflite", "--out", "c"], 1, ("int8",)),
    "emulate": (lambda w: ["emulate", "ad01_int8.tflite", "--core", "cortex-m85"], 1,
                ("unknown core 'cortex-m85'", "cortex-m4")),
    "measure": (lambda w: ["measure", "noise.txt", "--device", "raspberry-pi-pico"], 1,
                ("SDRESULT",)),
    "tutorials": (lambda w: ["tutorials", "run", "nosuch", "--root", "project"], 1,
                  ("no tutorial named 'nosuch'",)),
    "reviews": (lambda w: ["reviews", "run", "nosuch", "--root", str(REPO)], 1,
                ("no review with a Try-it block named 'nosuch'",)),
}


def test_every_command_has_a_good_and_a_bad_case() -> None:
    assert len(COMMANDS) >= 17
    assert sorted(GOOD) == sorted(COMMANDS), "add the new command's good case to GOOD"
    assert sorted(BAD) == sorted(COMMANDS), "add the new command's bad case to BAD"


@pytest.mark.parametrize("command", COMMANDS)
def test_help_exits_0_and_shows_the_usage(command: str, capsys) -> None:
    code, out, err = run([command, "--help"], capsys)
    assert code == 0, err
    assert out.startswith(f"usage: scaledown {command}")


@pytest.mark.parametrize("command", COMMANDS)
def test_good_input_exits_0_and_says_what_it_did(command: str, work: Path, capsys) -> None:
    if command == "emulate":
        toolchain()
    argv, words, created = GOOD[command]
    code, out, err = run(argv(work), capsys)
    assert code == 0, err
    assert "Traceback" not in err and "error:" not in err
    for word in words:
        assert word in out, f"{word!r} not in the output of scaledown {command}:\n{out}"
    for name in created:
        assert (work / name).is_file(), f"scaledown {command} did not write {name}"


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_input_exits_non_zero_with_a_fix_and_writes_nothing(command: str, work: Path,
                                                                 capsys) -> None:
    argv, expected_code, words = BAD[command]
    before = files(work)
    code, out, err = run(argv(work), capsys)
    assert code == expected_code, err
    assert out == ""
    assert "Traceback" not in err
    assert "error" in err and "fix:" in err, err
    for word in words:
        assert word in err, f"{word!r} not in the error of scaledown {command}:\n{err}"
    assert files(work) == before, f"scaledown {command} changed its folder on bad input"


def takes_json(argv: list[str]) -> bool:
    """Whether the (sub-)command ``argv`` names has a ``--json`` flag."""
    import argparse

    parser = build_parser()
    for token in argv:
        nested = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not nested or token not in nested[0].choices:
            break
        parser = nested[0].choices[token]
    return any("--json" in a.option_strings for a in parser._actions)


JSON_COMMANDS = [c for c in COMMANDS if takes_json(GOOD[c][0](Path(".")))]


def test_most_commands_offer_json() -> None:
    assert {"inspect", "convert", "quantize", "fit", "export", "compile", "emulate"} <= set(
        JSON_COMMANDS)


@pytest.mark.parametrize("command", JSON_COMMANDS)
def test_json_output_is_one_json_document(command: str, work: Path, capsys) -> None:
    if command == "emulate":
        toolchain()
    argv = GOOD[command][0](work)
    code, out, err = run([*argv, "--json"] if "--json" not in argv else argv, capsys)
    assert code == 0, err
    json.loads(out)  # the whole of stdout, nothing printed beside it


def test_no_command_prints_the_help_and_exits_2(capsys) -> None:
    code, out, _ = run([], capsys)
    assert code == 2
    assert out.startswith("usage: scaledown")
    assert all(command in out for command in COMMANDS)


def test_version_exits_0(capsys) -> None:
    from scaledown import __version__

    assert run(["--version"], capsys)[:2] == (0, f"scaledown {__version__}\n")


def test_an_unknown_command_exits_2_with_a_fix(capsys) -> None:
    code, out, err = run(["deploy"], capsys)
    assert code == 2 and out == ""
    assert "invalid choice: 'deploy'" in err and "fix: run 'scaledown --help'" in err


def test_an_unknown_flag_points_at_the_commands_own_help(work: Path, capsys) -> None:
    code, _, err = run(["inspect", "tiny.tflite", "--fast"], capsys)
    assert code == 2
    assert "unrecognized arguments: --fast" in err
    assert "fix: run 'scaledown inspect --help'" in err


@pytest.mark.parametrize("command", ["tutorials", "reviews"])
def test_list_refuses_a_root_that_does_not_exist(command: str, work: Path, capsys) -> None:
    code, _, err = run([command, "list", "--root", "no-such-project"], capsys)
    assert code == 1 and "no-such-project" in err

