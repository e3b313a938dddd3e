"""sd.compile: a full-integer int8 .tflite model turned into a self-contained C99 library.

The modules, in the order a model goes through them: :mod:`.graph` reads the
flatbuffer, :mod:`.lower` checks it and picks a kernel call per operator
(parameters from :mod:`.quantization`), :mod:`.plan` places activations in one
arena, :mod:`.codegen` writes the C files, :mod:`.kernels` holds the C kernel
library copied beside them, and :mod:`.hostcheck` builds the result with the
host C compiler and compares it with TFLite-Micro.
"""
