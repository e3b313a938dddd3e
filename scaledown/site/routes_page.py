"""The framework page's table of routes: every source by every target, from the code.

Each cell comes from `scaledown.api.routes.ROUTES`, the registry that
``tests/api/test_routes.py`` runs route by route, so the page
cannot list a route no test exercises. Registered in
:data:`scaledown.site.pipeline.GENERATORS` as ``"framework-routes"``.

Example:
    >>> page = generate(Path("."))[0]
    >>> page.path
    'framework/routes.md'
    >>> "| PyTorch |" in page.content
    True
"""

from __future__ import annotations

from pathlib import Path

from ..api.routes import LOAD_CALL, NO_ROUTE, ROUTES, SOURCES, TARGETS
from ..vocabulary.generated import GeneratedFile

NAMES = {"keras": "Keras", "savedmodel": "SavedModel", "onnx": "ONNX", "pytorch": "PyTorch",
         "tflite": "TFLite", "openvino": "OpenVINO IR", "c": "C99"}

INTRO = """# From any framework to the microcontroller

Whatever framework you trained in, `scaledown` takes the model to every
runtime it knows. Each cell below is a route that the test suite runs
(`tests/api/test_routes.py`); the table is generated from the
same list in `scaledown/api/routes.py`, so it shows only what works today.
Read a cell as "the formats the model passes through"; the call under the
table's header is what you type.

PyTorch models are exported to ONNX with PyTorch's own exporter
(`torch.onnx.export`); ONNX models reach TFLite by being rebuilt as a Keras
model, channels last, and converted with TensorFlow's TFLite converter.
Install PyTorch support with the `torch` extra. The last column is
`sd.compile`: the int8 model as plain C99 with ScaleDown's own kernels, no
TFLite-Micro needed; its test checks the C's output against TFLite-Micro's,
byte for byte.
"""

LAYOUT = """## Channel order: NCHW in, NHWC out

PyTorch and ONNX images are NCHW (batch, channels, height, width). Cameras,
TFLite and every TFLite-Micro example use NHWC (channels last), so a model
converted to TFLite takes **NHWC** input: `model.inputs[0].layout` says
which order a model reads, and `sd.inspect` prints it beside each input.

Data is given in the order of the model you pass. Give an NHWC model NCHW
data and `predict`, `sd.evaluate` and `sd.benchmark` refuse it and say how to
move the axes (`x.transpose(0, 2, 3, 1)`), or pass `layout="NCHW"` and
scaledown moves them. When scaledown converts for you, it moves them for you:
`sd.evaluate(onnx_model, x_nchw, y, runtime="litert")` and
`sd.benchmark(onnx_model, runtime="all", x=x_nchw)` take the ONNX model's
NCHW data, and `sd.quantize` takes calibration data in the layout of the model
you quantize. `sd.compare([onnx_model, tflite_model], x)` takes `x` in the
reference model's order and feeds each model its own. One case has no
answer in the shape: an image with as many channels as rows and columns
(3 x 3 x 3) reads the same both ways, so where two orders meet scaledown asks
for `layout=` instead of guessing. `sd.export` and `sd.emulate` refuse an
NCHW sample for an NHWC model, whose bytes would otherwise pass unnoticed.
"""


def table() -> str:
    """The Markdown table of sources (rows) by targets (columns).

    Example:
        >>> print(table().splitlines()[0].replace(" | ", "|"))
        | From|Load with|LiteRT float|LiteRT int8|ONNX Runtime|OpenVINO|TFLite-Micro|Compiled C |
    """
    cells = {(r.source, r.target): " → ".join(NAMES[f] for f in r.via)
             + (" int8" if r.target in ("litert-int8", "tflm") and r.source != "tflite" else "")
             for r in ROUTES}
    head = "| From | Load with | " + " | ".join(TARGETS.values()) + " |"
    calls = {r.target: r.call for r in ROUTES if r.source == "keras"}
    lines = [head, "| --- " * (len(TARGETS) + 2) + "|",
             "| *call* | | " + " | ".join(f"`{calls[t]}`" for t in TARGETS) + " |"]
    for s, label in SOURCES.items():
        row = [cells.get((s, t)) or f"no route: {NO_ROUTE[(s, t)]}" for t in TARGETS]
        lines.append(f"| {label} | `{LOAD_CALL[s]}` | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def generate(root: Path) -> list[GeneratedFile]:
    """The page ``framework/routes.md`` (``root`` is unused: the table comes from code)."""
    return [GeneratedFile("framework/routes.md", f"{INTRO}\n{table()}\n{LAYOUT}")]
