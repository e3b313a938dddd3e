"""Say scaledown's error messages in the command line's words.

The API's errors name Python arguments (``calibration_samples=0``,
``sd.load(path, safe_mode=False)``); a learner at the terminal has flags
(``--samples 0``, ``--unsafe``). :func:`for_cli` rewrites a message for the
sub-command being run: each Python argument that command has a flag for is
replaced by the flag, and a call such as ``sd.fit(..., allow_float=True)``
becomes ``add --allow-float``. Arguments without a flag are left as they are.

Example:
    >>> from scaledown.errors import InputError
    >>> err = InputError("calibration_samples=0", why="it must be at least 1",
    ...                  fix="pass e.g. calibration_samples=300")
    >>> print(for_cli(err, {"calibration_samples": "--samples"}))
    --samples 0
      why: it must be at least 1
      fix: pass e.g. --samples 300
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Mapping

from ..errors import ScaleDownError, UnsafeModelError

# Python argument -> flag, where the flag's name differs from the argument's
ALIASES: dict[str, str] = {
    "calibration_samples": "--samples",
    "max_samples": "--samples",
    "latency_budget_ms": "--budget-ms",
    "safe_mode": "--unsafe",
    "per_channel": "--per-tensor",
    "as_format": "--as",
}
# flags that are switches: "allow_float=True" is just "--allow-float"
_SWITCH_VALUES: dict[str, str] = {"--unsafe": "False", "--per-tensor": "False"}

_CALL = re.compile(r"(?:\b(?:call|use|with)\s+)?\bsd\.(\w+)\(([^()]*)\)")
_KWARG = re.compile(r"\b([a-z_][a-z0-9_]*)=('[^']*'|\"[^\"]*\"|[^\s,;)]+)")
_COMMANDS: dict[str, str] = {
    "quantize": "scaledown quantize MODEL --scheme int8 --data calib.npy",
    "inspect": "scaledown inspect MODEL",
    "convert": "scaledown convert MODEL --to {to}",
}
_TO = re.compile(r"\bto=['\"]?(\w+)")


def flags_of(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Python argument name -> the flag that sets it, for one (sub-)parser.

    Example:
        >>> p = argparse.ArgumentParser()
        >>> _ = p.add_argument("--budget-ms", type=float)
        >>> _ = p.add_argument("--runs", "-r", type=int)
        >>> flags_of(p)["runs"], flags_of(p)["latency_budget_ms"]
        ('--runs', '--budget-ms')
    """
    flags: dict[str, str] = {}
    for action in parser._actions:
        long = [o for o in action.option_strings if o.startswith("--")]
        if long and action.dest != "help":
            flags[action.dest] = long[0]
    for name, flag in ALIASES.items():
        if flag in flags.values():
            flags[name] = flag
    return flags


def subparser(parser: argparse.ArgumentParser, command: str | None) -> argparse.ArgumentParser:
    """The parser of ``command`` (the top-level parser when there is none)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            return action.choices[command]
    return parser


def _flag_with_value(flag: str, value: str) -> str:
    value = value.strip("'\"")
    if value in {"True", "False"}:
        return flag
    return f"{flag} {value}"


def rewrite(text: str, flags: Mapping[str, str], command: str | None = None) -> str:
    """``text`` with Python arguments that have a flag replaced by that flag.

    Inside a call ``sd.VERB(...)`` arguments become flags only when VERB is the
    running ``command`` (or ``load``, which every command does; ``None``: any
    verb); a call of another verb becomes that verb's command line.

    Example:
        >>> rewrite("or call sd.fit(..., allow_float=True) to measure it",
        ...         {"allow_float": "--allow-float"})
        'or add --allow-float to measure it'
        >>> rewrite("first: sd.quantize(model, scheme='int8', data=samples)", {})
        'first: scaledown quantize MODEL --scheme int8 --data calib.npy'
        >>> rewrite("export it again, e.g. sd.convert(model, to='onnx')", {"to": "--to"}, "fit")
        'export it again, e.g. scaledown convert MODEL --to onnx'
        >>> rewrite("runs=0; try sd.prune(..., epochs=2)",
        ...         {"runs": "--runs", "epochs": "--epochs"}, "benchmark")
        '--runs 0; try sd.prune(..., epochs=2)'
    """

    def call(match: re.Match[str]) -> str:
        verb, inside = match.group(1), match.group(2)
        own = command is None or verb in {command, "load"}
        mapped = own and [
            _flag_with_value(flags[k], v) for k, v in _KWARG.findall(inside) if k in flags
        ]
        if mapped:
            return "add " + " ".join(mapped)
        if verb not in _COMMANDS:
            return match.group(0)
        to = _TO.search(inside)
        return _COMMANDS[verb].format(to=to.group(1) if to else "tflite")

    def kwarg(match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2)
        if name not in flags:
            return match.group(0)
        return _flag_with_value(flags[name], value)

    pieces, last = [], 0
    for match in _CALL.finditer(text):  # bare arguments are rewritten outside calls only
        pieces += [_KWARG.sub(kwarg, text[last : match.start()]), call(match)]
        last = match.end()
    return "".join([*pieces, _KWARG.sub(kwarg, text[last:])])


def for_cli(exc: ScaleDownError, flags: Mapping[str, str], command: str | None = None) -> str:
    """The rendered message of ``exc`` with :func:`rewrite` applied to each part.

    Example:
        >>> err = UnsafeModelError("'m.keras' contains a Lambda layer",
        ...                        fix="sd.load(path, safe_mode=False)")
        >>> print(for_cli(err, {"safe_mode": "--unsafe"}))
        'm.keras' contains a Lambda layer
          fix: add --unsafe
        >>> print(for_cli(err, {}).splitlines()[-1])
          fix: only if you trust the file: scaledown convert MODEL --to tflite --unsafe, \
then run this command on the .tflite file
    """
    fix = exc.fix
    if isinstance(exc, UnsafeModelError) and "safe_mode" not in flags:
        fix = (
            "only if you trust the file: scaledown convert MODEL --to tflite --unsafe, "
            "then run this command on the .tflite file"
        )
    parts = [rewrite(exc.what, flags, command)]
    if exc.why:
        parts.append(f"  why: {rewrite(exc.why, flags, command)}")
    if fix:
        parts.append(f"  fix: {rewrite(fix, flags, command)}")
    return "\n".join(parts)
