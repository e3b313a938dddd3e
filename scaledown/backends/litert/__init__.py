"""LiteRT (TFLite) backend: reads ``.tflite`` flatbuffers and runs them on LiteRT."""

from ..declaration import Backend, Quantizer, Requirement, Source, Target

DECLARATION = Backend(
    name="litert",
    summary="LiteRT (TFLite): .tflite flatbuffers, run on the LiteRT interpreter",
    loads=("tflite",),
    extensions={".tflite": "tflite"},
    saves=("tflite",),
    suffix=".tflite",
    runtime="litert",
    runs="tflite",
    requires=Requirement("ai_edge_litert", "ai-edge-litert", "litert"),
    detects="load:detects",
    from_bytes=("tflite",),
    result_check="result_check:check",
    verbs=("load", "inspect", "run", "save", "convert", "quantize", "support", "ops"),
    routes={"onnx": "convert:to_onnx", "openvino": "convert:to_openvino"},
    # TensorFlow's TFLite converter quantizes from the source model, never from a .tflite
    quantizer=Quantizer(schemes=("int8", "dynamic", "float16"),
                        starts_from=("keras", "savedmodel", "onnx"), makes="tflite",
                        convert_first=False),
    support_column="litert",
    support_place=1,
    support="support:judge",
    judges=("tflite", "onnx"),
    sources=(Source("tflite", "TFLite", 'sd.load("model.tflite")', row=5),),
    targets=(
        Target("litert-float", "LiteRT float", 'sd.convert(m, to="tflite")', "tflite",
               column=1),
        Target("litert-int8", "LiteRT int8", 'sd.quantize(m, "int8", data=x, runtime="litert")',
               "tflite", column=2, int8=True,
               why_not="a float .tflite file cannot be quantized again: the TFLite converter "
                       "quantizes from the source model"),
    ),
)
