"""``Facts`` and ``LayerRow`` now live in :mod:`scaledown.vocabulary.facts`.

This module keeps the old import path working.

Example:
    >>> from scaledown.vocabulary.facts import Facts as Moved
    >>> Facts is Moved
    True
"""

from ...vocabulary.facts import Facts as Facts
from ...vocabulary.facts import LayerRow as LayerRow
