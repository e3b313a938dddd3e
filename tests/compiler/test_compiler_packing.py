"""Lossless weight packing: the Huffman code round-trips, and packed models stay bit-exact."""

from __future__ import annotations

import numpy as np
import pytest

import scaledown as sd
from scaledown.compiler.huffman import MAX_BITS, code_lengths, pack, unpack


def _kraft(lengths: dict[int, int]) -> float:
    return sum(2.0 ** -n for n in lengths.values())


@pytest.mark.parametrize("kind", ["gaussian", "one_value", "two_values", "all_values"])
def test_packing_round_trips(kind):
    rng = np.random.default_rng(1)
    values = {
        "gaussian": np.clip(np.rint(rng.normal(0, 12, 5000)), -128, 127),
        "one_value": np.full(3000, -7),
        "two_values": rng.choice([-128, 127], 3000, p=[0.9, 0.1]),
        "all_values": np.concatenate([np.arange(-128, 128), np.zeros(4000)]),
    }[kind].astype(np.int8)
    packed = pack(values, min_saving=-10**9)
    assert packed is not None
    assert np.array_equal(unpack(packed), values)
    assert sum(packed.counts) == len(packed.symbols) == len(np.unique(values))


def test_code_lengths_stay_within_the_decoder_limit():
    # Fibonacci counts give a Huffman tree as deep as there are symbols (40 here).
    fib = [1, 1]
    while len(fib) < 40:
        fib.append(fib[-1] + fib[-2])
    values = np.repeat(np.arange(40, dtype=np.int8), fib)
    lengths = code_lengths(values)
    assert max(lengths.values()) <= MAX_BITS
    assert _kraft(lengths) <= 1.0  # still a prefix code
    packed = pack(values[::97], min_saving=-10**9)  # every symbol kept, long codes decoded
    assert np.array_equal(unpack(packed), values[::97])


def test_uniform_weights_are_not_packed():
    assert pack(np.arange(-128, 128, dtype=np.int8).repeat(8)) is None


def test_autoencoder_weights_are_packed_and_still_bit_exact(compiled_mlperf):
    from scaledown.compiler.hostcheck import compare_with_tflm

    c = compiled_mlperf["ad01"]
    assert c.result.packed_tensors >= 8 and c.result.packed_saving_bytes > 80_000
    source = (c.folder / "sd_model.c").read_text()
    assert source.count("sd_fully_connected_packed_s8(") == c.result.packed_tensors
    rng = np.random.default_rng(3)
    x = rng.integers(-128, 128, (6, 640), dtype=np.int8)
    report = compare_with_tflm(c.tflite, c.folder, inputs=x)
    assert report.bit_exact, report


def test_pack_weights_false_keeps_the_raw_weights(compiled_mlperf, tmp_path):
    c = compiled_mlperf["ad01"]
    raw = sd.compile(c.tflite, tmp_path / "raw", pack_weights=False)
    text = (tmp_path / "raw" / "sd_model.c").read_text()
    assert raw.packed_tensors == 0 and "sd_fully_connected_packed_s8(" not in text
    assert len(text) > len((c.folder / "sd_model.c").read_text())
    assert raw.arena_bytes == c.result.arena_bytes  # packing never costs arena


@pytest.mark.parametrize("core", ["cortex-m0", "cortex-m4"])
def test_packed_weights_decode_the_same_on_an_emulated_core(compiled_mlperf, core):
    import os

    from scaledown.virtual_board.toolchain import INSTALL_COMMAND, missing_tools

    missing = missing_tools()
    if missing:
        message = f"needs {', '.join(missing)}; install: {INSTALL_COMMAND}"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(message)
        pytest.skip(message)
    result = sd.emulate(compiled_mlperf["ad01"].folder, core=core, count=False)
    assert result.passed, str(result)
