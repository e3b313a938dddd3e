"""The inspection report: a model's facts and runtime support, as a table or HTML.

``sd.inspect`` loads what it is given and returns :func:`describe`'s
:class:`Report`; ``Model.summary()`` prints the same report. It lives beside
the backends (not in ``api/``) because ``Model`` itself needs it.

Example:
    >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
    >>> from scaledown.model import Model
    >>> describe(Model(tiny_dense_tflite(), "tflite"), ["litert"]).macs
    8
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import REGISTRY, declaration

if TYPE_CHECKING:  # pragma: no cover
    from ...model import Model


def _human(n: int | None, unit: str = "B") -> str:
    if n is None:
        return "?"
    value = float(n)
    for prefix in ("", "K", "M", "G"):
        if abs(value) < 1000 or prefix == "G":
            return f"{value:.0f} {prefix}{unit}" if prefix == "" else f"{value:.2f} {prefix}{unit}"
        value /= 1000
    return f"{n} {unit}"


def _shape(shape: Any) -> str:
    if shape is None:
        return "?"
    return "x".join("?" if d is None else str(d) for d in shape) or "scalar"


@dataclass
class Report:
    """What ``sd.inspect`` found; prints as a table, shows as HTML in notebooks.

    Attributes:
        name: The model's name.
        format: The model's format.
        inputs: Descriptions of the inputs (``TensorSpec`` as text).
        outputs: Descriptions of the outputs.
        params: Stored weights.
        macs: Multiply-accumulates at batch 1.
        size_bytes: Serialized size.
        peak_activation_bytes: Estimate of the largest live activations (see notes).
        quantized: True for int8/uint8 weights.
        runtimes: Runtime columns present in ``rows[i]["support"]``.
        rows: One dict per layer/op: index, kind, name, output_shape, params, macs, support.
        notes: Caveats worth reading.
    """

    name: str
    format: str
    inputs: list[str]
    outputs: list[str]
    params: int
    macs: int
    size_bytes: int
    peak_activation_bytes: int | None
    quantized: bool
    runtimes: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON output."""
        return dict(self.__dict__)

    def unsupported(self) -> dict[str, list[str]]:
        """Runtime -> op kinds it cannot run (only runtimes with at least one).

        Example:
            >>> import scaledown as sd
            >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
            >>> sd.inspect(tiny_dense_tflite(), runtimes=["litert"]).unsupported()
            {}
        """
        out: dict[str, list[str]] = {}
        for row in self.rows:
            for runtime, verdict in row["support"].items():
                if verdict == "no" and row["kind"] not in out.setdefault(runtime, []):
                    out[runtime].append(row["kind"])
        return {k: v for k, v in out.items() if v}

    def table(self) -> Any:
        """A ``rich.table.Table`` of the layers/ops."""
        from rich.table import Table

        table = Table(title=f"{self.name} ({self.format})", show_lines=False)
        for col in ("#", "op / layer", "name", "output", "params", "MACs", *self.runtimes):
            table.add_column(col, justify="right" if col in {"#", "params", "MACs"} else "left")
        mark = {"yes": "[green]yes[/]", "no": "[bold red]no[/]", "?": "[yellow]?[/]"}
        for row in self.rows:
            table.add_row(
                str(row["index"]),
                row["kind"],
                row["name"][:40],
                _shape(row["output_shape"]),
                f"{row['params']:,}",
                f"{row['macs']:,}",
                *(mark.get(row["support"].get(r, ""), "") for r in self.runtimes),
            )
        return table

    def _totals(self) -> list[tuple[str, str]]:
        return [
            ("inputs", "; ".join(self.inputs)),
            ("outputs", "; ".join(self.outputs)),
            ("parameters", f"{self.params:,}"),
            ("MACs", f"{self.macs:,} ({_human(self.macs, 'MAC')})"),
            ("size", f"{self.size_bytes:,} bytes ({_human(self.size_bytes)})"),
            ("peak activations", f"{_human(self.peak_activation_bytes)} (estimate)"),
            ("quantized", "yes (8-bit weights)" if self.quantized else "no (float)"),
        ]

    def print(self, console: Any = None) -> None:
        """Print the table and totals to the terminal (or the given rich console)."""
        import sys

        from rich.console import Console

        console = console or Console(width=None if sys.stdout.isatty() else 150)
        console.print(self.table())
        for key, value in self._totals():
            console.print(f"[bold]{key}[/]: {value}")
        for runtime, kinds in self.unsupported().items():
            console.print(f"[bold red]{runtime} cannot run[/]: {', '.join(kinds)}")
        for note in self.notes:
            console.print(f"[dim]note: {note}[/]")

    def __str__(self) -> str:
        from rich.console import Console

        console = Console(width=140, record=True, file=_Null())
        self.print(console)
        return console.export_text()

    def _repr_html_(self) -> str:
        esc = html.escape
        head = "".join(
            f"<th>{esc(c)}</th>"
            for c in ("#", "op / layer", "name", "output", "params", "MACs", *self.runtimes)
        )
        body = []
        for row in self.rows:
            cells = [
                str(row["index"]),
                row["kind"],
                row["name"],
                _shape(row["output_shape"]),
                f"{row['params']:,}",
                f"{row['macs']:,}",
            ]
            support = [row["support"].get(r, "") for r in self.runtimes]
            tds = "".join(f"<td>{esc(c)}</td>" for c in cells)
            tds += "".join(
                f'<td style="color:{"#c00" if s == "no" else "inherit"}">{esc(s)}</td>'
                for s in support
            )
            body.append(f"<tr>{tds}</tr>")
        totals = "".join(f"<li><b>{esc(k)}</b>: {esc(v)}</li>" for k, v in self._totals())
        notes = "".join(f"<li><i>{esc(n)}</i></li>" for n in self.notes)
        return (
            f"<div><h4>{esc(self.name)} ({esc(self.format)})</h4><ul>{totals}{notes}</ul>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )


class _Null:
    def write(self, _: str) -> int:
        return 0

    def flush(self) -> None:
        pass


def describe(model: Model, runtimes: Sequence[str] | None = None) -> Report:
    """The report on a loaded model, with support columns for ``runtimes`` (default: all).

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> from scaledown.model import Model
        >>> describe(Model(tiny_dense_tflite(), "tflite"), ["tflm"]).runtimes
        ['tflm']
    """
    from .support import support_columns

    facts = model.facts
    columns = support_columns(model, runtimes)
    notes = list(facts.notes)
    if not declaration(model.backend).support_column:  # no runtime judges this format itself
        notes.append(
            "per-op runtime support is judged on converted files: "
            "sd.inspect(sd.convert(model, to='tflite'))"
        )
    notes.extend(b.support_note for b in REGISTRY.values()
                 if b.support_note and b.support_column in columns)
    says_how = any(note.startswith("peak activation") for note in facts.notes)
    if facts.peak_activation_bytes is not None and not says_how:  # the backend's own estimate
        notes.append("peak activations: largest sum of tensors alive at one op (liveness, batch 1)")
    rows = [
        {
            "index": r.index,
            "kind": r.kind,
            "name": r.name,
            "output_shape": r.output_shape,
            "params": r.params,
            "macs": r.macs,
            "support": {rt: col[i] for rt, col in columns.items() if i < len(col)},
        }
        for i, r in enumerate(facts.layers)
    ]
    return Report(
        name=model.name,
        format=model.format,
        inputs=[str(s) for s in facts.inputs],
        outputs=[str(s) for s in facts.outputs],
        params=facts.param_count,
        macs=facts.macs,
        size_bytes=facts.size_bytes,
        peak_activation_bytes=facts.peak_activation_bytes,
        quantized=facts.is_quantized,
        runtimes=list(columns),
        rows=rows,
        notes=notes,
    )
