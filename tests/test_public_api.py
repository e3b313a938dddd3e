"""The public surface: sorted, nothing private, nothing twice, and a light import."""

from __future__ import annotations

import json
import subprocess
import sys

import scaledown

HEAVY = (
    "tensorflow",
    "keras",
    "tf_keras",
    "onnxruntime",
    "onnx",
    "openvino",
    "ai_edge_litert",
    "torch",
)


def test_all_is_sorted_unique_and_public():
    names = scaledown.__all__
    assert names == sorted(names)
    assert len(names) == len(set(names))
    assert all(not n.startswith("_") or n == "__version__" for n in names)
    assert sorted(dir(scaledown)) == sorted(names)
    # the literal list and the lazy-import table must name the same things
    assert set(names) == {*scaledown._LAZY, "__version__"}


def test_every_public_name_resolves():
    missing = []
    for name in scaledown.__all__:
        try:
            getattr(scaledown, name)
        except (AttributeError, ImportError) as exc:
            missing.append(f"{name}: {exc}")
    assert not missing


def test_core_names_resolve_to_what_they_say():
    import scaledown as sd

    assert sd.Model.__name__ == "Model"
    for verb in ("load", "inspect", "convert", "evaluate", "benchmark", "compare"):
        assert getattr(sd, verb).__name__ == verb


def test_import_scaledown_imports_no_ml_framework():
    code = (
        "import json, sys, scaledown, scaledown.cli, scaledown.errors;"
        "print(json.dumps(sorted(m for m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out))
    assert not [m for m in HEAVY if m in loaded]


def test_model_attribute_access_stays_light():
    code = (
        "import json, sys, scaledown as sd;"
        "from scaledown.backends.litert.tiny import tiny_dense_tflite;"
        "m = sd.load(tiny_dense_tflite()); m.inputs, m.macs, sd.inspect(m, runtimes=['litert']);"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out))
    assert not [m for m in ("tensorflow", "keras", "onnxruntime", "openvino") if m in loaded]
