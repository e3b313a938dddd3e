"""The content pipeline behind the website.

Everything here is plain Python with no MkDocs import, except ``plugin.py``,
the thin adapter MkDocs loads. That keeps the pipeline portable to Material's
successor (Zensical), which reads the same ``mkdocs.yml`` but runs no plugins.
"""
