"""Tutorial plots get alt text from their own titles or a caption the author wrote."""

from __future__ import annotations

import base64

import nbformat

from scaledown.tutorials.render import notebook_to_markdown

# the smallest valid PNG (1x1 transparent pixel)
PIXEL = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")).decode()


def _plot_cell(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(source, outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": PIXEL, "text/plain": "<Figure>"})])


def test_each_plot_takes_its_own_title_or_caption():
    nb = nbformat.v4.new_notebook(cells=[
        _plot_cell('fig, ax = plt.subplots()\nax.set_title("Accuracy against size")\nplt.show()'),
        _plot_cell("# Figure: the loss falls, then flattens [per epoch]\nplt.plot(loss)"),
        _plot_cell("plt.plot(x)"),
    ])
    body, images = notebook_to_markdown(nb, "t_files")
    assert len(images) == 3
    assert "![Plot: Accuracy against size](" in body
    assert "![the loss falls, then flattens \\[per epoch\\]](" in body
    assert "![Figure drawn by the code above](" in body
    assert "![png]" not in body
