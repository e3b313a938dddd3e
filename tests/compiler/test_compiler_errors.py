"""Bad input gets a clear scaledown error, and nothing half-written is left behind."""

from __future__ import annotations

import ctypes
from pathlib import Path

import numpy as np
import pytest

import scaledown as sd
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.cli import main
from scaledown.compiler.hostcheck import HostModel, build_host_library
from scaledown.compiler.tiny import OpDef, TensorDef, build_tflite, tiny_int8_tflite
from scaledown.errors import ExportError, InputError, UnsupportedOpError


def one_op(name: str, x: TensorDef, y: TensorDef, options=None, extra=()) -> bytes:
    tensors = [x, y, *extra]
    inputs = [0, *range(2, 2 + len(extra))]
    return build_tflite(tensors, [OpDef(name, inputs, [1], options or {})], [0], [1])


def i8(name: str, shape, scale=0.1, zp=0) -> TensorDef:
    return TensorDef(name, shape, scales=(scale,), zero_points=(zp,))


def test_float_model_is_refused_with_the_quantize_advice(tmp_path):
    with pytest.raises(InputError) as err:
        sd.compile(tiny_dense_tflite(), tmp_path / "out")
    text = str(err.value)
    assert "computes in float32 (op #0 FULLY_CONNECTED)" in text
    assert 'sd.quantize(model, scheme="int8"' in text
    assert not (tmp_path / "out").exists()


def test_hybrid_model_is_refused_as_hybrid(tmp_path):
    weights = TensorDef("w", (2, 4), scales=(0.01,), data=np.ones((2, 4)))
    model = one_op("FULLY_CONNECTED", TensorDef("x", (1, 4), "float32"),
                   TensorDef("y", (1, 2), "float32"), extra=[weights])
    with pytest.raises(InputError, match=r"hybrid \(dynamic-range\) model \(op #0"):
        sd.compile(model, tmp_path / "out")


def test_dequantized_weights_are_refused_as_hybrid(tmp_path):
    tensors = [TensorDef("x", (1, 4), "float32"),
               TensorDef("wq", (2, 4), scales=(0.01,), data=np.ones((2, 4))),
               TensorDef("w", (2, 4), "float32"), TensorDef("y", (1, 2), "float32")]
    ops = [OpDef("DEQUANTIZE", [1], [2]), OpDef("FULLY_CONNECTED", [0, 2, -1], [3])]
    with pytest.raises(InputError, match=r"hybrid \(dynamic-range\) model \(op #0 DEQUANTIZE"):
        sd.compile(build_tflite(tensors, ops, [0], [3]), tmp_path / "out")


def test_unsupported_op_names_itself_its_index_and_the_tflm_export(tmp_path):
    tensors = [i8("x", (1, 4)), i8("y", (1, 4)), i8("z", (1, 4), 1 / 128)]
    model = build_tflite(tensors, [OpDef("QUANTIZE", [0], [1]), OpDef("TANH", [1], [2])],
                         [0], [2])
    with pytest.raises(UnsupportedOpError) as err:
        sd.compile(model, tmp_path / "out")
    text = str(err.value)
    assert text.startswith("op #1 TANH: sd.compile has no kernel for this operator")
    assert 'sd.export(model, "c", out_dir)' in text
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("case", ["broadcast", "activation", "grouped", "softmax", "weights"])
def test_unsupported_options_are_named(tmp_path, case):
    if case == "broadcast":
        b = TensorDef("b", (1, 1), scales=(0.1,), data=np.array([[3]]))
        model = one_op("ADD", i8("a", (1, 4)), i8("y", (1, 4)), {}, [b])
        expected = "broadcasting 1x4 + 1x1"
    elif case == "activation":
        w = TensorDef("w", (2, 4), scales=(0.01,), data=np.ones((2, 4)))
        model = one_op("FULLY_CONNECTED", i8("x", (1, 4)), i8("y", (1, 2)),
                       {"fused_activation_function": "TANH"}, [w])
        expected = "fused activation TANH"
    elif case == "grouped":
        w = TensorDef("w", (4, 1, 1, 2), scales=(0.01,), data=np.ones((4, 1, 1, 2)))
        model = one_op("CONV_2D", i8("x", (1, 3, 3, 4)), i8("y", (1, 3, 3, 4)),
                       {"padding": "SAME", "stride_w": 1, "stride_h": 1}, [w])
        expected = "grouped convolution"
    elif case == "softmax":
        model = one_op("SOFTMAX", i8("x", (1, 4)), i8("y", (1, 4), 0.1, 0))
        expected = "is not scale 1/256, zero point -128"
    else:
        tensors = [i8("x", (1, 4)), i8("w", (2, 4), 0.01), i8("y", (1, 2))]
        model = build_tflite(tensors, [OpDef("QUANTIZE", [0], [1]),
                                       OpDef("FULLY_CONNECTED", [0, 1, -1], [2])], [0], [2])
        expected = "computed at run time"
    with pytest.raises(UnsupportedOpError) as err:
        sd.compile(model, tmp_path / "out")
    assert expected in str(err.value)
    assert "op #" in str(err.value) and "sd.export" in str(err.value)


def test_two_inputs_are_refused(tmp_path):
    tensors = [i8("a", (1, 4)), i8("b", (1, 4)), i8("y", (1, 4))]
    model = build_tflite(tensors, [OpDef("ADD", [0, 1], [2])], [0, 1], [2])
    with pytest.raises(InputError, match="has 2 inputs and 1 outputs"):
        sd.compile(model, tmp_path / "out")


def test_existing_folder_with_other_files_is_refused_and_kept(tmp_path):
    out = tmp_path / "firmware"
    out.mkdir()
    (out / "main.c").write_text("int main(void) { return 0; }\n")
    with pytest.raises(ExportError, match=r"not empty and sd\.compile did not write it") as err:
        sd.compile(tiny_int8_tflite(), out)
    assert "main.c" in str(err.value)
    assert sorted(p.name for p in out.iterdir()) == ["main.c"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["firmware"]  # no stray temp folder


def test_a_file_in_the_way_is_refused(tmp_path):
    target = tmp_path / "model.c"
    target.write_text("x")
    with pytest.raises(ExportError, match="it is a file, not a folder"):
        sd.compile(tiny_int8_tflite(), target)
    with pytest.raises(ExportError, match="is a file, not a folder"):
        sd.compile(tiny_int8_tflite(), target / "sub")
    assert target.read_text() == "x"


def test_the_current_folder_works_when_empty_and_is_never_moved(tmp_path, monkeypatch):
    here = tmp_path / "project"
    here.mkdir()
    monkeypatch.chdir(here)
    sd.compile(tiny_int8_tflite(), ".")
    sd.compile(tiny_int8_tflite(), ".")  # again: our own output is replaced file by file
    assert Path.cwd() == here and (here / "sd_model.h").is_file()
    with pytest.raises(ExportError, match="not empty and sd"):
        sd.compile(tiny_int8_tflite(), "..")  # holds "project", which we did not write


def test_an_earlier_compile_output_is_replaced(tmp_path):
    out = tmp_path / "model"
    sd.compile(tiny_int8_tflite(), out, name="first")
    first = HostModel(build_host_library(out))
    sd.compile(tiny_int8_tflite(), out, name="second")
    assert 'sd_model_name[] = "second"' in (out / "sd_model.c").read_text()
    assert [p.suffix for p in out.iterdir()].count(".so") == 0  # the old build went too
    # the rebuilt library gets a new file name, so this process loads the new code
    second = HostModel(build_host_library(out))
    names = [(ctypes.c_char * 7).in_dll(m._lib, "sd_model_name").value for m in (first, second)]
    assert names == [b"first", b"second"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model"]


def test_an_empty_folder_is_used(tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    sd.compile(tiny_int8_tflite(), out)
    assert (out / "sd_model.h").is_file()


def test_a_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    calls = []
    real = Path.write_text

    def failing(self, *args, **kwargs):
        calls.append(self.name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing)
    with pytest.raises(ExportError, match="No space left on device"):
        sd.compile(tiny_int8_tflite(), tmp_path / "new" / "deeper" / "out")
    assert list(tmp_path.iterdir()) == []  # not even the parent folders it made


def test_the_cli_exits_non_zero_with_the_message(tmp_path, capsys):
    model = tmp_path / "float.tflite"
    model.write_bytes(tiny_dense_tflite())
    assert main(["compile", str(model), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "error: float computes in float32" in err
    assert "scaledown quantize MODEL --scheme int8" in err  # the CLI's own spelling of the fix
    assert not (tmp_path / "out").exists()


def test_the_cli_compiles_and_reports(tmp_path, capsys):
    model = tmp_path / "tiny.tflite"
    model.write_bytes(tiny_int8_tflite())
    assert main(["compile", str(model), "--out", str(tmp_path / "out"), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"arena_bytes": 32' in out and '"lower_bound_bytes": 32' in out


def test_the_cli_check_builds_and_compares(tmp_path, capsys):
    model = tmp_path / "tiny.tflite"
    model.write_bytes(tiny_int8_tflite())
    assert main(["compile", str(model), "--out", str(tmp_path / "out"), "--check", "4"]) == 0
    out = capsys.readouterr().out
    assert "host check against TFLite-Micro on 4 random inputs: bit-exact" in out


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_the_cli_refuses_a_bad_check_count(tmp_path, capsys, value):
    model = tmp_path / "tiny.tflite"
    model.write_bytes(tiny_int8_tflite())
    with pytest.raises(SystemExit) as stop:
        main(["compile", str(model), "--out", str(tmp_path / "out"), "--check", value])
    assert stop.value.code == 2
    assert "--check" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
