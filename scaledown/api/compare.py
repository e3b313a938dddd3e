"""``sd.compare``: several models side by side: size, score, latency, agreement."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import InputError
from .evaluate import predicted_classes, resolve_metric


def max_abs_diff(a: Any, b: Any, x: Any = None, *, samples: int = 8, seed: int = 0,
                 layout: str | None = None) -> float:
    """Largest absolute difference between two models' float outputs on the same inputs.

    With ``x=None``, random float inputs in [0, 1) of the first model's input
    shape are used (``samples`` of them). ``x`` is in the first model's channel
    order unless ``layout`` says otherwise; each model gets it in its own
    order (an ONNX model NCHW, its TFLite conversion NHWC).

    Example:
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> max_abs_diff(tiny_dense_tflite(), tiny_dense_tflite())
        0.0
    """
    from ..backends.common.predict import feed_layouts, needs_move
    from .load import load

    a, b = load(a), load(b)
    if x is None:
        rng = np.random.default_rng(seed)
        x = [
            rng.random((samples, *[d or 1 for d in s.shape[1:]]), dtype=np.float32)
            for s in a.inputs
        ]
        x = x[0] if len(x) == 1 else x
        # made in a's order, so no guess about which order it is in
        order_b = [sa.layout if needs_move(sa, sb) else None
                   for sa, sb in zip(a.inputs, b.inputs, strict=False)]
        order_b = None if all(o is None for o in order_b) else order_b
    else:
        order_b = feed_layouts(a.inputs, b.inputs, x, layout)
    pa, pb = a.predict(x, layout=layout), b.predict(x, layout=order_b)
    pa, pb = (pa if isinstance(pa, list) else [pa]), (pb if isinstance(pb, list) else [pb])
    return float(
        max(
            np.abs(np.asarray(u, np.float64) - np.asarray(v, np.float64)).max()
            for u, v in zip(pa, pb, strict=False)
        )
    )


@dataclass
class Comparison:
    """One row per model: name, format, runtime, size, score, latency, agreement.

    ``agreement`` is the share of samples whose predicted class matches the
    reference model's (for outputs with one value per sample: the share within
    1e-2 relative); ``max_abs_diff`` is the largest output difference.
    """

    rows: list[dict[str, Any]]
    metric: str
    reference: str

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"metric": self.metric, "reference": self.reference, "rows": self.rows}

    def table(self) -> Any:
        """A ``rich.table.Table``."""
        from rich.table import Table

        table = Table(title=f"compared with {self.reference}")
        cols = (
            "model",
            "format",
            "runtime",
            "size",
            "params",
            self.metric,
            "p50 ms",
            "agreement",
            "max |diff|",
        )
        for col in cols:
            table.add_column(
                col, justify="left" if col in {"model", "format", "runtime"} else "right"
            )
        for r in self.rows:
            score = "-" if r["score"] is None else f"{r['score']:.4f}"
            table.add_row(
                r["name"],
                r["format"],
                r["runtime"],
                f"{r['size_bytes']:,}",
                f"{r['params']:,}",
                score,
                f"{r['p50_ms']:.3f}",
                f"{r['agreement']:.3f}",
                f"{r['max_abs_diff']:.3g}",
            )
        return table

    def print(self) -> None:
        """Print the table."""
        import sys

        from rich.console import Console

        Console(width=None if sys.stdout.isatty() else 150).print(self.table())

    def _repr_html_(self) -> str:
        import html

        head = "".join(
            f"<th>{k}</th>"
            for k in ("model", "format", "runtime", "size", self.metric, "p50 ms", "agreement")
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td>{html.escape(str(v))}</td>"
                for v in (
                    r["name"],
                    r["format"],
                    r["runtime"],
                    f"{r['size_bytes']:,}",
                    "-" if r["score"] is None else f"{r['score']:.4f}",
                    f"{r['p50_ms']:.3f}",
                    f"{r['agreement']:.3f}",
                )
            )
            + "</tr>"
            for r in self.rows
        )
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    def plot(self, ax: Any = None, *, y: str | None = None) -> Any:
        """Scatter of size (x, KB) against the score (or latency); returns the matplotlib Axes."""
        import matplotlib.pyplot as plt

        key = y or ("score" if all(r["score"] is not None for r in self.rows) else "p50_ms")
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 4))
        for r in self.rows:
            ax.scatter(r["size_bytes"] / 1000, r[key])
            ax.annotate(
                f"{r['name']} ({r['runtime']})",
                (r["size_bytes"] / 1000, r[key]),
                textcoords="offset points",
                xytext=(4, 4),
                fontsize=8,
            )
        ax.set_xlabel("model size (KB)")
        ax.set_ylabel(self.metric if key == "score" else "p50 latency (ms)")
        ax.grid(alpha=0.3)
        return ax


def _agreement(ref: np.ndarray, pred: np.ndarray) -> float:
    ref, pred = np.asarray(ref), np.asarray(pred)
    if ref.reshape(ref.shape[0], -1).shape[1] > 1:
        return float((predicted_classes(ref) == predicted_classes(pred)).mean())
    return float(np.isclose(ref.reshape(-1), pred.reshape(-1), rtol=1e-2, atol=1e-6).mean())


def compare(
    models: Sequence[Any],
    x: Any,
    y: Any = None,
    *,
    metric: str | Callable[..., float] = "accuracy",
    reference: int = 0,
    runs: int = 50,
    warmup: int = 5,
    runtimes: Sequence[str | None] | None = None,
    layout: str | None = None,
) -> Comparison:
    """Compare models on the same data: size, score, latency, agreement with a reference.

    Args:
        models: Models (or paths/bytes) to compare.
        x: Inputs shared by all models.
        y: Labels/targets; without them the score column is empty.
        metric: As in `sd.evaluate`.
        reference: Index of the model the others are compared against.
        runs: Timed runs per model for the latency column.
        warmup: Untimed runs first.
        runtimes: One runtime per model (``None`` = the model's own).
        layout: The channel order of the images in ``x``, ``"NCHW"`` or
            ``"NHWC"``. Default: the order of the reference model as passed;
            each model gets ``x`` moved to the order it reads, so an ONNX
            model (NCHW) and its TFLite conversion (NHWC) compare on one array.

    Returns:
        A `Comparison` (``.print()``, ``.plot()``, HTML in notebooks).

    Raises:
        InputError: no models, a bad reference index, or mismatched ``runtimes``;
            ``x`` in another channel order than the reference model's, or
            images whose channels, height and width are equal where the
            models read different orders, without ``layout=``.

    Example:
        >>> import numpy as np, scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> x = np.random.default_rng(0).random((16, 4), dtype=np.float32)
        >>> table = sd.compare([tiny_dense_tflite(), tiny_dense_tflite()], x, runs=5)
        >>> [round(r["agreement"], 3) for r in table.rows]
        [1.0, 1.0]
    """
    from ..backends.common.predict import feed_layouts
    from .benchmark import benchmark
    from .evaluate import on_runtime
    from .load import load

    models = list(models)
    if not models:
        raise InputError("compare got no models", fix="pass a list of at least one model")
    if not 0 <= reference < len(models):
        raise InputError(
            f"reference={reference}",
            why=f"there are {len(models)} models",
            fix=f"pass an index from 0 to {len(models) - 1}",
        )
    chosen = list(runtimes) if runtimes is not None else [None] * len(models)
    if len(chosen) != len(models):
        raise InputError(
            f"{len(chosen)} runtimes for {len(models)} models", fix="pass one runtime per model"
        )
    score = resolve_metric(metric) if y is not None else None
    models = [load(m) for m in models]
    targets = [on_runtime(m, r) for m, r in zip(models, chosen, strict=True)]
    given = models[reference].inputs  # x is in the reference model's order
    preds = []
    for t in targets:
        p = t.predict(x, layout=feed_layouts(given, t.inputs, x, layout))
        preds.append(p[0] if isinstance(p, list) else p)
    rows = []
    for t, p in zip(targets, preds, strict=True):
        timing = benchmark(t, runs=runs, warmup=warmup)
        rows.append(
            {
                "name": t.name,
                "format": t.format,
                "runtime": t.backend,
                "size_bytes": t.size_bytes,
                "params": t.param_count,
                "score": None if score is None else score(p, y),
                "p50_ms": timing.p50_ms,
                "agreement": _agreement(preds[reference], p),
                "max_abs_diff": float(
                    np.abs(
                        np.asarray(preds[reference], np.float64) - np.asarray(p, np.float64)
                    ).max()
                ),
            }
        )
    name = metric if isinstance(metric, str) else getattr(metric, "__name__", "score")
    return Comparison(rows, name, targets[reference].name)
