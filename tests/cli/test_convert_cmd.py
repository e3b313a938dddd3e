"""The command line on an ONNX file: convert to TFLite, and inspect says the channel order."""

from __future__ import annotations

from core_testmodels import workdir

import scaledown as sd
from scaledown.cli import main


def test_cli_converts_onnx_to_tflite_channels_last(capsys) -> None:
    from scaledown.backends.onnxruntime.tiny_conv import tiny_conv_onnx

    source = workdir() / "cli_tiny_conv.onnx"
    source.write_bytes(tiny_conv_onnx().SerializeToString())
    assert main(["inspect", str(source)]) == 0
    assert "NCHW" in capsys.readouterr().out
    out = workdir() / "cli_tiny_conv.tflite"
    assert main(["convert", str(source), "--to", "tflite", "-o", str(out)]) == 0
    assert sd.load(out).inputs[0].layout == "NHWC"
    assert main(["inspect", str(out)]) == 0
    assert "NHWC" in capsys.readouterr().out
