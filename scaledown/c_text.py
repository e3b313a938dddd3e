"""Untrusted text made safe for generated C and C++ sources.

A model's name (or a description) that :func:`scaledown.export` writes into a
comment or a string literal must stay there: a newline would end a ``//``
comment and make the rest a live line (``#error``, ``#include``), ``*/`` would
end a block comment, a trailing backslash would continue a ``//`` comment onto
the next line, and ``??/`` is a backslash to compilers that still read
trigraphs. This module imports nothing of ours.

Example:
    >>> c_comment("x\\n#error injected */")
    'x #error injected * /'
    >>> print(c_string('say "hi"\\n'))
    say \\"hi\\"\\012
"""

from __future__ import annotations

import re
from typing import Any

MAX_COMMENT = 200
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_SPACES = re.compile(r"\s+")


def c_comment(value: Any, limit: int = MAX_COMMENT) -> str:
    """Text for one line of a ``//`` or ``/* */`` comment: it can never leave the comment.

    White space (newlines too) becomes one space; characters outside printable
    ASCII become ``?``; quotes and backslashes are dropped; ``*/`` and ``/*``
    are split apart; ``??`` becomes ``?`` (no trigraph); the result is cut to
    ``limit`` characters.

    Args:
        value: Any value; ``None`` becomes an empty text.
        limit: The longest text kept, in characters.

    Returns:
        The sanitized text (it may be empty).

    Example:
        >>> c_comment('model "kws"\\\\')
        'model kws'
        >>> c_comment("a/*b*/c??/"), c_comment("Ünïcode")
        ('a/ *b* /c?/', '?n?code')
    """
    text = _SPACES.sub(" ", "" if value is None else str(value)).strip()
    text = _NOT_PRINTABLE_ASCII.sub("?", text)
    text = re.sub(r"[\"'`\\]", "", text)
    while "*/" in text or "/*" in text:
        text = text.replace("*/", "* /").replace("/*", "/ *")
    while "??" in text:
        text = text.replace("??", "?")
    return text[:limit].rstrip()


def c_string(value: Any) -> str:
    """The inside of a C string literal ``"..."`` holding exactly ``value``, as UTF-8.

    Backslashes, quotes and question marks are escaped; every other byte
    outside printable ASCII (newlines included) is written as a three-digit
    octal escape, which cannot swallow the characters after it.

    Args:
        value: Any value; ``None`` becomes an empty text.

    Returns:
        Text to put between double quotes in a C or C++ source.

    Example:
        >>> c_string("a\\\\b?") == 'a' + chr(92) * 2 + 'b' + chr(92) + '?'
        True
        >>> c_string("é")
        '\\\\303\\\\251'
    """
    out = []
    for byte in ("" if value is None else str(value)).encode("utf-8"):
        char = chr(byte)
        if char in '\\"?':
            out.append("\\" + char)
        elif 0x20 <= byte <= 0x7E:
            out.append(char)
        else:
            out.append(f"\\{byte:03o}")
    return "".join(out)
