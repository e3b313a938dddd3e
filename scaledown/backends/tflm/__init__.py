"""The TFLite-Micro backend: run a ``.tflite`` model in the TFLM interpreter on the host.

TFLite-Micro (TFLM) is the interpreter that runs models on microcontrollers.
The ``tflite-micro`` package ships the same C++ interpreter compiled for the
host, so we can ask it, without a board, the one question that decides
whether a model fits: how big must the tensor arena be?

* :mod:`.arena` allocates the model in TFLM and reads TFLM's own arena report.
* :mod:`.ops` says which ops TFLM can run and maps each to its
  ``MicroMutableOpResolver`` method for the firmware export.
* :mod:`.support` fills ``sd.inspect``'s ``tflm`` column from that table.

Nothing here imports TensorFlow; ``tflite_micro`` is imported on first use.
"""

from ..declaration import Backend, Requirement, Target

DECLARATION = Backend(
    name="tflm",
    summary="TFLite-Micro: the microcontroller interpreter, run on the host for sd.fit",
    requires=Requirement("tflite_micro", "tflite-micro", "tflm"),
    verbs=("arena", "ops", "support"),
    support_column="tflm",
    support_place=2,
    support="support:judge",  # a table of kernels: needs no runtime, so no judges=
    support_note="tflm column: kernels in TFLite-Micro's MicroMutableOpResolver "
                 "(table in scaledown.backends.tflm.ops)",
    targets=(
        Target("tflm", "TFLite-Micro",
               "sd.fit(sd.quantize(m, data=x), device=...); sd.export(..., \"c\", dir)",
               "tflite", column=5,
               same_format_call='sd.fit(m, device=..., allow_float=True); '
                                'sd.export(m, "c", dir)'),
    ),
)
