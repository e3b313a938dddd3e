"""Issue 11: no write of ours deletes or replaces what we did not create, and OS errors
become scaledown errors with a fix (Model.save, every CLI -o, the shared helper)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

import scaledown as sd
from scaledown.backends.litert.tiny import tiny_dense_tflite
from scaledown.backends.onnxruntime.tiny import tiny_dense_onnx
from scaledown.cli import main
from scaledown.errors import WriteError
from scaledown.safe_write import write_file, write_folder, write_into_folder


def _user_folder(path: Path) -> Path:
    """A folder holding the user's own work, in the way of an output path."""
    path.mkdir()
    (path / "thesis.txt").write_text("months of work")
    return path


def _tiny_tflite_file(folder: Path) -> Path:
    path = folder / "tiny.tflite"
    path.write_bytes(tiny_dense_tflite())
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize("name", ["some_dir.onnx", "some_dir"])
def test_cli_convert_into_an_existing_folder_refuses_and_keeps_it(tmp_path, capsys, name):
    # the old code removed 'some_dir.onnx' with shutil.rmtree and exited 0
    model = _tiny_tflite_file(tmp_path)
    folder = _user_folder(tmp_path / name)
    code = main(["convert", str(model), "--to", "onnx", "-o", str(folder)])
    err = capsys.readouterr().err
    assert code == 1
    assert "existing folder" in err and "Traceback" not in err
    assert f"fix: name a file inside it, e.g. '{folder / 'model.onnx'}'" in err
    assert (folder / "thesis.txt").read_text() == "months of work"


@pytest.mark.parametrize("make", [
    lambda: sd.load(tiny_dense_tflite()),
    lambda: sd.load(tiny_dense_onnx()),
], ids=["tflite", "onnx"])
def test_model_save_onto_a_folder_is_refused_and_the_folder_kept(tmp_path, make):
    suffix = make().format
    folder = _user_folder(tmp_path / f"work.{suffix}")
    with pytest.raises(WriteError, match="existing folder") as err:
        make().save(folder)
    assert "fix:" in str(err.value)
    assert _listing(tmp_path) == [f"work.{suffix}", f"work.{suffix}/thesis.txt"]


def test_openvino_save_refuses_a_folder_where_its_bin_goes(tmp_path):
    from scaledown.backends.openvino.tiny import tiny_relu_openvino

    _user_folder(tmp_path / "net.bin")
    with pytest.raises(WriteError, match=r"net\.bin"):
        sd.load(tiny_relu_openvino()).save(tmp_path / "net.xml")
    assert _listing(tmp_path) == ["net.bin", "net.bin/thesis.txt"]


def test_saving_over_a_file_replaces_it_whole_and_leaves_no_temp(tmp_path):
    out = tmp_path / "m.tflite"
    out.write_bytes(b"old")
    sd.load(tiny_dense_tflite()).save(out)
    assert out.read_bytes() == tiny_dense_tflite()
    assert _listing(tmp_path) == ["m.tflite"]


def test_disk_full_during_save_is_a_write_error_and_the_old_file_survives(tmp_path, monkeypatch):
    # the old code let the raw OSError (and its traceback) through
    out = tmp_path / "m.onnx"
    out.write_bytes(b"previous model")

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(WriteError, match="the disk is full") as err:
        sd.load(tiny_dense_onnx()).save(out)
    monkeypatch.undo()
    assert "fix: free some disk space" in str(err.value)
    assert isinstance(err.value.__cause__, OSError)
    assert out.read_bytes() == b"previous model"
    assert _listing(tmp_path) == ["m.onnx"]


def test_a_parent_that_is_a_file_is_a_write_error(tmp_path):
    # the old code raised a raw FileExistsError from mkdir
    (tmp_path / "notes").write_text("x")
    with pytest.raises(WriteError, match="is a file, not a folder"):
        sd.load(tiny_dense_tflite()).save(tmp_path / "notes" / "m.tflite")
    assert _listing(tmp_path) == ["notes"]


def test_a_failing_writer_leaves_nothing_behind(tmp_path):
    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("converter exploded\nC++ detail")

    with pytest.raises(WriteError, match="RuntimeError: converter exploded"):
        write_file(tmp_path / "m.bin", half_then_fail)
    with pytest.raises(WriteError):
        write_folder(tmp_path / "saved", half_then_fail)
    assert _listing(tmp_path) == []


def test_write_folder_refuses_an_existing_folder(tmp_path):
    _user_folder(tmp_path / "saved")
    with pytest.raises(WriteError, match="existing folder"):
        write_folder(tmp_path / "saved", lambda tmp: tmp.mkdir())
    assert _listing(tmp_path) == ["saved", "saved/thesis.txt"]


def test_write_into_folder_keeps_other_files_and_refuses_a_folder_in_the_way(tmp_path):
    out = _user_folder(tmp_path / "fw")
    write_into_folder(out, {"a.h": "one"})
    assert _listing(out) == ["a.h", "thesis.txt"]
    (out / "b.h").mkdir()
    with pytest.raises(WriteError, match="existing folder"):
        write_into_folder(out, {"a.h": "two", "b.h": "x"})
    assert (out / "a.h").read_text() == "one" and (out / "b.h").is_dir()


def test_cli_default_output_is_not_replaced_without_force(tmp_path, capsys):
    model = _tiny_tflite_file(tmp_path)
    default = tmp_path / "tiny.xml"  # convert's default: beside the input
    default.write_text("the user's own IR")
    assert main(["convert", str(model), "--to", "openvino"]) == 1
    err = capsys.readouterr().err
    assert "already exists" in err and "--force" in err
    assert default.read_text() == "the user's own IR"
    assert main(["convert", str(model), "--to", "openvino", "--force"]) == 0
    assert sd.load(default).format == "openvino"


def test_cli_replaces_a_file_the_user_named_with_o(tmp_path, capsys):
    model = _tiny_tflite_file(tmp_path)
    out = tmp_path / "named.xml"
    out.write_text("old")
    assert main(["convert", str(model), "--to", "openvino", "-o", str(out)]) == 0
    assert sd.load(out).format == "openvino" and (tmp_path / "named.bin").is_file()


def test_cli_quantize_default_output_needs_force(tmp_path, capsys):
    source = tmp_path / "tiny.onnx"
    sd.load(tiny_dense_onnx()).save(source)
    default = tmp_path / "tiny-dynamic.onnx"
    default.write_bytes(b"keep me")
    args = ["quantize", str(source), "--scheme", "dynamic", "--runtime", "onnxruntime"]
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
    assert default.read_bytes() == b"keep me"
    assert main([*args, "--force"]) == 0
    assert sd.load(default).is_quantized


def test_cli_output_below_a_file_exits_1_without_a_traceback(tmp_path, capsys):
    model = _tiny_tflite_file(tmp_path)
    (tmp_path / "plain").write_text("x")
    code = main(["convert", str(model), "--to", "openvino", "-o", str(tmp_path / "plain/m.xml")])
    err = capsys.readouterr().err
    assert code == 1 and "not a folder" in err and "fix:" in err
    assert _listing(tmp_path) == ["plain", "tiny.tflite"]


def test_a_full_temp_disk_during_convert_is_a_write_error(monkeypatch):
    # the converter's scratch copy of the model goes to the temp folder; before, the raw
    # OSError escaped from sd.convert
    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(WriteError, match="the disk is full"):
        sd.convert(tiny_dense_tflite(), to="openvino")


def test_a_long_file_name_still_gets_a_temp_name_that_fits(tmp_path):
    out = tmp_path / ("m" * 240 + ".tflite")  # 247 characters: legal, close to the limit
    assert sd.load(tiny_dense_tflite()).save(out).read_bytes() == tiny_dense_tflite()
    assert _listing(tmp_path) == [out.name]
