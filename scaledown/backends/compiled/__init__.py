"""The compiled C target: ``sd.compile`` turns an int8 ``.tflite`` into plain C99.

The compiler itself lives in :mod:`scaledown.compiler` (read, lower, plan,
write C) and :mod:`scaledown.api.compile`; this folder only declares the
target, so the registry, ``sd.compile``'s checks and the framework page's
routes table know it like any other.
"""

from ..declaration import Backend, Target

DECLARATION = Backend(
    name="compiled",
    summary="Compiled C: sd.compile writes a full-integer .tflite as C99 with its own kernels",
    saves=("c",),
    targets=(
        Target("compiled-c", "Compiled C", 'sd.compile(sd.quantize(m, "int8", data=x), dir)',
               "tflite", column=6, int8=True, writes="c",
               why_not="sd.compile takes a full-integer int8 model, and a float .tflite "
                       "file cannot be quantized again"),
    ),
)
