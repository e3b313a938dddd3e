"""ONNX Runtime backend: reads ``.onnx`` files and runs them on the CPU execution provider."""

from ..declaration import Backend, Quantizer, Requirement, Source, Target

DECLARATION = Backend(
    name="onnxruntime",
    summary="ONNX Runtime: .onnx files, run on its CPU execution provider",
    loads=("onnx",),
    extensions={".onnx": "onnx"},
    saves=("onnx",),
    suffix=".onnx",
    runtime="onnxruntime",
    runs="onnx",
    requires=Requirement("onnxruntime", "onnxruntime", "onnx"),
    detects="load:detects",
    objects=("onnx.ModelProto",),
    from_bytes=("onnx",),
    result_check="result_check:check",
    verbs=("load", "inspect", "run", "save", "quantize", "support"),
    # each route has its own module; ONNX -> TFLite rebuilds the graph in Keras first
    routes={"openvino": "to_openvino:to_openvino", "tflite": "to_tflite:to_tflite"},
    passes_through={"onnx->tflite": ("keras",)},
    quantizer=Quantizer(schemes=("int8", "dynamic", "float16"), starts_from=("onnx",),
                        makes="onnx"),
    support_column="onnxruntime",
    support_place=3,
    support="support:judge",
    judges=("tflite", "onnx"),
    sources=(Source("onnx", "ONNX", 'sd.load("model.onnx")', row=3),),
    targets=(Target("onnxruntime", "ONNX Runtime", 'sd.convert(m, to="onnx")', "onnx",
                    column=3),),
)
