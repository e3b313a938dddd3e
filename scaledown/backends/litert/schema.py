"""The TFLite flatbuffer schema, read with the generated Python classes.

The schema module (``schema_py_generated``) ships with LiteRT
(``ai_edge_litert``), with ``tflite_micro`` and with TensorFlow; we take the
first one installed, so reading a ``.tflite`` file never imports TensorFlow.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> model = read_model(tiny_dense_tflite())
    >>> model.Version()
    3
    >>> builtin_name(9)
    'FULLY_CONNECTED'
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import Any

from ...errors import ModelLoadError, RuntimeNotInstalledError

_SCHEMA_MODULES = (
    "ai_edge_litert.schema_py_generated",
    "tflite_micro.tensorflow.lite.micro.python.schema_py_generated",
    "tensorflow.lite.python.schema_py_generated",
)


@cache
def schema() -> ModuleType:
    """The first TFLite schema module that imports.

    Raises:
        RuntimeNotInstalledError: none of LiteRT, tflite-micro, TensorFlow is installed.
    """
    for name in _SCHEMA_MODULES:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise RuntimeNotInstalledError.for_extra("ai-edge-litert", "litert")


@cache
def _names(enum_class: str) -> dict[int, str]:
    cls = getattr(schema(), enum_class)
    return {v: k for k, v in vars(cls).items() if not k.startswith("_") and isinstance(v, int)}


def builtin_name(code: int) -> str:
    """Name of a builtin operator code, e.g. ``3`` -> ``"CONV_2D"``."""
    return _names("BuiltinOperator").get(code, f"BUILTIN_{code}")


def operator_name(model: Any, op: Any) -> tuple[str, bool]:
    """(name, is_custom) of one operator of a read model: ``"CONV_2D"``, or a custom op's name.

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> model = read_model(tiny_dense_tflite())
        >>> operator_name(model, model.Subgraphs(0).Operators(0))
        ('FULLY_CONNECTED', False)
    """
    code = model.OperatorCodes(op.OpcodeIndex())
    # files written before schema v3a keep the code in the deprecated byte
    builtin = max(int(code.BuiltinCode()), int(code.DeprecatedBuiltinCode()))
    custom = code.CustomCode()
    if builtin == 32 and custom is not None:  # 32 == BuiltinOperator.CUSTOM
        return custom.decode("utf-8", "replace"), True
    return builtin_name(builtin), False


def tensor_dtype(code: int) -> str:
    """NumPy dtype name of a TFLite ``TensorType`` code, e.g. ``9`` -> ``"int8"``.

    Example:
        >>> tensor_dtype(0), tensor_dtype(9)
        ('float32', 'int8')
    """
    name = _names("TensorType").get(code, f"type{code}").lower()
    return {"float32": "float32", "float16": "float16", "bool": "bool", "string": "object"}.get(
        name, name
    )


def read_model(data: bytes, *, source: str = "the model") -> Any:
    """Parse TFLite flatbuffer bytes into the schema's ``Model`` reader.

    Raises:
        ModelLoadError: the bytes are not a TFLite flatbuffer, or are cut short.
    """
    if len(data) < 8 or bytes(data[4:8]) != b"TFL3":
        raise ModelLoadError(
            f"{source} is not a TFLite model",
            why="a .tflite file starts with the flatbuffer identifier 'TFL3' at byte 4; "
            f"this one has {bytes(data[4:8])!r} ({len(data)} bytes)",
            fix="check the file was fully downloaded/copied, "
            "or re-export it with sd.convert(..., to='tflite')",
        )
    module = schema()
    try:
        model = module.Model.GetRootAsModel(data, 0)
        # touch every table once so a truncated buffer fails here, not later
        for i in range(model.SubgraphsLength()):
            graph = model.Subgraphs(i)
            for t in range(graph.TensorsLength()):
                graph.Tensors(t).ShapeAsNumpy()
            for o in range(graph.OperatorsLength()):
                graph.Operators(o).InputsAsNumpy()
        for b in range(model.BuffersLength()):
            model.Buffers(b).DataLength()
    except Exception as exc:  # the generated reader raises IndexError/struct.error
        raise ModelLoadError(
            f"{source} is a damaged TFLite model",
            why=f"reading its flatbuffer failed ({type(exc).__name__}: {exc}); "
            "the file is probably truncated or corrupt",
            fix="copy or export the .tflite file again",
        ) from None
    return model


def buffer_nbytes(model: Any, index: int, data: bytes) -> int:
    """Bytes of constant data held by buffer ``index`` (inline or at an offset)."""
    if index <= 0 or index >= model.BuffersLength():
        return 0
    buf = model.Buffers(index)
    if buf.DataLength():
        return int(buf.DataLength())
    size = buf.Size() if hasattr(buf, "Size") else 0
    return int(size or 0)
