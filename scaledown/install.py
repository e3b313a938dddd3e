"""How to install this project: one place for the distribution name and the command.

The import name is ``scaledown``, but the name ``scaledown`` on PyPI belongs to
an unrelated project, so this project is distributed as ``scaledown-tinyml``
(free on PyPI when it was chosen). Until a release is published there, every
install instruction installs straight from the repository; error messages and
generated pages ask :func:`pip_command` for the words, so they cannot drift.

Example:
    >>> DISTRIBUTION
    'scaledown-tinyml'
    >>> pip_command("onnx")
    'pip install "scaledown-tinyml[onnx] @ git+https://github.com/ScaleDown-Team/scaledown"'
"""

from __future__ import annotations

DISTRIBUTION = "scaledown-tinyml"
REPOSITORY = "https://github.com/ScaleDown-Team/scaledown"


def requirement(extras: str = "", repo_url: str | None = REPOSITORY) -> str:
    """The pip requirement for this project with ``extras`` (comma-separated).

    Args:
        extras: pip extras such as ``"framework,tutorials"``; empty for the core.
        repo_url: the Git repository to install from; ``None`` names the
            distribution alone (for the day a release is on PyPI).

    Example:
        >>> requirement("framework", repo_url=None)
        'scaledown-tinyml[framework]'
    """
    name = f"{DISTRIBUTION}[{extras}]" if extras else DISTRIBUTION
    return f"{name} @ git+{repo_url.rstrip('/')}" if repo_url else name


def pip_command(extras: str = "") -> str:
    """The command a learner types to install this project with ``extras``.

    Example:
        >>> pip_command().startswith('pip install "scaledown-tinyml @ git+')
        True
    """
    return f'pip install "{requirement(extras)}"'
