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

Files are written and flushed in a staging folder, then moved into place
(:mod:`scaledown.safe_write`), so a failure leaves nothing half-written. An
existing folder is used only when it is empty or holds nothing but an
earlier ``sd.compile`` output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..backends import implementing, verb_module
from ..errors import ExportError, InputError

if TYPE_CHECKING:
    from ..compiler.plan import Plan

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
        packed_tensors: Weight tensors stored packed (``pack_weights``).
        packed_saving_bytes: Flash bytes the packing saved over the raw weights.
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
    packed_tensors: int = 0
    packed_saving_bytes: int = 0

    @property
    def gap_bytes(self) -> int:
        """Arena bytes above the lower bound (0: the plan cannot be smaller)."""
        return self.arena_bytes - self.lower_bound


def _check_target(out: Path) -> None:
    """Refuse a file, or a folder holding anything but an earlier sd.compile output."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot compile into {out}: it is a file, not a folder",
                          fix="pass a folder path (it is created if missing)")
    if not out.is_dir():
        return
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
            + "; sd.compile owns its output folder and would overwrite what is there",
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
    """Stage every file, then move them in (:func:`scaledown.safe_write.write_into_folder`).

    A missing folder appears whole; in an earlier output each file is replaced
    atomically and the stale host builds are removed. On failure nothing
    changes, not even the parent folders this call would have created.
    """
    from ..safe_write import write_into_folder

    _check_target(out)
    stale = [p for p in out.iterdir() if p.name not in files] if out.is_dir() else []
    created = [p for p in (out.parent, *out.parent.parents) if not p.exists()]
    try:
        written = write_into_folder(out, files, error=ExportError)
    except ExportError:
        _remove_empty(created)
        raise
    for path in stale:  # only files _check_target accepted as ours (old host builds)
        path.unlink(missing_ok=True)
    return written


def compile(model: Any, out_dir: str | Path, *, name: str | None = None,
            pack_weights: bool = True) -> CompileResult:
    """Compile a full-integer int8 model into C99 sources in ``out_dir``.

    Args:
        model: A :class:`~scaledown.Model`, a ``.tflite`` path, or ``.tflite`` bytes.
            It must be fully int8, with one input and one output (see
            ``sd.quantize(model, scheme="int8")``).
        out_dir: The folder to write (created; replaced only if an earlier
            ``sd.compile`` wrote it).
        name: The model name stored in ``sd_model_name`` (default: the model's name).
        pack_weights: Store FULLY_CONNECTED weights packed with a lossless
            Huffman code wherever that saves flash (default). Flash is what a
            model with large dense layers runs out of first (the MLPerf Tiny
            autoencoder's weights are 96 % of its flash, and pack to 0.67x), and
            the outputs stay byte-identical; the cost is instructions, one
            decode per weight read (1.74x as many for that model on a
            Cortex-M4; ``bench/compiler_bench.py`` measures it), and no RAM
            beyond a few stack bytes. ``False`` keeps the raw weights and the
            faster kernel.

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
    from .as_tflite import as_tflite

    target = verb_module(implementing("compile")[0], "compile")  # the compiled C backend
    out = Path(out_dir).expanduser().absolute()
    if name is not None and not isinstance(name, str):
        raise InputError(f"name must be a string, not {type(name).__name__}",
                         fix='pass name="my_model" or leave it out')
    _check_target(out)  # fail before any work
    data, model_name = as_tflite(model)
    model_name = name or model_name
    sources = target.compile_tflite(data, model_name, pack_weights=pack_weights)
    program, plan = sources.program, sources.plan
    if plan.overlaps():  # every plan is checked, not only the ones the tests see
        raise ExportError(f"the arena plan for {model_name} overlaps live tensors",
                          why=f"tensors {plan.overlaps()[0]} share bytes while both are alive",
                          fix="report this as a scaledown bug, with the model file")
    files = sources.files
    written = _write_folder(out, files)
    graph = program.graph
    return CompileResult(
        out, written, model_name, len(graph.operators), len(program.calls),
        graph.tensor(program.input).nbytes, graph.tensor(program.output).nbytes,
        target.arena_size(plan), plan.lower_bound, plan, len(program.packed),
        sum(graph.tensor(i).nbytes - p.stored_bytes for i, p in program.packed.items()),
    )
