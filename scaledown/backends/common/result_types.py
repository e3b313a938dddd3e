"""The element type names a result check looks for, as each runtime spells them.

Example:
    >>> "i8" in INT8_TYPES, "f16" in HALF_TYPES
    (True, True)
"""

INT8_TYPES: frozenset[str] = frozenset({"int8", "uint8", "i8", "u8"})
"""8-bit integer types (TFLite and ONNX spell them ``int8``, OpenVINO ``i8``)."""
HALF_TYPES: frozenset[str] = frozenset({"float16", "f16"})
"""16-bit float types."""
