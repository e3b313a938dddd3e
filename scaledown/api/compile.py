"""``sd.compile``: a full-integer int8 ``.tflite`` model as a self-contained C99 library.

``sd.compile(model, "firmware/model")`` writes four files and nothing else is
needed to build them (``cc -std=c99 -c sd_model.c sd_kernels.c``):

* ``sd_model.h``: the sizes (``SD_MODEL_INPUT_BYTES``, ``SD_MODEL_OUTPUT_BYTES``,
  ``SD_MODEL_ARENA_BYTES``, ``SD_MODEL_OPS``), the input and output
  quantization, and ``int sd_model_invoke(const int8_t *input, int8_t *output)``;
* ``sd_model.c``: the weights as ``const`` arrays, one statically planned
  tensor arena, and one commented kernel call per operator;
* ``sd_kernels.h`` / ``sd_kernels.c``: ScaleDown's own int8 kernel library.

No TFLite-Micro, no C++, no heap, no flatbuffer parsing on the device. The
kernels repeat TFLite-Micro's reference integer arithmetic, so the outputs
equal its interpreter's byte for byte (:mod:`scaledown.compiler.hostcheck`
checks that on the host). Models outside the supported operators get an
error naming the operator and pointing to ``sd.export(model, "c", ...)``.

Files are written to a temporary folder beside ``out_dir`` and renamed into
place, so a failure leaves nothing half-written. An existing folder is
replaced only when it holds nothing but an earlier ``sd.compile`` output.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..compiler.plan import Plan
from ..errors import ExportError, InputError

_GENERATED = ("sd_model.h", "sd_model.c", "sd_kernels.h", "sd_kernels.c")


def _ours(name: str) -> bool:
    """A file an earlier compile (or its host check's build) leaves, which a new one replaces."""
    return name in _GENERATED or (name.startswith("libsd_model") and name.endswith(".so"))
_BANNER = "(sd.compile)"


@dataclass(frozen=True)
class CompileResult:
    """What :func:`compile` wrote.

    Attributes:
        folder: The output folder.
        files: The files written.
        name: The model name written to ``sd_model_name``.
        ops: Operators in the model's graph (``SD_MODEL_OPS``).
        calls: Kernel calls in ``sd_model_invoke`` (a RESHAPE needs none).
        input_bytes: ``SD_MODEL_INPUT_BYTES``.
        output_bytes: ``SD_MODEL_OUTPUT_BYTES``.
        arena_bytes: ``SD_MODEL_ARENA_BYTES``.
        lower_bound: The fewest arena bytes any plan could use (the most alive at one step).
        plan: The arena plan.
    """

    folder: Path
    files: list[Path]
    name: str
    ops: int
    calls: int
    input_bytes: int
    output_bytes: int
    arena_bytes: int
    lower_bound: int
    plan: Plan = field(repr=False)

    @property
    def gap_bytes(self) -> int:
        """Arena bytes above the lower bound (0: the plan cannot be smaller)."""
        return self.arena_bytes - self.lower_bound


def _kernel_sources() -> dict[str, str]:
    folder = Path(__file__).resolve().parents[1] / "compiler" / "kernels"
    return {n: (folder / n).read_text(encoding="utf-8") for n in ("sd_kernels.h", "sd_kernels.c")}


def _check_target(out: Path) -> None:
    """Refuse a file, or a folder holding anything but an earlier sd.compile output."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot compile into {out}: it is a file, not a folder",
                          fix="pass a folder path (it is created if missing)")
    if not out.is_dir():
        return
    here = Path.cwd().resolve()
    if out.resolve() == here or out.resolve() in here.parents:
        raise ExportError(
            f"cannot compile into {out}: it is the current folder (or holds it)",
            why="sd.compile replaces the whole output folder, which would pull it from under "
            "this program",
            fix="write into a subfolder, e.g. sd.compile(model, 'model')",
        )
    entries = sorted(p.name for p in out.iterdir())
    if not entries:
        return
    header = out / "sd_model.h"
    ours = header.is_file() and _BANNER in header.read_text("utf-8", errors="replace")[:300]
    foreign = [e for e in entries if not _ours(e)]
    if not ours or foreign:
        raise ExportError(
            f"cannot compile into {out}: the folder is not empty and sd.compile did not write it",
            why=f"it holds {', '.join((foreign or entries)[:3])}"
            + (" and more" if len(foreign or entries) > 3 else "")
            + "; sd.compile replaces the whole folder and would delete them",
            fix="choose a new or empty folder, e.g. firmware/model",
        )


def _remove_empty(folders: list[Path]) -> None:
    """Remove the parent folders this call created, deepest first, if still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def _write_folder(out: Path, files: dict[str, str]) -> list[Path]:
    """Write into a temporary folder beside ``out``, then rename it into place."""
    _check_target(out)
    created = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=f".{out.name}.sd-compile-", dir=out.parent))
    except OSError as exc:
        _remove_empty(created)
        raise ExportError(f"cannot write to {out}", why=str(exc),
                          fix="choose a folder you can write to, e.g. one inside your project"
                          ) from exc
    old = None
    try:
        for name, text in files.items():
            (stage / name).write_text(text, encoding="utf-8")
        if out.exists():
            old = out.parent / f"{stage.name}.old"
            out.rename(old)
        stage.rename(out)
    except OSError as exc:
        if old is not None and not out.exists():
            old.rename(out)
            old = None
        shutil.rmtree(stage, ignore_errors=True)
        _remove_empty(created)
        raise ExportError(f"writing the compiled model to {out} failed", why=str(exc),
                          fix="check the folder's permissions and free disk space") from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return [out / name for name in files]


def compile(model: Any, out_dir: str | Path, *, name: str | None = None) -> CompileResult:
    """Compile a full-integer int8 model into C99 sources in ``out_dir``.

    Args:
        model: A :class:`~scaledown.Model`, a ``.tflite`` path, or ``.tflite`` bytes.
            It must be fully int8, with one input and one output (see
            ``sd.quantize(model, scheme="int8")``).
        out_dir: The folder to write (created; replaced only if an earlier
            ``sd.compile`` wrote it).
        name: The model name stored in ``sd_model_name`` (default: the model's name).

    Returns:
        A :class:`CompileResult` with the files, sizes and arena plan.

    Raises:
        InputError: a float or hybrid model, or more than one input or output.
        UnsupportedOpError: an operator or option the compiler has no kernel for
            (the message names it and its index).
        ExportError: the folder cannot be written, or holds other files.

    Example:
        >>> import tempfile
        >>> from pathlib import Path
        >>> import scaledown as sd
        >>> from scaledown.compiler.tiny import tiny_int8_tflite
        >>> out = Path(tempfile.mkdtemp()) / "tiny"
        >>> result = sd.compile(tiny_int8_tflite(), out, name="tiny")
        >>> sorted(p.name for p in result.files)
        ['sd_kernels.c', 'sd_kernels.h', 'sd_model.c', 'sd_model.h']
        >>> result.ops, result.input_bytes, result.output_bytes, result.gap_bytes
        (4, 16, 3, 0)
    """
    from ..compiler.codegen import arena_bytes, plan_program, render_header, render_source
    from ..compiler.graph import read_graph
    from ..compiler.lower import lower
    from .fit import _tflite

    out = Path(out_dir).expanduser().absolute()
    if name is not None and not isinstance(name, str):
        raise InputError(f"name must be a string, not {type(name).__name__}",
                         fix='pass name="my_model" or leave it out')
    _check_target(out)  # fail before any work
    data, model_name = _tflite(model)
    model_name = name or model_name
    program = lower(read_graph(data, source=model_name), source=model_name)
    plan = plan_program(program)
    if plan.overlaps():  # every plan is checked, not only the ones the tests see
        raise ExportError(f"the arena plan for {model_name} overlaps live tensors",
                          why=f"tensors {plan.overlaps()[0]} share bytes while both are alive",
                          fix="report this as a scaledown bug, with the model file")
    files = {
        "sd_model.h": render_header(program, plan, model_name),
        "sd_model.c": render_source(program, plan, model_name),
        **_kernel_sources(),
    }
    written = _write_folder(out, files)
    graph = program.graph
    return CompileResult(
        out, written, model_name, len(graph.operators), len(program.calls),
        graph.tensor(program.input).nbytes, graph.tensor(program.output).nbytes,
        arena_bytes(plan), plan.lower_bound, plan,
    )
