"""TFLite-Micro asked directly, with no scaledown code: what the arena tests compare with."""

from __future__ import annotations

import os
import re
import tempfile


def tflm_reported_total(data: bytes, arena: int = 8 * 1024 * 1024) -> int:
    """Ask tflite_micro directly (no scaledown code) what arena it used."""
    from tflite_micro.python.tflite_micro import runtime

    interpreter = runtime.Interpreter.from_bytes(data, arena_size=arena)
    with tempfile.TemporaryFile() as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            interpreter.print_allocations()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        sink.seek(0)
        text = sink.read().decode()
    return int(re.search(r"Arena allocation total (\d+) bytes", text).group(1))
