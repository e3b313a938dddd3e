"""The optimization methods that ship with scaledown, each with its paper.

Titles, authors and arXiv identifiers were cross-checked against public references
to each paper before they were written here.

Example:
    >>> JACOB_2018.arxiv, JACOB_2018.year
    ('1712.05877', 2018)
    >>> [m.name for m in BUILTIN if m.paper is HINTON_2015]
    ['knowledge-distillation']
"""

from __future__ import annotations

from ._types import Citation, Method

JACOB_2018 = Citation(
    title=(
        "Quantization and Training of Neural Networks for Efficient "
        "Integer-Arithmetic-Only Inference"
    ),
    authors=(
        "Benoit Jacob", "Skirmantas Kligys", "Bo Chen", "Menglong Zhu", "Matthew Tang",
        "Andrew Howard", "Hartwig Adam", "Dmitry Kalenichenko",
    ),
    year=2018,
    arxiv="1712.05877",
)
KRISHNAMOORTHI_2018 = Citation(
    title="Quantizing deep convolutional networks for efficient inference: A whitepaper",
    authors=("Raghuraman Krishnamoorthi",),
    year=2018,
    arxiv="1806.08342",
)
MICIKEVICIUS_2018 = Citation(
    title="Mixed Precision Training",
    authors=(
        "Paulius Micikevicius", "Sharan Narang", "Jonah Alben", "Gregory Diamos",
        "Erich Elsen", "David Garcia", "Boris Ginsburg", "Michael Houston",
        "Oleksii Kuchaiev", "Ganesh Venkatesh", "Hao Wu",
    ),
    year=2018,
    arxiv="1710.03740",
)
HAN_2015 = Citation(
    title="Learning both Weights and Connections for Efficient Neural Networks",
    authors=("Song Han", "Jeff Pool", "John Tran", "William J. Dally"),
    year=2015,
    arxiv="1506.02626",
)
HAN_2016 = Citation(
    title=(
        "Deep Compression: Compressing Deep Neural Networks with Pruning, "
        "Trained Quantization and Huffman Coding"
    ),
    authors=("Song Han", "Huizi Mao", "William J. Dally"),
    year=2016,
    arxiv="1510.00149",
)
ZHU_GUPTA_2017 = Citation(
    title="To prune, or not to prune: exploring the efficacy of pruning for model compression",
    authors=("Michael Zhu", "Suyog Gupta"),
    year=2017,
    arxiv="1710.01878",
)
HINTON_2015 = Citation(
    title="Distilling the Knowledge in a Neural Network",
    authors=("Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"),
    year=2015,
    arxiv="1503.02531",
)

BUILTIN: tuple[Method, ...] = (
    Method(
        name="int8-ptq",
        kind="quantization",
        summary=(
            "Full-integer post-training quantization: weights and activations become "
            "8-bit integers with a scale and zero point each, calibrated on a few "
            "hundred real inputs. Files shrink to roughly a third or a quarter of the float "
            "size, and the model runs on integer-only microcontrollers."
        ),
        paper=JACOB_2018,
        also_see=(KRISHNAMOORTHI_2018,),
        api='sd.quantize(model, scheme="int8", data=calibration_inputs)',
        runtimes=("litert", "onnxruntime", "openvino"),
    ),
    Method(
        name="dynamic-range",
        kind="quantization",
        summary=(
            "Weights are stored as 8-bit integers; activations stay float (LiteRT and "
            "ONNX Runtime quantize them on the fly, OpenVINO turns the weights back into "
            "floats). No calibration data needed; about 4x smaller weights."
        ),
        paper=KRISHNAMOORTHI_2018,
        api='sd.quantize(model, scheme="dynamic")',
        runtimes=("litert", "onnxruntime", "openvino"),
    ),
    Method(
        name="float16",
        kind="quantization",
        summary=(
            "Weights are stored in IEEE half precision: about half the size with almost "
            "no accuracy change. Speeds up hardware with FP16 arithmetic, such as GPUs."
        ),
        paper=MICIKEVICIUS_2018,
        api='sd.quantize(model, scheme="float16")',
        runtimes=("litert", "onnxruntime", "openvino"),
    ),
    Method(
        name="magnitude-pruning",
        kind="pruning",
        summary=(
            "Weights with the smallest magnitude are set to zero while the model keeps "
            "training, with the target sparsity reached gradually along a polynomial "
            "schedule. Zeros compress well (gzip) and sparse kernels can skip them."
        ),
        paper=ZHU_GUPTA_2017,
        also_see=(HAN_2015, HAN_2016),
        api="sd.prune(model, sparsity=0.5, data=(x, y), epochs=2)",
    ),
    Method(
        name="knowledge-distillation",
        kind="distillation",
        summary=(
            "A small student model learns from a big teacher's softened output "
            "probabilities (temperature T) as well as from the true labels."
        ),
        paper=HINTON_2015,
        api="sd.distill(teacher, student, data=(x, y), temperature=4.0, alpha=0.1)",
    ),
)
