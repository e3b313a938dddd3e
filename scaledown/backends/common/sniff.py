"""Tell a model file's real format from its first bytes, whatever its name says.

A ``.tflite`` file renamed ``.onnx`` fails deep inside the ONNX parser with a
message about corrupt wire formats. Every format scaledown reads starts with
a recognisable signature, so ``sd.load`` looks at the bytes first and, when
they disagree with the extension, says which format the file really holds.

Signatures:

* TFLite: a FlatBuffer whose file identifier ``TFL3`` sits at offset 4.
* Keras ``.keras``: a zip archive (``PK\\x03\\x04``).
* Keras ``.h5``: the HDF5 signature ``\\x89HDF\\r\\n\\x1a\\n``.
* OpenVINO IR: an XML document whose root element is ``<net``.
* ONNX: a protobuf ``ModelProto`` opening with field 1 (``ir_version``) as
  a small varint, i.e. the bytes ``0x08`` then a value below 128.

Example:
    >>> sniff(b"\\x1c\\x00\\x00\\x00TFL3" + bytes(8)).name
    'tflite'
    >>> sniff(b"\\x89HDF\\r\\n\\x1a\\n" + bytes(8)).extension
    '.h5'
    >>> sniff(b"hello world") is None
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Sniffed:
    """What a file's bytes say it is.

    Attributes:
        name: A short id: ``tflite``, ``keras``, ``h5``, ``onnx`` or ``openvino``.
        label: How to call it in a sentence, e.g. ``"a TFLite file"``.
        extension: The extension such a file should have, e.g. ``".tflite"``.
        extensions: Every extension that suits it (``.h5`` and ``.hdf5``).
    """

    name: str
    label: str
    extension: str
    extensions: tuple[str, ...]


TFLITE = Sniffed("tflite", "a TFLite file", ".tflite", (".tflite",))
# torch.export's .pt2 programs are zip archives too, so a zip suits either name
KERAS = Sniffed("keras", "a Keras .keras archive (zip)", ".keras", (".keras", ".pt2"))
H5 = Sniffed("h5", "a Keras HDF5 (.h5) file", ".h5", (".h5", ".hdf5"))
ONNX = Sniffed("onnx", "an ONNX file", ".onnx", (".onnx",))
OPENVINO = Sniffed("openvino", "an OpenVINO IR graph (.xml)", ".xml", (".xml",))

_HDF5 = b"\x89HDF\r\n\x1a\n"
_ZIP = b"PK\x03\x04"
_XML_ROOT = re.compile(rb"<(\w+)[\s>/]")
HEAD_BYTES = 4096  # enough for every signature, and for an XML prolog with comments


def sniff(head: bytes) -> Sniffed | None:
    """The format the first bytes of a file belong to, or ``None`` when unknown.

    Args:
        head: The file's first bytes (``HEAD_BYTES`` of them is plenty).

    Returns:
        A :class:`Sniffed`, or ``None`` for bytes that match no signature.

    Example:
        >>> sniff(b'<?xml version="1.0"?>\\n<net name="m" version="11">').name
        'openvino'
        >>> sniff(b"\\x08\\x08\\x12\\x07tf2onnx").name
        'onnx'
        >>> sniff(b"PK\\x03\\x04rest").extension
        '.keras'
    """
    if head[4:8] == b"TFL3":
        return TFLITE
    if head.startswith(_HDF5):
        return H5
    if head.startswith(_ZIP):
        return KERAS
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        roots = [m.group(1) for m in _XML_ROOT.finditer(text) if not m.group(1).startswith(b"?")]
        return OPENVINO if roots[:1] == [b"net"] else None
    if len(head) >= 2 and head[0] == 0x08 and head[1] < 0x80:
        return ONNX
    return None


def sniff_file(path: Path) -> Sniffed | None:
    """:func:`sniff` on the first bytes of the file at ``path`` (``None`` if unreadable).

    Example:
        >>> import tempfile
        >>> p = Path(tempfile.mkdtemp()) / "model.onnx"
        >>> _ = p.write_bytes(b"\\x1c\\x00\\x00\\x00TFL3" + bytes(8))
        >>> sniff_file(p).label
        'a TFLite file'
    """
    try:
        with path.open("rb") as handle:
            return sniff(handle.read(HEAD_BYTES))
    except OSError:
        return None
