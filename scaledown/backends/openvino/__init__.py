"""OpenVINO backend: reads OpenVINO IR (``.xml`` + ``.bin``) and runs models on the CPU plugin.

IR is an end point: scaledown converts to it, not from it, so there is no ``convert.py``.
"""

from ..declaration import Backend, Quantizer, Requirement, Target

DECLARATION = Backend(
    name="openvino",
    summary="OpenVINO: IR files (.xml + .bin), run on its CPU plugin",
    loads=("openvino",),
    extensions={".xml": "openvino"},
    saves=("openvino",),
    suffix=".xml",
    runtime="openvino",
    runs="openvino",
    requires=Requirement("openvino", "openvino", "openvino"),
    detects="load:detects",
    objects=("openvino.Model",),
    result_check="result_check:check",
    verbs=("load", "inspect", "run", "save", "quantize", "support"),  # IR is an end point
    quantizer=Quantizer(schemes=("int8", "dynamic", "float16"), starts_from=("openvino",),
                        makes="openvino"),
    support_column="openvino",
    support_place=4,
    support="support:judge",
    judges=("tflite", "onnx"),
    targets=(Target("openvino", "OpenVINO", 'sd.convert(m, to="openvino")', "openvino",
                    column=4),),
)
