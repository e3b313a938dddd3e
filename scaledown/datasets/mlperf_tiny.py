"""The MLPerf Tiny reference models that ship inside the package.

Three tasks from MLCommons' MLPerf Tiny benchmark, each as the pretrained
model MLCommons published (Apache-2.0; provenance, checksums and the licence
are in the ``mlperf_tiny/`` folder beside this module):

* ``"kws"``: keyword spotting, a DS-CNN (int8 only);
* ``"ic"``: image classification on CIFAR-10, ResNet-8;
* ``"ad"``: anomaly detection on ToyADMOS, a fully connected autoencoder.

:func:`mlperf_tiny` returns the path of one file, so every test, tutorial,
review and page reads the same copy and nothing is downloaded.

Example:
    >>> from scaledown.datasets import mlperf_tiny
    >>> mlperf_tiny("kws").name
    'kws_ref_model.tflite'
    >>> mlperf_tiny("ic", "float").name
    'pretrainedResnet.tflite'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

FOLDER = Path(__file__).with_name("mlperf_tiny")

# task -> variant -> file name, as MLCommons named them.
FILES: dict[str, dict[str, str]] = {
    "kws": {"int8": "kws_ref_model.tflite"},
    "ic": {"int8": "pretrainedResnet_quant.tflite", "float": "pretrainedResnet.tflite",
           "keras": "pretrainedResnet.h5"},
    "ad": {"int8": "ad01_int8.tflite", "float": "ad01_fp32.tflite", "keras": "ad01.h5"},
}
# Other names a learner may reach for first.
ALIASES = {"keyword-spotting": "kws", "ds-cnn": "kws", "resnet8": "ic", "resnet-8": "ic",
           "image-classification": "ic", "ad01": "ad", "anomaly-detection": "ad"}


@dataclass(frozen=True, kw_only=True)
class PublishedResult:
    """One row of the MLPerf Tiny v0.5 reference submission.

    Measured with TensorFlow Lite Micro on an ST NUCLEO-L4R5ZI (Arm
    Cortex-M4F, 120 MHz); results repository ``mlcommons/tiny_results_v0.5``.
    """

    task: str
    #: Median latency of one inference on the reference board, in milliseconds.
    median_latency_ms: float
    #: The quality figure as published, with its metric.
    quality: str
    #: Multiply-accumulates of the reference Keras model.
    macs: float


PUBLISHED_V05: dict[str, PublishedResult] = {
    "kws": PublishedResult(task="kws", median_latency_ms=181.9, quality="90.1 % top-1",
                           macs=2.66e6),
    "ic": PublishedResult(task="ic", median_latency_ms=704.2, quality="86.5 % top-1",
                          macs=12.5e6),
    "ad": PublishedResult(task="ad", median_latency_ms=10.05, quality="AUC 0.85 target",
                          macs=0.264e6),
}


def mlperf_tiny(task: str, variant: str = "int8") -> Path:
    """The path of one MLPerf Tiny reference model shipped with scaledown.

    Args:
        task: ``"kws"``, ``"ic"`` or ``"ad"`` (also ``"resnet8"``, ``"ad01"``, ...).
        variant: ``"int8"`` (a full-integer ``.tflite``), ``"float"`` (a float32
            ``.tflite``) or ``"keras"`` (the float Keras ``.h5``). KWS ships as int8 only.

    Returns:
        The file's path inside the installed package; pass it to ``sd.load``.

    Raises:
        InputError: for an unknown task or a variant that task does not have.

    Example:
        >>> import scaledown as sd
        >>> sd.datasets.mlperf_tiny("ad", "int8").exists()
        True
    """
    key = ALIASES.get(str(task).strip().lower(), str(task).strip().lower())
    if key not in FILES:
        raise InputError(f"mlperf_tiny(task={task!r}): no such MLPerf Tiny task",
                         why="the package ships the keyword spotting, image classification "
                             "and anomaly detection models",
                         fix=f"use task= one of {', '.join(repr(t) for t in FILES)}")
    variants = FILES[key]
    if variant not in variants:
        raise InputError(f"mlperf_tiny({key!r}, variant={variant!r}): that variant does not ship",
                         why=f"task {key!r} comes as {', '.join(repr(v) for v in variants)}",
                         fix=f"use variant= one of {', '.join(repr(v) for v in variants)}")
    return FOLDER / variants[variant]


def all_files() -> list[Path]:
    """Every shipped model file, in a stable order.

    Example:
        >>> len(all_files())
        7
    """
    return [FOLDER / name for task in FILES.values() for name in task.values()]
