"""PyTorch in: ``torch.nn.Module`` objects and ``.pt2`` files become ONNX models.

PyTorch is never run by scaledown after loading: the module is exported once
with PyTorch's own exporter (``torch.onnx.export``, the ``torch.export``-based
one, which needs ``onnxscript``) and every verb then works on the ONNX model,
on every runtime. PyTorch is the optional ``torch`` extra.
"""

from ..declaration import Backend, Requirement, Source

DECLARATION = Backend(
    name="torch",
    summary="PyTorch in: nn.Module objects and .pt2 files, exported to ONNX on load",
    loads=("pytorch",),
    extensions={".pt2": "pytorch"},  # torch.export programs
    requires=Requirement("torch", "torch", "torch"),
    detects="load:detects",
    objects=("torch.nn.Module",),
    verbs=("load",),
    routes={"onnx": "load:load_object"},
    opens_as="onnx",
    sources=(Source("pytorch", "PyTorch", "sd.load(module, example_input=x)", row=4),),
)
