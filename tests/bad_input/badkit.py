"""What every bad-input case asserts, and the tiny models the cases feed.

The rule a message must meet (:func:`assert_explains`), kept simple and honest:

* it names what is wrong: at least one of the case's ``names`` (the
  offending argument, flag, file or value) appears in it;
* it says how to fix it: a ``fix:`` line (every scaledown error has one), or
  for a command-line usage error a hint such as "choose from" or "e.g.";
* it is not a backend's message: no traceback, no C++ source locations, no
  internal TensorFlow paths, and no more than 25 lines.

A bare backend message ("Dimension mismatch", "Wire format was corrupt") names
neither the argument nor a fix, so it fails the rule.

:class:`Snapshot` records a folder's files (size, modification time, SHA-256)
so a case can assert that a failed call created, changed and deleted nothing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

FIX_HINTS = re.compile(
    r"(^|\n)\s*fix: \S|choose from|e\.g\.|\buse\b|\btry\b|\bpass\b|\brename\b|\binstall\b|"
    r"\badd\b"
)
BACKEND_MARKERS = re.compile(
    r"Traceback \(most recent call last\)|File \"[^\"]+\", line \d+|\.cc:\d+|\.cpp:\d+|"
    r"std::|tensorflow/core/|absl::|third_party/"
)
MAX_LINES = 25


def assert_explains(message: str, names: Sequence[str]) -> None:
    """Fail unless ``message`` names one of ``names``, gives a fix, and is no backend dump."""
    assert message.strip(), "the message is empty"
    lowered = message.lower()
    assert any(n.lower() in lowered for n in names), (
        f"the message names none of {list(names)}:\n{message}"
    )
    assert FIX_HINTS.search(message), f"the message gives no fix:\n{message}"
    assert not BACKEND_MARKERS.search(message), f"a backend's message leaks through:\n{message}"
    assert len(message.strip().splitlines()) <= MAX_LINES, f"too long:\n{message}"


@dataclass
class Snapshot:
    """Path -> (size, mtime_ns, sha256) of every file under a folder."""

    root: Path
    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    @classmethod
    def take(cls, root: Path) -> Snapshot:
        files = {}
        for path in sorted(root.rglob("*")):
            if path.is_file():
                stat = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                files[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns, digest)
            elif path.is_dir() and not any(path.iterdir()):
                files[str(path.relative_to(root)) + "/"] = (0, 0, "empty folder")
        return cls(root, files)

    def assert_unchanged(self) -> None:
        after = Snapshot.take(self.root).files
        created = sorted(set(after) - set(self.files))
        deleted = sorted(set(self.files) - set(after))
        changed = sorted(k for k in set(after) & set(self.files) if after[k] != self.files[k])
        assert not (created or deleted or changed), (
            f"files touched by a failed call: created {created}, deleted {deleted}, "
            f"changed {changed}"
        )


@dataclass(frozen=True)
class Case:
    """One bad input: what to run, the error type expected, and what the message names.

    ``setup`` prepares the bad input (writes a damaged file, removes one) before
    the folder is snapshotted; ``run`` is the call that must fail cleanly.
    """

    id: str
    run: Callable[[Any], Any]
    error: type[BaseException]
    names: tuple[str, ...]
    setup: Callable[[Any], Any] | None = None


# -- tiny models, built once per test process -----------------------------------


@cache
def tiny_keras():
    """Dense 4 -> 3 (softmax), untrained: enough to reach every argument check."""
    import keras

    keras.utils.set_random_seed(0)
    return keras.Sequential(
        [keras.Input((4,), name="features"), keras.layers.Dense(3, activation="softmax")],
        name="tiny_bad_input",
    )


@cache
def lambda_model():
    """A Keras model with a Lambda layer: Python code that runs on load."""
    import keras

    return keras.Sequential(
        [keras.Input((4,)), keras.layers.Lambda(lambda t: t * 2.0), keras.layers.Dense(2)]
    )


@cache
def calibration() -> np.ndarray:
    return np.random.default_rng(0).random((32, 4), dtype=np.float32)


@cache
def labels() -> np.ndarray:
    return np.arange(32) % 3
