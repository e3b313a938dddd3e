"""The fit matrix page and the "models that fit" section of each device page.

Models: the int8 MLPerf Tiny models that ship with the package
(:func:`scaledown.datasets.mlperf_tiny`) and the models the tutorials save to
``<repo>/.scaledown-cache/tutorial-models/*.tflite`` (when the tutorials have
run). Boards: the hardware catalogue. Every figure is measured or estimated
by :func:`scaledown.api.fit.analyse` when the site is built; nothing here is
typed in by hand. Each model is measured once per build (cached by path,
size and modification time).

No MkDocs import: this module only returns Markdown.

Example:
    >>> from pathlib import Path
    >>> [m.label for m in site_models(Path("/nonexistent"))]
    ['KWS DS-CNN', 'IC ResNet-8', 'AD autoencoder']
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..errors import ScaleDownError
from ..vocabulary.generated import GeneratedFile
from .escape import markdown_text, markdown_url

PAGE = "hardware/fit-matrix.md"
# (task, label, origin) of the shipped MLPerf Tiny int8 models, in page order.
_MLPERF = (
    ("kws", "KWS DS-CNN", "MLPerf Tiny keyword spotting (int8)"),
    ("ic", "IC ResNet-8", "MLPerf Tiny image classification, CIFAR-10 (int8)"),
    ("ad", "AD autoencoder", "MLPerf Tiny anomaly detection, fully connected (int8)"),
)


@dataclass(frozen=True)
class SiteModel:
    """A model shown on the site: where it is, what to call it, where it comes from."""

    path: Path
    label: str
    origin: str  # Markdown: a link to the tutorial, or the MLPerf Tiny note
    tutorial: str | None = None  # the tutorial's slug, when a tutorial saved it

    def link(self, up: str) -> str:
        """The label, linked to its tutorial from a page ``up`` (e.g. ``"../"``) below the root."""
        if self.tutorial:
            return f"[{markdown_text(self.label)}]({up}learn/tutorials/{self.tutorial}.md)"
        return markdown_text(self.label)


def _tutorial_slugs(root: Path) -> list[str]:
    try:
        from ..tutorials.metadata import slug_and_order, tutorial_sources
    except ImportError:  # the tutorials part is optional
        return []
    try:
        sources = tutorial_sources(Path(root))
    except (OSError, ScaleDownError):
        return []
    named = (slug_and_order(p) for p in sources)
    return sorted((n[0] for n in named if n), key=len, reverse=True)


def site_models(root: Path) -> list[SiteModel]:
    """The models the fit pages show, MLPerf Tiny first, then the tutorials' models."""
    from ..datasets.mlperf_tiny import mlperf_tiny

    models = [SiteModel(mlperf_tiny(task), label, origin) for task, label, origin in _MLPERF]
    cache = Path(root) / ".scaledown-cache" / "tutorial-models"
    slugs = _tutorial_slugs(root)
    for path in sorted(cache.glob("*.tflite")) if cache.is_dir() else []:
        slug = next((s for s in slugs if path.stem.startswith(f"{s}-")), None)
        origin = f"[tutorial](../learn/tutorials/{slug}.md)" if slug else "a tutorial"
        models.append(SiteModel(path, path.stem, origin, slug))
    return models


def _analysis(path: str, probe=None):  # an Analysis, or the error text
    from ..api.fit import analyse

    try:
        return analyse(Path(path)) if probe is None else analyse(Path(path), probe=probe)
    except ScaleDownError as exc:
        return exc.what


def _analyse_together(keys: list[tuple[str, int, int]]) -> list:
    """Analyses of several model files, their TFLite-Micro arenas probed in one worker."""
    from ..backends.tflm.arena import probe_arena, probe_arenas

    datas = []
    for path, _, _ in keys:
        try:
            datas.append(Path(path).read_bytes())
        except OSError:
            datas.append(b"")
    try:
        reports = probe_arenas(datas)
    except OSError:
        reports = [None] * len(keys)

    def probe_with(data: bytes, report):
        def probe(tflite: bytes, **options):
            # the batch's figures for the same bytes; anything else (an error, with its
            # message naming the model) is probed alone, as sd.fit would
            if report is not None and bytes(tflite) == data and "max_arena" not in options:
                return report
            return probe_arena(tflite, **options)
        return probe

    return [_analysis(key[0], probe_with(data, report))
            for key, data, report in zip(keys, datas, reports, strict=True)]


# Each model is measured once per version of its file (path, size, modification time).
# Measuring is mostly starting TFLite-Micro's probe process, so every model still to be
# measured is handed to one probe process, in a background thread, as early as possible
# (start_analyses); the device pages and the fit matrix wait only for what is not done.
_ANALYSES: dict[tuple[str, int, int], Future] = {}
_ANALYSES_LOCK = threading.Lock()
_POOL: list[ThreadPoolExecutor] = []


def _futures(models: list[SiteModel]) -> list[Future]:
    keys = []
    for model in models:
        stat = model.path.stat()
        keys.append((str(model.path), stat.st_size, stat.st_mtime_ns))
    with _ANALYSES_LOCK:
        todo = [key for key in dict.fromkeys(keys) if key not in _ANALYSES]
        if todo:
            if not _POOL:
                _POOL.append(ThreadPoolExecutor(max_workers=2, thread_name_prefix="scaledown-fit"))
            while len(_ANALYSES) + len(todo) > 64 and _ANALYSES:  # models replaced while serving
                _ANALYSES.pop(next(iter(_ANALYSES)))
            for key in todo:
                _ANALYSES[key] = Future()
            _POOL[0].submit(_fill, todo, [_ANALYSES[key] for key in todo])
        return [_ANALYSES[key] for key in keys]


def _fill(keys: list[tuple[str, int, int]], futures: list[Future]) -> None:
    try:
        results = _analyse_together(keys)
    except BaseException as exc:  # reaches the page that waits for it
        with _ANALYSES_LOCK:  # and is not kept: the next build tries again
            for key, future in zip(keys, futures, strict=True):
                if _ANALYSES.get(key) is future:
                    del _ANALYSES[key]
        for future in futures:
            future.set_exception(exc)
        return
    for future, result in zip(futures, results, strict=True):
        future.set_result(result)


def start_analyses(root: Path) -> None:
    """Start measuring every model the fit pages show, in the background; return at once.

    The device pages and the fit matrix then wait only for what is not done yet.

    Example:
        >>> start_analyses(Path("/nonexistent"))  # the shipped MLPerf Tiny models
        >>> [type(a).__name__ for a in _analyse_all(site_models(Path("/nonexistent")))]
        ['Analysis', 'Analysis', 'Analysis']
    """
    _futures(site_models(Path(root)))


def _analyse_all(models: list[SiteModel]) -> list:
    return [future.result() for future in _futures(models)]


def _boards(root: Path) -> list:
    """The catalogue's devices (every page asks; load_catalogue keeps them per version)."""
    from ..hardware.catalogue import load_catalogue
    from ..hardware.location import catalogue_dir

    folder = catalogue_dir(root)
    if not folder.is_dir():
        return []
    try:
        return list(load_catalogue(folder).devices.values())
    except (OSError, ScaleDownError):
        return []


def _measured(report) -> str:
    """The measured latency (hardware) or instruction count (emulated) beside the estimate."""
    from ..measurements.match import matching

    found = matching(None, report.device.id, getattr(report.analysis, "sha256", None))
    hardware = [r for r in found if not r["emulated"] and r.get("latency_ms")]
    if hardware:
        return f"; measured {hardware[0]['latency_ms']:,.3g} ms on hardware"
    emulated = [r for r in found if r["emulated"] and r.get("instructions")]
    if emulated:
        return f"; emulated: {emulated[0]['instructions']:,} instructions (not a time)"
    return ""


def _cell(report) -> str:
    if report.blocked:
        return "needs int8" if report.analysis.is_float else "op unsupported"
    if report.fits is None:
        return "figures missing"
    if report.fits is False:
        over = [c.name for c in (report.ram, report.flash) if c.status == "too big"]
        return "too big (" + ", ".join(over) + ")" if over else "too slow"
    ms = f", {_ms(report.latency.ms)}" if report.latency else ""
    if report.latency and report.latency.borrowed:
        ms += "\\*"  # a literal asterisk in Markdown: borrowed calibration
    tight = " (tight)" if "tight" in (report.ram.status, report.flash.status) else ""
    return f"**fits**{tight}{ms}{_measured(report)}"


def _kib(n: int | None) -> str:
    """Bytes for a table: KiB, or MiB/GiB for Linux-board memory.

    Example:
        >>> _kib(24272), _kib(4 * 1024**3), _kib(None)
        ('23.7 KiB', '4 GiB', '-')
    """
    if n is None:
        return "-"
    if n >= 1024**3:
        return f"{n / 1024**3:,.3g} GiB"
    if n >= 16 * 1024**2:
        return f"{n / 1024**2:,.3g} MiB"
    return f"{n / 1024:,.1f} KiB"


def _ms(ms: float) -> str:
    return f"~{ms:,.1f} ms" if ms < 10 else f"~{ms:,.0f} ms"


def _models_table(models: list[SiteModel], analyses: list) -> str:
    rows = ["| Model | From | File | TFLM arena (host) | 32-bit estimate | MACs | Ops |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for model, a in zip(models, analyses, strict=True):
        if isinstance(a, str):
            rows.append(f"| {markdown_text(model.label)} | {model.origin} | - | "
                        f"cannot measure: {markdown_text(a)} | | | |")
            continue
        macs = sum(op.macs for op in a.ops)
        ops = markdown_text(", ".join(sorted({op.name for op in a.ops})))
        arena = a.arena.required_bytes if a.arena else None
        est32 = a.arena32.total_bytes if a.arena32 else None
        rows.append(f"| {markdown_text(model.label)} | {model.origin} | {_kib(a.model_bytes)} "
                    f"| {_kib(arena)} "
                    f"| {_kib(est32)} | {macs / 1e6:.2f} M | {ops} |")
    return "\n".join(rows)


def _method_section() -> str:
    from ..estimates.flash import FRAMEWORK_BYTES, KERNEL_BYTES
    from ..estimates.latency import MLPERF_TINY_V05, calibrate, estimate_from_macs

    calib = calibrate(MLPERF_TINY_V05)
    rows = ["| Task | Published (Cortex-M4F, 120 MHz) | MACs | Cycles per MAC | Our estimate | "
            "Ratio |", "| --- | --- | --- | --- | --- | --- |"]
    for ref in MLPERF_TINY_V05:
        est = estimate_from_macs(int(ref.macs), core=ref.core, clock_mhz=ref.clock_mhz,
                                 op_class=ref.op_class, calibration=calib)
        rows.append(f"| {ref.task.upper()} | {ref.latency_ms:g} ms | {ref.macs / 1e6:g} M | "
                    f"{ref.cycles_per_mac:.2f} | {est.ms:.1f} ms | {est.ms / ref.latency_ms:.2f} |")
    table = "\n".join(rows)
    fw, conv = FRAMEWORK_BYTES, KERNEL_BYTES["CONV_2D"]
    small = min(KERNEL_BYTES, key=KERNEL_BYTES.__getitem__)
    big = max(KERNEL_BYTES, key=KERNEL_BYTES.__getitem__)
    return f"""## How the figures are made

**RAM** is measured, not estimated: each model is allocated in the TFLite-Micro
interpreter (the `tflite-micro` package) on the machine that builds this site,
and the figure is the tensor arena TFLite-Micro itself reports, or the smallest
arena it accepts if that is larger. This machine is 64-bit; on a 32-bit
microcontroller TFLite-Micro's tensor and node structs hold 4-byte pointers, so
the arena is a little smaller (the "32-bit estimate" column; the struct layouts
come from TFLite-Micro's `common.h` and `micro_allocator.h`). That estimate is
an upper bound: against a 32-bit build of TFLite-Micro run on the MLPerf Tiny
models it came out 1 to 16 % high. Verdicts use the larger, host figure.

**Flash** is the model file plus TFLite-Micro's interpreter plus the kernels of
exactly the ops the model uses. The code sizes were measured by linking
TFLite-Micro's reference kernels for an Arm Cortex-M4 (`arm-none-eabi-g++ -Os`,
unused code removed): {fw:,} bytes for the interpreter, and per op from
{KERNEL_BYTES[small]:,} bytes ({small}) to {KERNEL_BYTES[big]:,} bytes ({big}); CONV_2D
takes {conv:,}. Optimized kernel libraries such as
CMSIS-NN, other cores and other compilers give other sizes, and helpers shared
by several kernels are counted once per op, so a model's total leans high.

**Compiled C**: each device page also shows the model compiled to plain C with
`sd.compile` (no TFLite-Micro on the board), for that board's core. Where the
core is one the virtual board emulates (Cortex-M0, M3, M4, M7, M33, M55), the
flash is read from the linked firmware file and the RAM is the planned arena
plus the stack high-water mark measured on the emulated core; elsewhere both
are estimates (the constants counted by the compiler, the code the largest we
measured on Arm builds, the stack left out). The ratio beside the flash is
against the TFLite-Micro figure above.

**Latency** is an estimate: multiply-accumulates per op class times cycles per
MAC, divided by the clock. The cycles per MAC come from the MLPerf Tiny v0.5
reference results (TFLite-Micro on an ST NUCLEO-L4R5ZI, Cortex-M4F at
120 MHz): the anomaly-detection model (fully connected) calibrates dense layers
at {calib['fc']:.2f} cycles per MAC, the three convolutional networks together
calibrate convolutions at {calib['conv']:.2f}. How close that comes to each
published figure (AD is the dense layers' only calibration point, so its ratio
is 1 by construction; the three convolutional tasks share one constant, so
their spread shows the error to expect):

{table}

The Cortex-M7 figures come from MLPerf Tiny v1.1 results with vendor kernels on
an ST NUCLEO-H7A3ZI-Q at 280 MHz (faster kernels than TFLite-Micro's, so M7
estimates lean optimistic). Other microcontroller cores borrow the Cortex-M4F
figures and are marked unconfirmed. Linux boards get no latency estimate.

Check a model of your own from the command line:

```bash
scaledown fit my_model.tflite --device arduino-nano-33-ble-sense-rev2
scaledown fit my_model.tflite            # rank every board
```
"""


def generate(root: Path) -> list[GeneratedFile]:
    """The fit matrix page: boards down, models across."""
    root = Path(root)
    models = site_models(root)
    intro = (
        "# Will it fit? The fit matrix\n\n"
        "Which model runs on which board of the library, with the RAM TFLite-Micro "
        "measures, the flash it needs and an estimated latency. Linux boards run the "
        "model with LiteRT instead of TFLite-Micro.\n\n"
    )
    from ..api.fit import evaluate

    analyses = _analyse_all(models)
    boards = _boards(root)
    head = "| Board | " + " | ".join(m.link("../") for m in models) + " |"
    rows = [head, "|" + " --- |" * (len(models) + 1)]
    for board in boards:
        cells = []
        for a in analyses:
            if isinstance(a, str) or board.sram_kb is None:
                cells.append("-")
            else:
                cells.append(_cell(evaluate(a, board, suggest_boards=False)))
        rows.append(f"| [{markdown_text(board.name)}]({markdown_url(f'devices/{board.id}.md')}) | "
                    + " | ".join(cells) + " |")
    legend = ("\n\n*fits*: RAM and flash both fit (latency: the estimate explained below); "
              "*tight*: under 10 % left for the rest of the firmware; *needs int8*: a float "
              "model on a microcontroller; *-*: the catalogue has no RAM figure for the board; "
              "a latency marked \\* uses a **borrowed calibration**: the board's core has no "
              "published figure of its own, so the Cortex-M4F's cycles per MAC are scaled by "
              "clock, and it may rank a slower core ahead of a faster one.")
    body = ("\n".join(rows) + legend + "\n\n## The models\n\n"
            + _models_table(models, analyses) + "\n\n")
    return [GeneratedFile(PAGE, intro + body + _method_section())]


def device_fit_section(root: Path, device_id: str) -> str:
    """Markdown "Models that fit" section for one device page ('' when nothing to show).

    Example:
        >>> device_fit_section(Path("/nonexistent"), "sparkfun-edge")
        ''
    """
    root = Path(root)
    models = site_models(root)
    board = next((b for b in _boards(root) if b.id == device_id), None)
    if not models or board is None:
        return ""
    from ..api.fit import evaluate

    rows = ["| Model | Verdict | RAM | Flash | Latency (estimate) | Compiled C (sd.compile) |",
            "| --- | --- | --- | --- | --- | --- |"]
    for model, a in zip(models, _analyse_all(models), strict=True):
        if isinstance(a, str):
            rows.append(f"| {model.link('../../')} | cannot measure | | | | |")
            continue
        if board.sram_kb is None:
            return ""
        r = evaluate(a, board, suggest_boards=False)
        ms = "-"
        if r.latency and not r.blocked:
            basis = ("borrowed calibration: Cortex-M4F figures scaled by clock"
                     if r.latency.borrowed else r.latency.basis)
            ms = f"{_ms(r.latency.ms)} ({basis})"
        flash = (f"{_kib(r.flash.needed)} of {_kib(r.flash.available)}"
                 if r.flash.available else f"{_kib(r.flash.needed)} model file")
        rows.append(f"| {model.link('../../')} | {_cell(r)} | {_kib(r.ram.needed)} of "
                    f"{_kib(r.ram.available)} | {flash} | {ms} | {_compiled_cell(r, root)} |")
    return (
        "## Models that fit\n\n"
        "Measured with TFLite-Micro when the site was built; the last column is the same "
        "model compiled to plain C with `sd.compile` for this board's core (*exact*: read "
        "from the firmware file and measured on the emulated core; *estimated*: no emulated "
        "core or toolchain). See the [fit matrix](../fit-matrix.md) for how the figures "
        "are made.\n\n" + "\n".join(rows) + "\n"
    )


#: Where the site keeps the compiled models' measured figures between builds.
COMPILED_CACHE = Path(".scaledown-cache") / "compiled-fit"


def _compiled_cell(report, root: Path) -> str:
    """Flash and RAM of the model compiled with sd.compile for the board's core, or why not."""
    from ..api.fit_compiled import CompiledFigures, compiled_figures

    figures = compiled_figures(report, cache_folder=Path(root) / COMPILED_CACHE)
    if figures is None:
        return "-"
    if not isinstance(figures, CompiledFigures):
        return "does not compile"
    kind = f"exact, {figures.core}" if figures.exact else "estimated"
    ram = _kib(figures.ram_bytes) + ("" if figures.stack_bytes is not None else " + stack")
    return (f"flash {_kib(figures.flash_bytes)} ({figures.flash_vs_tflm:.2f}x), "
            f"RAM {ram} ({kind})")
