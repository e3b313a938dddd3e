"""Helpers shared by the compiler tests (a unique basename: test files import it directly)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MLPERF_TASKS = {"kws": "kws", "resnet8": "ic", "ad01": "ad"}  # our short name -> task


@dataclass
class Compiled:
    """A model, the folder sd.compile wrote for it, and the host build."""

    tflite: bytes
    folder: Path
    result: object
    model: object  # scaledown.compiler.hostcheck.HostModel


def compile_and_build(tflite: bytes, folder: Path, name: str) -> Compiled:
    import scaledown as sd
    from scaledown.compiler.hostcheck import HostModel, build_host_library

    result = sd.compile(tflite, folder, name=name)
    return Compiled(tflite, folder, result, HostModel(build_host_library(folder)))
