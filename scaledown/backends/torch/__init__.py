"""PyTorch in: ``torch.nn.Module`` objects and ``.pt2`` files become ONNX models.

PyTorch is never run by scaledown after loading: the module is exported once
with PyTorch's own exporter (``torch.onnx.export``, the ``torch.export``-based
one, which needs ``onnxscript``) and every verb then works on the ONNX model,
on every runtime. PyTorch is the optional ``torch`` extra.
"""
