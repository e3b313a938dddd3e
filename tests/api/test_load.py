"""sd.load on every format, the real MLPerf Tiny models, and every kind of bad file."""

from __future__ import annotations

import numpy as np
import pytest
from core_testmodels import (
    digits_cnn,
    digits_cnn_file,
    keras3_refused_h5,
    lambda_files,
    mlperf_file,
    workdir,
)

import scaledown as sd
from scaledown.api.compare import max_abs_diff
from scaledown.datasets import mlperf_tiny
from scaledown.errors import (
    InputError,
    ModelLoadError,
    RuntimeNotInstalledError,
    ScaleDownError,
    UnsafeModelError,
    UnsupportedFormatError,
)

# (file, input shape, input dtype, output shape, published MACs: datasets/mlperf_tiny/README.md)
REFERENCE = [
    ("kws_ref_model.tflite", (1, 49, 10, 1), "int8", (1, 12), 2.66e6),
    ("pretrainedResnet_quant.tflite", (1, 32, 32, 3), "int8", (1, 10), 12.5e6),
    ("pretrainedResnet.tflite", (1, 32, 32, 3), "float32", (1, 10), 12.5e6),
    ("ad01_int8.tflite", (1, 640), "int8", (1, 640), 0.264e6),
    ("ad01_fp32.tflite", (1, 640), "float32", (1, 640), 0.264e6),
]


@pytest.mark.parametrize(("name", "in_shape", "dtype", "out_shape", "macs"), REFERENCE)
def test_mlperf_tflite_facts_match_the_published_table(name, in_shape, dtype, out_shape, macs):
    model = sd.load(mlperf_file(name))
    assert model.format == "tflite" and model.name == name.removesuffix(".tflite")
    assert model.inputs[0].shape == in_shape and model.inputs[0].dtype == dtype
    assert model.outputs[0].shape == out_shape
    assert model.is_quantized == (dtype == "int8")
    assert (model.inputs[0].scale is not None) == (dtype == "int8")
    assert model.size_bytes == mlperf_file(name).stat().st_size
    # the README's MAC counts are rounded to three significant figures
    assert abs(model.macs - macs) / macs < 0.005


def test_load_bytes_equals_load_path():
    path = mlperf_tiny("kws")
    a, b = sd.load(path), sd.load(path.read_bytes())
    assert a.to_bytes() == b.to_bytes() and a.inputs == b.inputs and b.path is None


@pytest.mark.slow
@pytest.mark.parametrize(("h5", "tflite"), [("pretrainedResnet.h5", "pretrainedResnet.tflite")])
def test_legacy_h5_loads_and_matches_its_published_tflite(h5, tflite):
    keras_model = sd.load(mlperf_file(h5))
    assert keras_model.format == "keras" and keras_model.param_count == 78666
    x = np.random.default_rng(0).random((4, 32, 32, 3), dtype=np.float32)
    diff = np.abs(keras_model.predict(x) - sd.load(mlperf_file(tflite)).predict(x)).max()
    assert diff <= 1e-4


def test_ad01_h5_loads_with_its_shape():
    model = sd.load(mlperf_tiny("ad", "keras"))
    assert model.inputs[0].shape == (None, 640) and model.outputs[0].shape == (None, 640)
    assert model.macs == 264192


def test_h5_that_keras3_refuses_falls_back_to_tf_keras():
    import keras

    path = keras3_refused_h5()
    with pytest.raises(ValueError, match="LocallyConnected1D"):
        keras.models.load_model(path, compile=False)  # the breakage users would hit
    model = sd.load(path)
    assert type(model.native).__module__.startswith("tf_keras")
    # 8 positions x 3 taps x 2 channels x 4 filters, then 32 -> 3 dense
    assert model.macs == 8 * 3 * 2 * 4 + 32 * 3
    x = np.random.default_rng(1).random((5, 10, 2), dtype=np.float32)
    expected = model.native.predict(x, verbose=0)
    np.testing.assert_allclose(model.predict(x), expected, atol=1e-6)
    assert max_abs_diff(model, sd.convert(model, to="tflite"), x) <= 1e-4


def test_keras_object_and_file_agree():
    x = np.random.default_rng(2).random((5, 8, 8, 1), dtype=np.float32)
    from_object, from_file = sd.load(digits_cnn()), sd.load(digits_cnn_file())
    assert from_object.inputs[0].shape == (None, 8, 8, 1)
    assert np.abs(from_object.predict(x) - from_file.predict(x)).max() <= 1e-6
    # conv 6x6x8 outputs * 9 taps + depthwise 4x4x8 * 9 + dense 128 * 10
    assert from_object.macs == 6 * 6 * 8 * 9 + 4 * 4 * 8 * 9 + 128 * 10


def test_lambda_layers_are_refused_unless_opted_in():
    keras_path, h5_path = lambda_files()
    for path in (keras_path, h5_path):
        with pytest.raises(UnsafeModelError, match="Lambda") as info:
            sd.load(path)
        assert "safe_mode=False" in info.value.fix
    trusted = sd.load(keras_path, safe_mode=False)
    assert trusted.predict(np.ones((1, 4), np.float32)).shape == (1, 2)
    assert sd.load(h5_path, safe_mode=False).format == "keras"


def _write(name: str, data: bytes):
    path = workdir() / name
    path.write_bytes(data)
    return path


def test_missing_file_names_the_path():
    with pytest.raises(ModelLoadError, match="not found") as info:
        sd.load(workdir() / "nope.tflite")
    assert "nope.tflite" in str(info.value) and info.value.fix


def test_wrong_extension_lists_what_is_readable():
    with pytest.raises(UnsupportedFormatError, match=r"\.pt") as info:
        sd.load(_write("model.pt", b"whatever"))
    assert ".tflite" in info.value.why


@pytest.mark.parametrize("cut", [16, 1000])
def test_truncated_tflite(cut):
    data = mlperf_tiny("kws").read_bytes()[:cut]
    with pytest.raises(ModelLoadError, match="TFLite") as info:
        sd.load(_write(f"cut{cut}.tflite", data))
    assert (
        "truncated" in str(info.value) or "damaged" in str(info.value) or "TFL3" in str(info.value)
    )


def test_garbage_tflite():
    with pytest.raises(ModelLoadError, match="not a TFLite model"):
        sd.load(_write("garbage.tflite", b"\x00" * 64))


def test_corrupt_onnx():
    with pytest.raises(ModelLoadError, match="not a valid ONNX model"):
        sd.load(_write("broken.onnx", b"\x08\x07this is not protobuf at all" * 3))


def test_truncated_h5():
    data = mlperf_tiny("ad", "keras").read_bytes()[:5000]
    with pytest.raises(ModelLoadError, match="truncated or corrupt"):
        sd.load(_write("cut.h5", data))


def test_folder_without_savedmodel():
    folder = workdir() / "empty_folder"
    folder.mkdir(exist_ok=True)
    with pytest.raises(UnsupportedFormatError, match=r"saved_model\.pb"):
        sd.load(folder)


def test_openvino_xml_without_bin():
    with pytest.raises(ModelLoadError, match=r"\.bin"):
        sd.load(_write("lonely.xml", b"<net></net>"))


def test_unknown_object():
    with pytest.raises(UnsupportedFormatError, match="dict"):
        sd.load({"not": "a model"})


def test_runtime_not_installed_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_onnxruntime(name, *args, **kwargs):
        if name == "onnxruntime" or name.startswith("onnxruntime."):
            raise ImportError("No module named 'onnxruntime'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_onnxruntime)
    monkeypatch.delitem(__import__("sys").modules, "onnxruntime", raising=False)
    with pytest.raises(RuntimeNotInstalledError) as info:
        sd.convert(mlperf_tiny("kws"), to="onnx")
    assert 'pip install "scaledown-tinyml[onnx] @ git+' in str(info.value)


def test_every_error_is_a_scaledown_error():
    for exc in (ModelLoadError, UnsupportedFormatError, UnsafeModelError, InputError):
        assert issubclass(exc, ScaleDownError)


# -- a file's real format from its bytes (issue 11) ---------------------------------


@pytest.mark.parametrize(
    ("kind", "wrong_name", "says", "rename_to"),
    [
        ("tflite", "model.onnx", "is a TFLite file", ".tflite"),
        ("tflite", "model.keras", "is a TFLite file", ".tflite"),
        ("onnx", "model.tflite", "is an ONNX file", ".onnx"),
        ("keras", "model.tflite", "is a Keras .keras archive", ".keras"),
        ("keras", "model.h5", "is a Keras .keras archive", ".keras"),
        ("tflite", "model", "but its name has no extension", ".tflite"),
        ("tflite", "model.bin", "is a TFLite file", ".tflite"),
    ],
)
def test_a_renamed_model_file_is_named_by_its_bytes(tmp_path, kind, wrong_name, says, rename_to):
    from edge_testmodels import tiny_file

    path = tmp_path / wrong_name
    path.write_bytes(tiny_file(kind).read_bytes())
    with pytest.raises(UnsupportedFormatError, match=says) as caught:
        sd.load(path)
    text = str(caught.value)
    assert f"rename it to {rename_to}" in text and "truncated or corrupt" not in text


def test_hdf5_and_openvino_signatures_are_recognised(tmp_path):
    h5 = tmp_path / "legacy.keras"
    h5.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(64))
    with pytest.raises(UnsupportedFormatError, match=r"rename it to \.h5"):
        sd.load(h5)
    xml = tmp_path / "graph.onnx"
    xml.write_text('<?xml version="1.0"?>\n<net name="m" version="11"><layers/></net>\n')
    with pytest.raises(UnsupportedFormatError, match=r"rename it to \.xml"):
        sd.load(xml)


def test_an_empty_model_file_says_it_is_empty(tmp_path):
    path = tmp_path / "model.tflite"
    path.touch()
    with pytest.raises(ModelLoadError, match=r"is empty \(0 bytes\)"):
        sd.load(path)


def test_bytes_of_a_keras_archive_are_not_called_onnx():
    from edge_testmodels import tiny_file

    with pytest.raises(UnsupportedFormatError, match=r"Keras \.keras archive"):
        sd.load(tiny_file("keras").read_bytes())


@pytest.mark.parametrize(
    ("cut", "why"), [(300, "is cut short"), (0, "does not start like one")]
)
def test_a_damaged_keras_archive_is_not_called_missing(tmp_path, cut, why):
    from edge_testmodels import tiny_file

    path = tmp_path / "model.keras"
    data = tiny_file("keras").read_bytes()
    path.write_bytes(data[:cut] if cut else b"not a zip archive" * 10)
    with pytest.raises(ModelLoadError, match=r"is not a complete \.keras archive") as caught:
        sd.load(path)
    assert why in str(caught.value) and "File not found" not in str(caught.value)


def test_a_new_backend_folder_is_enough_for_sd_load_to_read_its_objects_and_bytes(
        tmp_path, monkeypatch) -> None:
    """``sd.load`` asks each declaration's ``detects``: no line of api/load.py names a format."""
    import importlib
    import sys

    from scaledown import backends

    demo = tmp_path / "demo_runtime"
    demo.mkdir()
    (demo / "__init__.py").write_text(
        "from scaledown.backends.declaration import Backend\n"
        "DECLARATION = Backend(name='demo_runtime', summary='a test runtime', loads=('demo',),"
        " verbs=('load',), detects='load:detects', objects=('demo.Net',),"
        " from_bytes=('demo',))\n")
    (demo / "load.py").write_text(
        "class DemoNet:\n    pass\n"
        "def detects(src):\n"
        "    if isinstance(src, DemoNet) or (isinstance(src, bytes) and src[:4] == b'DEMO'):\n"
        "        return 'demo'\n"
        "    return None\n"
        "def load_object(obj):\n    return ('object', obj)\n"
        "def load_bytes(data, *, name):\n    return ('bytes', name)\n")
    monkeypatch.setattr(backends, "__path__", [*backends.__path__, str(tmp_path)])
    for module in ("scaledown.backends.demo_runtime", "scaledown.backends.demo_runtime.load"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    monkeypatch.setattr(backends, "REGISTRY", backends.discover())
    net = importlib.import_module("scaledown.backends.demo_runtime.load").DemoNet()
    assert sd.load(net) == ("object", net)
    assert sd.load(b"DEMO1234", name="d") == ("bytes", "d")
    assert "demo" in backends.bytes_formats()
    with pytest.raises(UnsupportedFormatError, match=r"of type builtins\.int") as caught:
        sd.load(42)
    # the message lists what the declarations say sd.load takes, the new backend's too
    assert ".demo/" in str(caught.value) and "a demo.Net," in str(caught.value)
