"""Build a compiled model with the host's C compiler and compare it with TFLite-Micro.

:func:`build_host_library` compiles ``sd_model.c`` and ``sd_kernels.c`` with
``gcc -std=c99 -O2 -Wall -Werror`` into a shared library; :class:`HostModel`
calls its ``sd_model_invoke`` through :mod:`ctypes`. :func:`tflm_invoke`
runs the same ``.tflite`` file in the TFLite-Micro interpreter (the
``tflite-micro`` package), and :func:`compare_with_tflm` feeds both the same
int8 inputs and counts the outputs that differ in any byte.

Example:
    >>> import shutil, tempfile, numpy as np
    >>> from pathlib import Path
    >>> from scaledown.api.compile import compile
    >>> from scaledown.compiler.tiny import tiny_int8_tflite
    >>> out = Path(tempfile.mkdtemp()) / "tiny"
    >>> result = compile(tiny_int8_tflite(), out)
    >>> model = HostModel(build_host_library(out))
    >>> x = np.zeros(model.input_bytes, np.int8)
    >>> bool((model(x) == tflm_invoke(tiny_int8_tflite(), x)).all())
    True
    >>> compare_with_tflm(tiny_int8_tflite(), out, samples=8).bit_exact
    True
"""

from __future__ import annotations

import ctypes
import hashlib
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import ExportError, RuntimeNotInstalledError

#: The flags the host check builds with: warnings are errors.
HOST_FLAGS: tuple[str, ...] = ("-std=c99", "-O2", "-Wall", "-Werror")


def library_path(folder: str | Path) -> Path:
    """Where :func:`build_host_library` puts the shared library of ``folder``.

    The name carries a hash of the sources: a process cannot load two
    different libraries from one path, so a recompiled model gets a new name.
    """
    folder = Path(folder)
    digest = hashlib.sha256()
    for name in ("sd_model.c", "sd_kernels.c", "sd_model.h", "sd_kernels.h"):
        digest.update((folder / name).read_bytes())
    return folder / f"libsd_model-{digest.hexdigest()[:12]}.so"


def build_host_library(folder: str | Path, *, cc: str = "gcc") -> Path:
    """Compile a folder written by ``sd.compile`` into a shared library inside it.

    Args:
        folder: The folder holding ``sd_model.c`` and ``sd_kernels.c``.
        cc: The C compiler to run.

    Returns:
        The shared library's path.

    Raises:
        ExportError: the compiler is missing or rejects the code.
    """
    folder = Path(folder)
    if shutil.which(cc) is None:
        raise ExportError(f"the C compiler {cc!r} is not installed",
                          fix="install it, e.g. apt-get install gcc")
    library = library_path(folder)
    command = [cc, *HOST_FLAGS, "-shared", "-fPIC", "sd_model.c", "sd_kernels.c",
               "-o", library.name]
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ExportError(f"{cc} could not build the compiled model in {folder}",
                          why=(done.stderr.strip().splitlines() or ["no message"])[0],
                          fix="report this as a scaledown bug, with the model file")
    return library


def _header_value(folder: Path, name: str) -> int:
    text = (folder / "sd_model.h").read_text(encoding="utf-8")
    found = re.search(rf"#define {name} (-?\d+)", text)
    if not found:
        raise ExportError(f"{folder / 'sd_model.h'} has no {name}",
                          fix="compile the model again with sd.compile")
    return int(found.group(1))


def header_quantization(folder: str | Path) -> tuple[float, int, float, int]:
    """Input scale, input zero point, output scale, output zero point from ``sd_model.h``."""
    text = (Path(folder) / "sd_model.h").read_text(encoding="utf-8")
    values = []
    for name in ("INPUT_SCALE", "INPUT_ZERO_POINT", "OUTPUT_SCALE", "OUTPUT_ZERO_POINT"):
        found = re.search(rf"#define SD_MODEL_{name} (\S+)", text)
        if not found:
            raise ExportError(f"{Path(folder) / 'sd_model.h'} has no SD_MODEL_{name}",
                              fix="compile the model again with sd.compile")
        values.append(found.group(1).rstrip("f"))
    return float(values[0]), int(values[1]), float(values[2]), int(values[3])


class HostModel:
    """A compiled model loaded from its host shared library.

    Attributes:
        input_bytes: ``SD_MODEL_INPUT_BYTES``.
        output_bytes: ``SD_MODEL_OUTPUT_BYTES``.
    """

    def __init__(self, library: str | Path) -> None:
        library = Path(library)
        self.input_bytes = _header_value(library.parent, "SD_MODEL_INPUT_BYTES")
        self.output_bytes = _header_value(library.parent, "SD_MODEL_OUTPUT_BYTES")
        self._lib = ctypes.CDLL(str(library.resolve()))
        self._invoke = self._lib.sd_model_invoke
        self._invoke.restype = ctypes.c_int
        self._invoke.argtypes = [ctypes.c_void_p, ctypes.c_void_p]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        """Run once on int8 ``x`` (any shape with the right size); the output, flat."""
        data = np.ascontiguousarray(x, dtype=np.int8).reshape(-1)
        if data.size != self.input_bytes:
            raise ValueError(f"input has {data.size} values, the model takes {self.input_bytes}")
        out = np.zeros(self.output_bytes, np.int8)
        status = self._invoke(data.ctypes.data, out.ctypes.data)
        if status != 0:
            raise RuntimeError(f"sd_model_invoke returned {status}")
        return out


class _Reference:
    """A TFLite-Micro interpreter for one model, fed and read in int8."""

    def __init__(self, tflite: bytes,
                 edges: tuple[float, int, float, int] | None = None) -> None:
        self.edges = edges  # int8 quantization of a float input/output, if the model has one
        try:
            from tflite_micro.python.tflite_micro import runtime
        except ImportError as exc:
            raise RuntimeNotInstalledError.for_extra("tflite-micro", "tflm") from exc
        self.interpreter = runtime.Interpreter.from_bytes(
            bytes(tflite), arena_size=len(tflite) * 10 + (8 << 20))
        self.inp = self.interpreter.get_input_details(0)
        self.out = self.interpreter.get_output_details(0)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        q = np.asarray(x, np.int8).reshape(self.inp["shape"])
        float_in = np.dtype(self.inp["dtype"]) == np.float32
        float_out = np.dtype(self.out["dtype"]) == np.float32
        if (float_in or float_out) and self.edges is None:
            raise ValueError("a model with float edges needs the int8 quantization of its "
                             "input and output (see header_quantization)")
        if float_in:  # a float QUANTIZE edge the compiler skips: feed the real values
            scale, zp = np.float32(self.edges[0]), self.edges[1]  # type: ignore[index]
            q = (q.astype(np.float32) - np.float32(zp)) * scale
        self.interpreter.set_input(q, 0)
        self.interpreter.invoke()
        y = np.asarray(self.interpreter.get_output(0))
        if float_out:  # a float DEQUANTIZE edge: back to the int8 values it dequantized
            scale, zp = np.float32(self.edges[2]), self.edges[3]  # type: ignore[index]
            y = np.clip(np.round(y / scale) + zp, -128, 127)
        return y.astype(np.int8).reshape(-1)


def tflm_invoke(tflite: bytes, x: np.ndarray) -> np.ndarray:
    """Run ``tflite`` once in the TFLite-Micro interpreter on int8 ``x``; the int8 output, flat."""
    return _Reference(tflite)(x)


@dataclass(frozen=True)
class BitExactReport:
    """How a compiled model's outputs compare with TFLite-Micro's.

    Attributes:
        samples: Inputs compared.
        mismatches: Inputs whose outputs differ in at least one byte.
        max_difference: The largest difference of one output value (0: bit-exact).
    """

    samples: int
    mismatches: int
    max_difference: int

    @property
    def bit_exact(self) -> bool:
        """True when every output matched byte for byte."""
        return self.mismatches == 0


def compare_with_tflm(tflite: bytes, folder: str | Path, *, samples: int = 20, seed: int = 0,
                      inputs: np.ndarray | None = None) -> BitExactReport:
    """Feed the compiled model and TFLite-Micro the same int8 inputs; count differing outputs.

    Args:
        tflite: The model that was compiled.
        folder: The folder ``sd.compile`` wrote (built here if not yet).
        samples: How many uniformly random int8 inputs, when ``inputs`` is not given.
        seed: Seed of the random inputs.
        inputs: Int8 inputs to use instead (first axis: one input per row).

    Returns:
        The :class:`BitExactReport`.
    """
    folder = Path(folder)
    library = library_path(folder)
    if not library.exists():
        build_host_library(folder)
    compiled = HostModel(library)
    reference = _Reference(tflite, header_quantization(folder))
    if inputs is None:
        rng = np.random.default_rng(seed)
        inputs = rng.integers(-128, 128, (samples, compiled.input_bytes), dtype=np.int8)
    mismatches, worst = 0, 0
    for x in inputs:
        ours, theirs = compiled(x), reference(x)
        diff = int(np.max(np.abs(ours.astype(np.int32) - theirs.astype(np.int32)), initial=0))
        mismatches += diff > 0
        worst = max(worst, diff)
    return BitExactReport(len(inputs), mismatches, worst)
