"""Keep TensorFlow's, absl's and LiteRT's log lines off the terminal in CLI runs.

The converters and interpreters write start-up and progress notes from C++
straight to file descriptor 2 (``fully_quantize: 0, ...``, ``I0000 00:00:...``,
``Created TensorFlow Lite XNNPACK delegate``). A learner reads them as errors,
and they bury scaledown's own message. Two layers keep them out:

* :func:`quiet_environment` sets the log-level variables TensorFlow reads at
  import (``TF_CPP_MIN_LOG_LEVEL``), before any command imports it;
* :func:`filtered_stderr` points descriptor 2 at a pipe for the duration of
  a command and forwards every line except the ones :func:`is_noise`
  recognises, so lines the variables do not reach are dropped too, while
  scaledown's messages, warnings and progress bars still get through.

Example:
    >>> is_noise(b"fully_quantize: 0, inference_type: 6, input_inference_type: INT8")
    True
    >>> is_noise(b"error: model file not found: 'x.tflite'")
    False
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
from collections.abc import Iterator

# Each pattern marks the start of a log line that only TensorFlow, absl or LiteRT
# writes. A log line can also land in the middle of one of ours: a spinner frame
# has no newline, so a C++ line written while it shows continues that frame.
NOISE: re.Pattern[bytes] = re.compile(
    rb"|".join(
        rb"(?:%s)" % p
        for p in (
            rb"[IWEF]\d{4} \d\d:\d\d:\d+\.\d+ +\d+ [\w./-]+:\d+\]",  # absl / glog C++
            rb"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: [IWEF] \S+:\d+\]",  # older TF C++ format
            rb"WARNING: All log messages before absl::InitializeLog\(\) is called",
            rb"fully_quantize: \d",
            rb"INFO: (?:Created TensorFlow Lite|Initialized TensorFlow Lite)",
            rb"To enable the following instructions: .*rebuild TensorFlow",
            rb"This TensorFlow binary is optimized",
            rb"oneDNN custom operations are on",
            rb"(?:WARNING|INFO):absl:",
            rb"INFO:tensorflow:",
        )
    )
)
# How a noise line can begin: a partial line (or a write that continues one)
# starting like one of these is held until it ends, so it can be judged; any
# other partial line is passed on at once, so spinners keep drawing
_STARTS: tuple[bytes, ...] = (
    b"I0", b"W0", b"E0", b"F0", b"20", b"WARNING", b"INFO", b"fully_quantize",
    b"To enable", b"This TensorFlow", b"oneDNN",
)

ENVIRONMENT: dict[str, str] = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # TensorFlow C++: errors that matter raise in Python anyway
}


def is_noise(line: bytes) -> bool:
    """True when ``line`` is a log line of TensorFlow, absl or LiteRT.

    Example:
        >>> is_noise(b"I0000 00:00:1796107017.352566    7418 cuda_platform.cc:52] no GPU")
        True
        >>> is_noise(b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.")
        True
    """
    return NOISE.match(line.lstrip(b"\r")) is not None


def strip_noise(line: bytes) -> bytes:
    """``line`` without the log line that starts in it (and the rest of the line).

    Example:
        >>> strip_noise(b"\\r- Quantizing...fully_quantize: 0, inference_type: 6\\n")
        b'\\r- Quantizing...'
        >>> strip_noise(b"kept\\n")
        b'kept\\n'
    """
    found = NOISE.search(line)
    return line if found is None else line[: found.start()]


def quiet_environment() -> None:
    """Set TensorFlow's log-level variables unless the user set them already.

    Example:
        >>> quiet_environment(); os.environ["TF_CPP_MIN_LOG_LEVEL"] in "0123"
        True
    """
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def _may_become_noise(start: bytes) -> bool:
    return any(s.startswith(start) or start.startswith(s) for s in _STARTS)


class _Pump:
    """Copies a pipe to a descriptor line by line, leaving out noise lines."""

    def __init__(self, source: int, target: int) -> None:
        self.source, self.target = source, target
        self.held = b""  # the start of a line not judged yet
        self.at_line_start = True

    def _write(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            os.write(self.target, data)

    def _feed(self, data: bytes) -> None:
        if not self.held and not self.at_line_start and _may_become_noise(data):
            self.at_line_start = True  # a new write continuing a spinner frame: judge it
        data = self.held + data
        self.held = b""
        while data:
            end = data.find(b"\n")
            if end < 0:  # a partial line
                if self.at_line_start and _may_become_noise(data):
                    self.held = data
                else:
                    self._write(data)
                    self.at_line_start = False
                return
            line, data = data[: end + 1], data[end + 1 :]
            kept = strip_noise(line)
            self._write(kept)
            self.at_line_start = kept.endswith(b"\n") or (not kept and self.at_line_start)

    def run(self) -> None:
        while True:
            try:
                chunk = os.read(self.source, 65536)
            except OSError:
                break
            if not chunk:
                break
            self._feed(chunk)
        if self.held:
            self._write(strip_noise(self.held))
        os.close(self.source)


@contextlib.contextmanager
def filtered_stderr() -> Iterator[None]:
    """Drop :func:`is_noise` lines from file descriptor 2 inside the block.

    Everything else written to descriptor 2, from Python or C++, is passed on
    unchanged. When descriptor 2 is a terminal, ``TTY_COMPATIBLE=1`` tells
    rich so inside the block, and its spinners still draw. Without a real
    descriptor 2 (some notebooks) nothing changes.

    Example:
        >>> with filtered_stderr():
        ...     print("still shown", file=sys.stderr)
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    # rich draws spinners only on a terminal: tell it the pipe ends at one when it does
    tty_note = os.isatty(saved) and "TTY_COMPATIBLE" not in os.environ
    if tty_note:
        os.environ["TTY_COMPATIBLE"] = "1"
    read_end, write_end = os.pipe()
    pump = _Pump(read_end, saved)
    thread = threading.Thread(target=pump.run, name="scaledown-stderr-filter", daemon=True)
    os.dup2(write_end, 2)
    os.close(write_end)
    thread.start()
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.flush()
        if tty_note:
            os.environ.pop("TTY_COMPATIBLE", None)
        os.dup2(saved, 2)  # closes the pipe's last write end: the pump sees the end
        thread.join(timeout=10)
        if not thread.is_alive():
            os.close(saved)
