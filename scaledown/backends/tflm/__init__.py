"""The TFLite-Micro backend: run a ``.tflite`` model in the TFLM interpreter on the host.

TFLite-Micro (TFLM) is the interpreter that runs models on microcontrollers.
The ``tflite-micro`` package ships the same C++ interpreter compiled for the
host, so we can ask it, without a board, the one question that decides
whether a model fits: how big must the tensor arena be?

* :mod:`.arena` allocates the model in TFLM and reads TFLM's own arena report.
* :mod:`.ops` says which ops TFLM can run and maps each to its
  ``MicroMutableOpResolver`` method for the firmware export.

Nothing here imports TensorFlow; ``tflite_micro`` is imported on first use.
"""
