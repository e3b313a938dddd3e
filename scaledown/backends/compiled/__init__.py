"""The compiled C target: ``sd.compile`` turns an int8 ``.tflite`` into plain C99.

The compiler itself lives in :mod:`scaledown.compiler` (read, lower, plan,
write C); this folder declares the target and holds its ``compile`` verb
(:mod:`.compile`), the one place ``sd.compile``, ``sd.fit``'s compiled
figures and the framework page's routes table reach the compiler through.
"""

from ..declaration import Backend, Target

DECLARATION = Backend(
    name="compiled",
    summary="Compiled C: sd.compile writes a full-integer .tflite as C99 with its own kernels",
    saves=("c",),
    verbs=("compile",),
    only={"compile": ("tflite",)},  # the compiler reads full-integer .tflite flatbuffers
    targets=(
        Target("compiled-c", "Compiled C", 'sd.compile(sd.quantize(m, "int8", data=x), dir)',
               "tflite", column=6, int8=True, writes="c",
               why_not="sd.compile takes a full-integer int8 model, and a float .tflite "
                       "file cannot be quantized again"),
    ),
)
