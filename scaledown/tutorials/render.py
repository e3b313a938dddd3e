"""Turn an executed notebook into a Markdown page plus image files.

nbconvert's ``MarkdownExporter`` does the conversion; this module only tidies
what a reader sees: terminal colour codes and carriage-return progress lines
are removed from text outputs, the notebook's own first heading gives way to
the page's heading, and plots get alternative text from their own titles
(or a ``# Figure:`` caption the author wrote in the cell). The result
is plain Markdown, so the site does not depend on a notebook plugin (and moves
to Zensical unchanged).

Example:
    >>> clean_stream("epoch 1\\repoch 2\\r\\x1b[32mdone\\x1b[0m\\n")
    'done\\n'
"""

from __future__ import annotations

import functools
import re
from typing import Any

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_FIRST_H1 = re.compile(r"\A\s*# [^\n]*\n")
_IMAGE = re.compile(r"!\[(png|svg|jpeg)\]\(")
_CAPTION = re.compile(r"^\s*#\s*Figure:\s*(.+?)\s*$", re.M)
_TITLE_CALLS = {"suptitle": 0, "set_title": 1, "title": 1}  # lower sorts first
GENERIC_ALT = "Figure drawn by the code above"


def figure_alt(source: str) -> str:
    r"""Alternative text for the plot a code cell draws, from the cell itself.

    A ``# Figure: ...`` comment (a caption the author wrote) wins; otherwise
    the figure's own constant titles (``suptitle`` first, then ``set_title`` /
    ``plt.title``); otherwise a generic phrase.

    Example:
        >>> figure_alt('ax.set_title("Size")\nax2.set_title("Accuracy")')
        'Plot: Size; Accuracy'
        >>> figure_alt('fig.suptitle("Digits")\nax.set_title(str(label))')
        'Plot: Digits'
        >>> figure_alt('# Figure: loss falls, then flattens\nplt.plot(x)')
        'loss falls, then flattens'
        >>> figure_alt("plt.plot(x)")
        'Figure drawn by the code above'
    """
    import ast

    caption = _CAPTION.search(source)
    if caption:
        return caption.group(1)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return GENERIC_ALT
    found: list[tuple[int, int, str]] = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in _TITLE_CALLS and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((_TITLE_CALLS[node.func.attr], node.lineno, node.args[0].value))
    if not found:
        return GENERIC_ALT
    best = min(rank for rank, _, _ in found)
    titles = [text for rank, _, text in sorted(found) if rank == best]
    return "Plot: " + "; ".join(dict.fromkeys(titles))


def _image_alts(nb: Any) -> list[str]:
    """One alt text per image output, in the order nbconvert writes them."""
    alts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if any(key in output.get("data", {}) for key in ("image/png", "image/svg+xml",
                                                              "image/jpeg")):
                alts.append(figure_alt(cell.get("source", "")))
    return alts


def _alt_for_markdown(text: str) -> str:
    return re.sub(r"([\\\[\]])", r"\\\1", text.replace("\n", " "))


def clean_stream(text: str) -> str:
    """Drop ANSI colour codes and keep only what a terminal shows after ``\\r``.

    Example:
        >>> clean_stream("10%\\r100%\\nok\\n")
        '100%\\nok\\n'
    """
    text = _ANSI.sub("", text)
    return "\n".join(line.rsplit("\r", 1)[-1] for line in text.split("\n"))


def _tidy(nb: Any) -> Any:
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = clean_stream(output.get("text", ""))
            data = output.get("data", {})
            # Rich/ipywidgets progress bars carry widget JSON nobody can see on a static page.
            data.pop("application/vnd.jupyter.widget-view+json", None)
            if "text/plain" in data and "text/html" not in data:
                data["text/plain"] = clean_stream(data["text/plain"])
    return nb


@functools.lru_cache(maxsize=1)
def _exporter() -> Any:
    """One MarkdownExporter for every notebook: it compiles its templates once (about
    0.4 s per notebook otherwise)."""
    from nbconvert import MarkdownExporter

    return MarkdownExporter()


def notebook_to_markdown(nb: Any, files_dir: str) -> tuple[str, dict[str, bytes]]:
    """Render a notebook node as (Markdown body, {relative image path: bytes}).

    Args:
        nb: An ``nbformat`` notebook node (executed or not).
        files_dir: Folder name for images, relative to the page.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[
        ...     nbformat.v4.new_markdown_cell("# Title\\n\\nHello"),
        ...     nbformat.v4.new_code_cell("1 + 1", outputs=[nbformat.v4.new_output(
        ...         "execute_result", data={"text/plain": "2"}, execution_count=1)])])
        >>> body, images = notebook_to_markdown(nb, "x_files")
        >>> body.lstrip().startswith("Hello"), "    2" in body, images
        (True, True, {})
    """
    body, resources = _exporter().from_notebook_node(
        _tidy(nb), resources={"output_files_dir": files_dir})
    body = _FIRST_H1.sub("", body, count=1)
    alts = iter(_image_alts(nb))
    body = _IMAGE.sub(lambda _: f"![{_alt_for_markdown(next(alts, GENERIC_ALT))}](", body)
    images = {name: data for name, data in resources.get("outputs", {}).items()
              if isinstance(data, bytes)}
    return body.strip() + "\n", images
