"""Every exception scaledown raises, written for a beginner.

Each error says what went wrong, why, and how to fix it. Catch
``ScaleDownError`` to catch them all::

    ScaleDownError
    ├── InputError              bad argument: wrong shape, dtype, value
    │   ├── CalibrationError    calibration data that does not fit the model
    │   └── AlreadyQuantizedError
    ├── ModelLoadError          missing, truncated or corrupt model file
    │   ├── UnsupportedFormatError   extension or object scaledown cannot read
    │   └── UnsafeModelError    Keras file with Python code (Lambda layers)
    ├── RuntimeNotInstalledError     an optional runtime is missing (names the pip extra)
    ├── UnsupportedOpError      an op a runtime or TFLite-Micro cannot run
    ├── ConversionError         a conversion route failed
    ├── DeviceError             unknown device id, incomplete device entry
    ├── DoesNotFitError         raised only when asked to (fit(..., strict=True))
    ├── WriteError              an output cannot be written, or would replace a folder
    │   └── ExportError         firmware files: folder not writable, bad names
    ├── EmulationError          the virtual board could not build or run a program
    ├── ContentError            site content failed `scaledown check` (holds problems)
    └── TutorialError           a tutorial failed, timed out or has bad metadata

:func:`first_line` picks the line of a backend's exception that a ``why`` quotes.

Example:
    >>> from scaledown.errors import ScaleDownError, InputError
    >>> err = InputError("input has shape (1, 3)", why="the model expects (1, 4)",
    ...                  fix="reshape your array to (1, 4)")
    >>> isinstance(err, ScaleDownError)
    True
    >>> print(err)
    input has shape (1, 3)
      why: the model expects (1, 4)
      fix: reshape your array to (1, 4)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .install import pip_command


class ScaleDownError(Exception):
    """Base class: a message, plus optional ``why`` and ``fix`` lines."""

    def __init__(self, what: str, *, why: str | None = None, fix: str | None = None) -> None:
        self.what = what
        self.why = why
        self.fix = fix
        super().__init__(self._render())

    def _render(self) -> str:
        lines = [self.what]
        if self.why:
            lines.append(f"  why: {self.why}")
        if self.fix:
            lines.append(f"  fix: {self.fix}")
        return "\n".join(lines)


class InputError(ScaleDownError, ValueError):
    """An argument or input array is not what the call expects."""


class CalibrationError(InputError):
    """Calibration data does not match the model's inputs."""


class AlreadyQuantizedError(InputError):
    """The model is already quantized; quantizing again would lose accuracy."""


class ModelLoadError(ScaleDownError, OSError):
    """A model file is missing, truncated or corrupt."""


class UnsupportedFormatError(ModelLoadError):
    """scaledown does not know how to read this file or object."""


class UnsafeModelError(ModelLoadError):
    """A Keras file carries Python code that would run on load."""


class RuntimeNotInstalledError(ScaleDownError, ImportError):
    """An optional runtime is not installed.

    Example:
        >>> err = RuntimeNotInstalledError.for_extra("onnxruntime", "onnx")
        >>> err.fix.startswith('pip install "scaledown-tinyml[onnx] @ git+https://github.com/')
        True
        >>> err.fix.endswith('(in a clone of the repository: pip install -e ".[onnx]")')
        True
    """

    @classmethod
    def for_extra(cls, package: str, extra: str) -> RuntimeNotInstalledError:
        return cls(
            f"{package} is not installed",
            why=f"this step needs {package}, which is an optional part of scaledown",
            fix=f"{pip_command(extra)} (in a clone of the repository: "
                f"pip install -e \".[{extra}]\")",
        )


class UnsupportedOpError(ScaleDownError):
    """A model uses an op that the chosen runtime cannot run."""


class ConversionError(ScaleDownError):
    """A conversion between formats failed."""


class DeviceError(ScaleDownError, LookupError):
    """An unknown device id, or a device entry without the figures needed."""


class DoesNotFitError(ScaleDownError):
    """A model does not fit a device (raised only on request)."""


class WriteError(ScaleDownError, OSError):
    """An output path cannot be written (full disk, no permission, a folder in the way)."""


class ExportError(WriteError):
    """Writing firmware files failed."""


class EmulationError(ScaleDownError):
    """The virtual board (an emulated Cortex-M) could not build, fit or run a program."""


class ContentError(ScaleDownError):
    """Site content failed validation; ``problems`` lists each one."""

    def __init__(self, problems: Sequence[Any], *, what: str | None = None) -> None:
        self.problems = list(problems)
        body = "\n".join(str(p) for p in self.problems)
        summary = what or f"{len(self.problems)} problem(s) in the site content"
        super().__init__(f"{summary}\n{body}" if body else summary)


class TutorialError(ScaleDownError):
    """A tutorial failed, timed out, or has invalid metadata."""



def a_model(fmt: str) -> str:
    """``"a tflite model"`` or ``"an onnx model"``: a format name with its article, for messages.

    Example:
        >>> a_model("tflite"), a_model("onnx"), a_model("openvino")
        ('a tflite model', 'an onnx model', 'an openvino model')
    """
    return f"{with_article(fmt)} model"


def with_article(word: str) -> str:
    """``word`` after "a" or "an", by its first letter (good enough for our names).

    Example:
        >>> with_article("keras.Model"), with_article("onnx.ModelProto")
        ('a keras.Model', 'an onnx.ModelProto')
    """
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def first_line(exc: BaseException, limit: int | None = 300) -> str:
    """The first line of ``exc``'s message, or its type name when it has none.

    Backend tools raise long, multi-line messages with internal detail; the
    ``why`` of a scaledown error quotes only this line, cut to ``limit``
    characters (``None``: no cut).

    Example:
        >>> first_line(ValueError("bad shape (1, 3)\\n  at node conv_2\\n  ..."))
        'bad shape (1, 3)'
        >>> first_line(KeyError())
        'KeyError'
        >>> first_line(RuntimeError("x" * 500), limit=10)
        'xxxxxxxxxx'
    """
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:limit]
