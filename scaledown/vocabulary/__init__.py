"""The shared vocabulary: plain data every layer speaks, importing nothing of ours.

* :class:`~scaledown.vocabulary.problem.Problem`: one thing wrong with the
  content, at a file and line (every checker returns these).
* :class:`~scaledown.vocabulary.generated.GeneratedFile`: a page or data file
  the site build adds.
* :class:`~scaledown.vocabulary.feed.Feed`: calibration samples, as every
  backend's quantizer reads them.
* :class:`~scaledown.vocabulary.tensors.TensorSpec`: one input or output of a model.
* :class:`~scaledown.vocabulary.facts.Facts`: what a backend's inspector found.

These modules sit at the bottom of the layers (see ``tests/test_layering.py``):
anything may import them, and they import nothing of ours but each other.

Example:
    >>> from scaledown.vocabulary.problem import Problem
    >>> Problem("a.md", None, "empty").severity
    'error'
"""
