"""``sd.load``: turn a path, bytes or a Keras object into a `sd.Model`.
"""

from __future__ import annotations

from inspect import signature
from pathlib import Path
from typing import Any

from ..backends import backend_module, bytes_formats, detect, loadable_objects
from ..backends.common.files import detect_format, require_file
from ..backends.common.sniff import sniff, sniff_file
from ..errors import ModelLoadError, UnsupportedFormatError, with_article
from ..model import Model


def check_contents(path: Path) -> None:
    """Refuse a file whose bytes are not the format its extension promises.

    A ``.tflite`` renamed ``.onnx`` would otherwise fail deep in the ONNX parser
    as "probably truncated or corrupt". Folders, and files whose bytes match no
    known signature, are left to the format's own loader.

    Raises:
        ModelLoadError: the file is empty.
        UnsupportedFormatError: the bytes belong to another format than the name says.

    Example:
        >>> import tempfile
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> p = Path(tempfile.mkdtemp()) / "model.onnx"
        >>> _ = p.write_bytes(tiny_dense_tflite())
        >>> check_contents(p)
        Traceback (most recent call last):
        ...
        scaledown.errors.UnsupportedFormatError: '...model.onnx' is a TFLite file, but its name ...
          why: scaledown picks the reader by extension, and the file's first bytes mark it ...
          fix: this is a TFLite file; rename it to .tflite, e.g. mv '...model.onnx' ...
    """
    if not path.is_file():
        return
    if path.stat().st_size == 0:
        raise ModelLoadError(
            f"model file '{path}' is empty (0 bytes)",
            why="a copy or download was probably interrupted, or the model was never written",
            fix="save or copy the model again, then load the new file",
        )
    found = sniff_file(path)
    suffix = path.suffix.lower()
    if suffix == ".keras" and (found is None or found.name == "keras"):
        _require_complete_zip(path, cut_short=found is not None)
    if found is None or suffix in found.extensions:
        return
    said = f"its name ends in '{suffix}'" if suffix else "its name has no extension"
    raise UnsupportedFormatError(
        f"'{path}' is {found.label}, but {said}",
        why=f"scaledown picks the reader by extension, and the file's first bytes mark it "
        f"as {found.label}",
        fix=f"this is {found.label}; rename it to {found.extension}, "
        f"e.g. mv '{path}' '{path.with_suffix(found.extension)}'",
    )


def _require_complete_zip(path: Path, *, cut_short: bool) -> None:
    """A ``.keras`` file is a zip archive; Keras calls a damaged one "File not found"."""
    import zipfile

    if zipfile.is_zipfile(path):
        return
    raise ModelLoadError(
        f"'{path}' is not a complete .keras archive",
        why="a .keras file is a zip archive, and this one "
        + ("is cut short: the zip's table of contents at its end is missing" if cut_short
           else "does not start like one"),
        fix="save the model again with model.save('model.keras'), or copy the file again",
    )


def load(
    src: str | Path | bytes | Any,
    *,
    safe_mode: bool = True,
    name: str | None = None,
    example_input: Any = None,
) -> Model:
    """Load a model from a file, folder, bytes, or an in-memory model object.

    Formats: ``.keras``; ``.h5``/``.hdf5`` (legacy files that Keras 3 refuses
    are read with ``tf_keras`` instead, silently); a SavedModel folder;
    ``.tflite`` (path or raw bytes); ``.onnx`` (path, bytes or ``onnx.ModelProto``);
    OpenVINO IR (``.xml`` with its ``.bin`` beside it, or an ``openvino.Model``);
    a ``keras.Model`` object; a ``torch.nn.Module`` (with ``example_input``)
    or a ``.pt2`` file from ``torch.export.save``, both exported to ONNX with
    PyTorch's own exporter (the ``torch`` extra). A `sd.Model` is returned
    unchanged.

    Args:
        src: What to load.
        safe_mode: Refuse Keras files whose Lambda layers carry Python code.
            Set ``False`` only for files you trust.
        name: A short name for tables (default: the file stem).
        example_input: For a ``torch.nn.Module``: one input (a tensor or
            array, e.g. ``torch.zeros(1, 1, 8, 8)``) of the size you will
            deploy; the module is traced on it.

    Returns:
        A `sd.Model`.

    Raises:
        ModelLoadError: the file is missing, truncated or corrupt.
        UnsupportedFormatError: the extension or object is not one scaledown reads.
        UnsafeModelError: a Keras file with Lambda layers and ``safe_mode=True``.
        RuntimeNotInstalledError: the format's runtime is not installed.

    Example:
        >>> import scaledown as sd
        >>> from scaledown.backends.litert.tiny import tiny_dense_tflite
        >>> sd.load(tiny_dense_tflite()).format
        'tflite'
        >>> sd.load("missing.tflite")
        Traceback (most recent call last):
        ...
        scaledown.errors.ModelLoadError: model file not found: 'missing.tflite'
        ...
    """
    if isinstance(src, Model):
        return src
    if isinstance(src, (bytes, bytearray, memoryview)):
        data = bytes(src)
        fmt = detect(data)
        if fmt is None:
            found = sniff(data[:4096])
            what = found.label if found is not None else "not a model format scaledown knows"
            raise UnsupportedFormatError(
                f"these bytes are {what}, which cannot be loaded from bytes",
                why=f"only {' and '.join(bytes_formats())} models load from bytes; "
                "other formats load from files",
                fix=f"write the bytes to a file ending in {found.extension} and load that path"
                if found is not None else "save the model to a file and load that path",
            )
        return backend_module(fmt, "load").load_bytes(data, name=name or "model")
    if isinstance(src, (str, Path)):
        path = Path(src).expanduser()
        check_contents(path)
        fmt = detect_format(path) if path.exists() else None
        if fmt is None:
            detect_format(path)  # a bad extension is the clearer message
            require_file(path)
        model = backend_module(fmt, "load").load_path(path, safe_mode=safe_mode)
        model.name = name or path.stem
        return model
    fmt = detect(src)
    if fmt is None:
        raise UnsupportedFormatError(
            f"cannot load an object of type {type(src).__module__}.{type(src).__qualname__}",
            why=f"sd.load takes a path, {'/'.join('.' + f for f in bytes_formats())} bytes, "
            f"{_one_of(loadable_objects())}",
            fix="save your model to a file first, or pass one of those objects",
        )
    loader = backend_module(fmt, "load").load_object
    if "example_input" in signature(loader).parameters:  # traced on an example (PyTorch)
        return loader(src, example_input=example_input, name=name)
    model = loader(src)
    if name:
        model.name = name
    return model


def _one_of(names: tuple[str, ...]) -> str:
    # "a keras.Model, an onnx.ModelProto or a torch.nn.Module"
    words = [with_article(n) for n in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
