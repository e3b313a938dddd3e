"""The compiled target's ``compile`` verb: a full-integer ``.tflite`` as C99 sources.

This module is the dispatch point ``sd.compile`` (and ``sd.fit``'s compiled
figures) reach through the registry; the work is done by
:mod:`scaledown.compiler` (read, lower, pack, plan, write C). Writing the
files into a folder is left to the caller (``scaledown.api.compile``).

Example:
    >>> from scaledown.compiler.tiny import tiny_int8_tflite
    >>> sources = compile_tflite(tiny_int8_tflite(), "tiny")
    >>> sorted(sources.files), sources.plan.overlaps()
    (['sd_kernels.c', 'sd_kernels.h', 'sd_model.c', 'sd_model.h'], [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...compiler.plan import Plan
from ...compiler.program import Program

KERNEL_FILES = ("sd_kernels.h", "sd_kernels.c")
"""ScaleDown's own int8 kernel library, copied beside every compiled model."""


@dataclass(frozen=True)
class CompiledSources:
    """The C a model compiles to, not yet written anywhere.

    Attributes:
        program: The lowered program (one kernel call per operator that needs one).
        plan: Its tensor arena plan.
        files: File name -> text: ``sd_model.h/.c`` and the kernel library.
    """

    program: Program
    plan: Plan
    files: dict[str, str] = field(repr=False)


def lowered(tflite: bytes, *, source: str = "the model", pack: bool = True) -> Program:
    """The program ``sd.compile`` writes for ``tflite``, its weights packed when ``pack``.

    Raises:
        InputError: a float or hybrid model, or more than one input or output.
        UnsupportedOpError: an operator the compiler has no kernel for.

    Example:
        >>> from scaledown.compiler.tiny import tiny_int8_tflite
        >>> len(lowered(tiny_int8_tflite()).graph.operators)
        4
    """
    from ...compiler.graph import read_graph
    from ...compiler.lower import lower

    program = lower(read_graph(tflite, source=source), source=source)
    if pack:
        from ...compiler.packing import pack_weights

        pack_weights(program)
    return program


def planned(program: Program) -> Plan:
    """The static tensor arena plan of a lowered program.

    Example:
        >>> from scaledown.compiler.tiny import tiny_int8_tflite
        >>> planned(lowered(tiny_int8_tflite())).lower_bound > 0
        True
    """
    from ...compiler.codegen import plan_program

    return plan_program(program)


def arena_size(plan: Plan) -> int:
    """``SD_MODEL_ARENA_BYTES`` for a plan.

    Example:
        >>> from scaledown.compiler.tiny import tiny_int8_tflite
        >>> arena_size(planned(lowered(tiny_int8_tflite()))) % 16
        0
    """
    from ...compiler.codegen import arena_bytes

    return arena_bytes(plan)


def kernel_sources() -> dict[str, str]:
    """The kernel library's files, by name.

    Example:
        >>> "int8 kernel library" in kernel_sources()["sd_kernels.h"]
        True
    """
    folder = Path(__file__).resolve().parents[2] / "compiler" / "kernels"
    return {n: (folder / n).read_text(encoding="utf-8") for n in KERNEL_FILES}


def compile_tflite(tflite: bytes, name: str, *, pack_weights: bool = True) -> CompiledSources:
    """Lower, plan and render ``tflite`` as C99 named ``name`` (nothing is written).

    Raises:
        InputError: a float or hybrid model, or more than one input or output.
        UnsupportedOpError: an operator the compiler has no kernel for.
    """
    from ...compiler.codegen import render_header, render_source

    program = lowered(tflite, source=name, pack=pack_weights)
    plan = planned(program)
    files = {
        "sd_model.h": render_header(program, plan, name),
        "sd_model.c": render_source(program, plan, name),
        **kernel_sources(),
    }
    return CompiledSources(program, plan, files)
