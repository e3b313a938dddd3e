"""The one line the board harness prints: its format, version ``v1``, defined here once.

The harness (``harness/sd_harness.c``) prints it over semihosting on the
virtual board, and a firmware project's application prints the same line over
its serial port; both write it with the one C writer
``harness/sd_result_line.c``. Anything that reads board output parses it with
:func:`parse`.

Format: space-separated ``key=value`` words after the tag ``SDRESULT v1``;
values hold no spaces. The keys, in this order:

========== ==============================================================
model      ``sd_model_name`` (spaces and ``=`` turned into ``_``)
sha256     SHA-256 of the output bytes, 64 lowercase hex digits
core       the core the image was built for (``cortex-m4``)
status     ``PASS`` (output equals the host's), ``FAIL`` (it differs) or
           ``ERROR`` (``sd_model_invoke`` returned non-zero)
instr      instructions executed by ``sd_model_invoke``, or ``na`` when the
           board cannot count them (QEMU cannot: Unicorn counts them)
cycles     core clock cycles of ``sd_model_invoke``, or ``na``
stack      stack high-water mark in bytes, from the top of the stack (painted
           before ``sd_model_invoke``, scanned after it; the harness's own
           ``main`` frame is included)
rc         what ``sd_model_invoke`` returned
mismatches how many output bytes differ from the host's
========== ==============================================================

Keys appended after the first release (optional: a reader accepts a line
without them, and a key that is ``na`` reads as ``None``), in this order:

============ ============================================================
board        where it ran: a catalogue device id on a real board, or
             ``qemu-<machine>`` on the virtual board (``qemu-mps2-an386``)
model_sha256 SHA-256 of the model the image was built from (the ``.tflite``
             file, or a compiled library folder: see
             :func:`scaledown.measurements.model_hash.model_sha256`), or ``na``
runs         how many inferences were timed (``1`` on the virtual board)
us           microseconds per inference, or ``na`` (QEMU has no real clock)
clock_hz     core clock in hertz during the run, or ``na``
flash        flash bytes of the image, from the linker's symbols
ram          static RAM bytes (``.data`` + ``.bss``), from the linker's symbols
cc           the C compiler's version (GCC's ``__VERSION__``, spaces as ``_``)
sdv          the scaledown version that wrote the harness
============ ============================================================

Before it the harness prints the output bytes themselves as one line
``SDOUTPUT <hex>`` (two hex digits a byte; :func:`find_output` reads it).

Later versions may append keys; a reader of ``v1`` ignores keys it does not
know and needs every key above.

Example:
    >>> line = format_line(model="kws", sha256="ab" * 32, core="cortex-m4",
    ...                    status="PASS", stack=1200, rc=0, mismatches=0)
    >>> line[:61]
    'SDRESULT v1 model=kws sha256=abababababababababababababababab'
    >>> result = parse(line)
    >>> result.status, result.stack, result.instructions
    ('PASS', 1200, None)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import InputError

TAG = "SDRESULT"
OUTPUT_TAG = "SDOUTPUT"
VERSION = "v1"
KEYS = ("model", "sha256", "core", "status", "instr", "cycles", "stack", "rc", "mismatches")
STATUSES = ("PASS", "FAIL", "ERROR")
#: Keys appended to v1 after its first release; a line may lack them.
OPTIONAL_KEYS = ("board", "model_sha256", "runs", "us", "clock_hz", "flash", "ram", "cc", "sdv")
#: The optional keys that hold whole numbers.
_OPTIONAL_COUNTS = ("runs", "us", "clock_hz", "flash", "ram")
NOT_AVAILABLE = "na"


@dataclass(frozen=True)
class ResultLine:
    """A parsed ``SDRESULT v1`` line.

    Attributes:
        model: The model's name.
        sha256: SHA-256 of the board's output bytes.
        core: The core the image was built for.
        status: ``"PASS"``, ``"FAIL"`` or ``"ERROR"``.
        instructions: Instructions executed, or ``None`` (``na``).
        cycles: Clock cycles, or ``None`` (``na``).
        stack: Stack high-water mark in bytes.
        rc: Return value of ``sd_model_invoke``.
        mismatches: Output bytes that differ from the host's.
        extra: The optional keys the line carries (:data:`OPTIONAL_KEYS`), ``None``
            for ``na``; counts (``runs``, ``us``, ``clock_hz``, ``flash``, ``ram``)
            as ``int``.
    """

    model: str
    sha256: str
    core: str
    status: str
    instructions: int | None
    cycles: int | None
    stack: int
    rc: int
    mismatches: int
    extra: dict[str, str | int | None] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """True when the board's output equals the host's."""
        return self.status == "PASS"


def _count(value: int | None) -> str:
    return NOT_AVAILABLE if value is None else str(int(value))


def _word(value: str | int | None) -> str:
    if value is None:
        return NOT_AVAILABLE
    return "".join("_" if c <= " " or c == "=" or c > "~" else c for c in str(value))


def format_line(*, model: str, sha256: str, core: str, status: str, stack: int, rc: int,
                mismatches: int, instructions: int | None = None,
                cycles: int | None = None,
                extra: dict[str, str | int | None] | None = None) -> str:
    """The result line for these values (what the C harness prints, without the newline).

    ``extra`` holds optional keys (:data:`OPTIONAL_KEYS`); they follow the
    required ones in the documented order, ``None`` printed as ``na``.

    Example:
        >>> format_line(model="m", sha256="0" * 64, core="cortex-m0", status="FAIL",
        ...             stack=8, rc=0, mismatches=2, instructions=120).split()[5:]
        ['status=FAIL', 'instr=120', 'cycles=na', 'stack=8', 'rc=0', 'mismatches=2']
        >>> format_line(model="m", sha256="0" * 64, core="cortex-m0", status="PASS", stack=8,
        ...             rc=0, mismatches=0, extra={"us": None, "runs": 1}).split()[11:]
        ['runs=1', 'us=na']
    """
    extra = extra or {}
    unknown = sorted(set(extra) - set(OPTIONAL_KEYS))
    if unknown:
        raise InputError(f"unknown result-line key(s) {', '.join(unknown)}",
                         fix=f"use only: {', '.join(OPTIONAL_KEYS)}")
    values = {"model": model, "sha256": sha256, "core": core, "status": status,
              "instr": _count(instructions), "cycles": _count(cycles), "stack": str(stack),
              "rc": str(rc), "mismatches": str(mismatches)}
    words = [f"{key}={values[key]}" for key in KEYS]
    words += [f"{key}={_word(extra[key])}" for key in OPTIONAL_KEYS if key in extra]
    return " ".join([TAG, VERSION, *words])


def _bad(line: str, why: str) -> InputError:
    return InputError(f"not an {TAG} {VERSION} result line: {line[:120]!r}", why=why,
                      fix=f"pass the line the board printed, starting with '{TAG} {VERSION}'")


def _integer(line: str, key: str, value: str, *, optional: bool = False) -> int | None:
    if optional and value == NOT_AVAILABLE:
        return None
    try:
        return int(value)
    except ValueError:
        raise _bad(line, f"{key}={value!r} is not a whole number") from None


def find(text: str) -> ResultLine | None:
    """The last result line in ``text`` (a board's whole output), or ``None``.

    Example:
        >>> find("booting\\nhello\\n") is None
        True
    """
    lines = [line for line in text.splitlines() if line.startswith(TAG + " ")]
    return parse(lines[-1]) if lines else None


def find_output(text: str) -> bytes | None:
    """The output bytes of the last ``SDOUTPUT`` line in ``text``, or ``None``.

    Example:
        >>> find_output("SDOUTPUT 00ff7f\\nSDRESULT v1 ...")
        b'\\x00\\xff\\x7f'
    """
    lines = [line for line in text.splitlines() if line.startswith(OUTPUT_TAG + " ")]
    if not lines:
        return None
    try:
        return bytes.fromhex(lines[-1][len(OUTPUT_TAG) + 1:].strip())
    except ValueError:
        return None


def parse(line: str) -> ResultLine:
    """Read one result line; an :class:`~scaledown.errors.InputError` says what is wrong.

    Example:
        >>> parse("SDRESULT v1 model=m status=PASS")
        Traceback (most recent call last):
        ...
        scaledown.errors.InputError: not an SDRESULT v1 result line: 'SDRESULT v1 model=m ...'
          why: the keys sha256, core, instr, cycles, stack, rc, mismatches are missing
          fix: pass the line the board printed, starting with 'SDRESULT v1'
    """
    words = line.strip().split()
    if words[:2] != [TAG, VERSION]:
        raise _bad(line, f"it does not start with '{TAG} {VERSION}'")
    values: dict[str, str] = {}
    for word in words[2:]:
        key, sep, value = word.partition("=")
        if not sep:
            raise _bad(line, f"{word!r} is not key=value")
        values.setdefault(key, value)
    missing = [key for key in KEYS if key not in values]
    if missing:
        raise _bad(line, f"the keys {', '.join(missing)} are missing")
    if values["status"] not in STATUSES:
        raise _bad(line, f"status={values['status']!r} is not one of {', '.join(STATUSES)}")
    return ResultLine(
        model=values["model"], sha256=values["sha256"], core=values["core"],
        status=values["status"],
        instructions=_integer(line, "instr", values["instr"], optional=True),
        cycles=_integer(line, "cycles", values["cycles"], optional=True),
        stack=_integer(line, "stack", values["stack"]) or 0,
        rc=_integer(line, "rc", values["rc"]) or 0,
        mismatches=_integer(line, "mismatches", values["mismatches"]) or 0,
        extra=_extra(line, values),
    )


def _extra(line: str, values: dict[str, str]) -> dict[str, str | int | None]:
    out: dict[str, str | int | None] = {}
    for key in OPTIONAL_KEYS:
        if key not in values:
            continue
        if key in _OPTIONAL_COUNTS:
            out[key] = _integer(line, key, values[key], optional=True)
        else:
            out[key] = None if values[key] == NOT_AVAILABLE else values[key]
    return out
