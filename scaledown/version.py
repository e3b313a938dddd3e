"""The package's version, in a leaf module every layer may import.

``sd.__version__`` is this same string.

Example:
    >>> from scaledown.version import __version__
    >>> __version__.count(".")
    2
"""

__version__ = "0.1.0"
