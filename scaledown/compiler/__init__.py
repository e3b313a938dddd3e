"""sd.compile: a full-integer int8 .tflite model turned into a self-contained C99 library.

The modules, in the order a model goes through them: :mod:`.graph` reads the
flatbuffer; :mod:`.support` checks the model as a whole (int8, one input and
one output); :mod:`.lower` picks a kernel call per operator (parameters from
:mod:`.quantization`), giving a :mod:`.program`; :mod:`.plan` places the
activations in one arena; :mod:`.codegen` writes the C files; ``kernels/``
holds the C kernel library copied beside them; and :mod:`.hostcheck` builds
the result with the host C compiler and compares it with TFLite-Micro.
:mod:`.tiny` builds small int8 models for examples and tests.
"""
