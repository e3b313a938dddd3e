"""The inspect / convert / benchmark / compare commands, as a script would call them."""

from __future__ import annotations

import json

import numpy as np
from core_testmodels import digits, digits_tflite, workdir

from scaledown.cli import main
from scaledown.datasets import mlperf_tiny


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_inspect_json(capsys):
    assert (
        main(["inspect", str(mlperf_tiny("kws")), "--runtime", "tflm", "--json"]) == 0
    )
    report = _json(capsys)
    assert report["macs"] == 2656768 and report["runtimes"] == ["tflm"]
    assert report["rows"][0]["kind"] == "CONV_2D"


def test_convert_writes_the_file_and_checks_it(capsys):
    out = workdir() / "cli_resnet.onnx"
    assert (
        main(
            [
                "convert",
                str(mlperf_tiny("ic", "float")),
                "--to",
                "onnx",
                "-o",
                str(out),
                "--check",
                "--json",
            ]
        )
        == 0
    )
    info = _json(capsys)
    assert out.is_file() and info["size_bytes"] == out.stat().st_size
    assert info["max_abs_diff"] <= 1e-4


def test_benchmark_json(capsys):
    assert (
        main(
            ["benchmark", str(mlperf_tiny("ad")), "--runs", "5", "--warmup", "1", "--json"]
        )
        == 0
    )
    (result,) = _json(capsys)["results"]
    assert result["runtime"] == "litert" and result["runs"] == 5 and result["p50_ms"] > 0


def test_compare_with_data_and_plot(capsys):
    model = workdir() / "cli_digits.tflite"
    model.write_bytes(digits_tflite())
    x, y = digits()
    data = workdir() / "digits.npz"
    np.savez(data, x=x[1500:1600], y=y[1500:1600])
    plot = workdir() / "cmp.png"
    assert (
        main(
            [
                "compare",
                str(model),
                str(model),
                "--data",
                str(data),
                "--runs",
                "3",
                "--plot",
                str(plot),
                "--json",
            ]
        )
        == 0
    )
    rows = _json(capsys)["rows"]
    assert rows[0]["score"] == rows[1]["score"] and rows[1]["agreement"] == 1.0
    assert plot.read_bytes()[:4] == b"\x89PNG"


def test_errors_exit_1_with_one_message(capsys):
    assert main(["inspect", str(workdir() / "missing.tflite")]) == 1
    err = capsys.readouterr().err
    assert "model file not found" in err and "fix:" in err and "Traceback" not in err
    assert (
        main(["convert", str(mlperf_tiny("kws")), "--to", "onnx", "-o", "x.tflite"])
        == 1
    )
    assert "does not end in .onnx" in capsys.readouterr().err


def test_inspect_a_keras_file_as_tflite(capsys):
    assert main(["inspect", str(mlperf_tiny("ad", "keras")), "--as", "tflite", "--json"]) == 0
    report = _json(capsys)
    assert report["format"] == "tflite" and "tflm" in report["runtimes"]
    assert {row["kind"] for row in report["rows"]} == {"FULLY_CONNECTED"}
    assert all(row["support"]["tflm"] == "yes" for row in report["rows"])


# -- the CLI speaks in flags and keeps backend logs quiet (issue 11) ---------------

LOG_LINES = (
    "fully_quantize",
    "XNNPACK delegate",
    "I0000",
    "W0000",
    "E0000",
    "absl::InitializeLog",
    "oneDNN custom operations",
    "rebuild TensorFlow",
)


def _cli(*args: str, cwd=None):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "SCALEDOWN_DEBUG"))}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return subprocess.run(
        [sys.executable, "-m", "scaledown.cli", *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=300, check=False,
    )


def test_cli_prints_no_tensorflow_absl_or_litert_log_lines(tmp_path):
    from edge_testmodels import calibration, tiny_file

    np.save(tmp_path / "calib.npy", calibration())
    quantized = tmp_path / "tiny-int8.tflite"
    done = _cli("quantize", str(tiny_file("keras")), "--data", str(tmp_path / "calib.npy"),
                "-o", str(quantized), "--json")
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)  # stdout is only the JSON
    bench = _cli("benchmark", str(quantized), "--runs", "3", "--warmup", "1", "--json")
    assert bench.returncode == 0, bench.stderr
    for result in (done, bench):
        noisy = [line for line in result.stderr.splitlines() if any(s in line for s in LOG_LINES)]
        assert noisy == []


def test_cli_errors_name_flags_not_python_arguments(tmp_path):
    from edge_testmodels import tiny_file

    budget = _cli("fit", str(tiny_file("int8")), "--device", "raspberry-pi-pico",
                  "--budget-ms", "-1")
    assert budget.returncode == 1 and "Traceback" not in budget.stderr
    assert "--budget-ms -1" in budget.stderr and "latency_budget_ms" not in budget.stderr
    floats = _cli("fit", str(tiny_file("tflite")), "--device", "raspberry-pi-pico")
    assert floats.returncode == 1
    assert "add --allow-float" in floats.stderr and "allow_float" not in floats.stderr
    samples = _cli("compare", str(tiny_file("tflite")), "--samples", "0")
    assert samples.returncode == 1 and "--samples 0" in samples.stderr


def test_cli_messages_rewrite_python_arguments_for_each_command():
    from scaledown.cli import build_parser
    from scaledown.cli.messages import flags_of, for_cli, subparser
    from scaledown.errors import InputError, UnsafeModelError

    parser = build_parser()
    unsafe = UnsafeModelError("lambda inside", fix="sd.load(path, safe_mode=False)")
    assert "add --unsafe" in for_cli(unsafe, flags_of(subparser(parser, "inspect")))
    assert "scaledown convert MODEL --to tflite --unsafe" in for_cli(
        unsafe, flags_of(subparser(parser, "fit"))
    )
    few = InputError("calibration_samples=0", fix="pass e.g. calibration_samples=300")
    assert for_cli(few, flags_of(subparser(parser, "quantize"))).startswith("--samples 0")
    runs = InputError("runs=0", fix="pass e.g. runs=100")
    assert "--runs 100" in for_cli(runs, flags_of(subparser(parser, "benchmark")))


def test_stderr_filter_drops_log_lines_and_passes_the_rest(capfd):
    import os

    from scaledown.cli.quiet_logs import filtered_stderr

    with filtered_stderr():
        os.write(2, b"I0000 00:00:1796107017.352566    7418 cuda_platform.cc:52] probe\n")
        os.write(2, b"fully_quantize: 0, inference_type: 6\nkept line\n")
        os.write(2, b"partial ")
        os.write(2, b"line\nINFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n")
    assert capfd.readouterr().err == "kept line\npartial line\n"


def test_an_unexpected_exception_prints_no_traceback(monkeypatch, capsys):
    import scaledown.cli.inspect_cmd as inspect_cmd

    def broken(args):
        raise RuntimeError("something deep\n  in a backend")

    monkeypatch.delenv("SCALEDOWN_DEBUG", raising=False)
    monkeypatch.setattr(inspect_cmd, "run", broken)
    assert main(["inspect", "whatever.tflite"]) == 1
    err = capsys.readouterr().err
    assert "RuntimeError: something deep" in err and "SCALEDOWN_DEBUG=1" in err
    assert "in a backend" not in err and "Traceback" not in err


def test_stderr_filter_keeps_spinners_on_a_terminal(monkeypatch):
    import os

    from scaledown.cli.quiet_logs import filtered_stderr

    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setattr(os, "isatty", lambda fd: True)
    with filtered_stderr():
        from rich.console import Console

        assert os.environ["TTY_COMPATIBLE"] == "1" and Console(stderr=True).is_terminal
    assert "TTY_COMPATIBLE" not in os.environ


def test_stderr_filter_drops_a_log_line_that_continues_a_spinner_frame(capfd):
    import os

    from scaledown.cli.quiet_logs import filtered_stderr

    with filtered_stderr():
        os.write(2, b"\r\x1b[2K- Quantizing tiny.keras")  # a spinner frame: no newline
        os.write(2, b"fully_quantize: 0, inference_type: 6, input_inference_type: INT8\n")
        os.write(2, b"\r\x1b[2K- Quantizing tiny.keras (still)W0000 00:00:17.5 1 a.cc:2] x\n")
        os.write(2, b"done\n")
    assert capfd.readouterr().err == (
        "\r\x1b[2K- Quantizing tiny.keras\r\x1b[2K- Quantizing tiny.keras (still)done\n"
    )


def test_cli_on_a_terminal_draws_its_spinner_without_log_lines(tmp_path):
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    from edge_testmodels import calibration, tiny_file

    np.save(tmp_path / "calib.npy", calibration())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "TTY_", "FORCE_"))}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "scaledown.cli", "quantize", str(tiny_file("keras")),
         "--data", str(tmp_path / "calib.npy"), "-o", str(tmp_path / "q.tflite")],
        stdin=follower, stdout=follower, stderr=follower, env=env,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the command ended
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=300) == 0, seen.decode(errors="replace")
    os.close(leader)
    assert b"\x1b[?25l" in seen  # rich hid the cursor: the spinner drew
    text = seen.decode(errors="replace")
    assert not [s for s in LOG_LINES if s in text], text
