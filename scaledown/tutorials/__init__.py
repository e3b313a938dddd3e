"""Executable tutorials: metadata, checks, an import-aware runner and pages.

The tutorials live in ``tutorials/`` as jupytext *percent-format* ``.py``
files. A ``.py`` source cannot carry outputs, diffs stay readable, and the
same file runs as a plain script. Their metadata sits in the jupytext header
under ``jupyter: scaledown:``, so it travels into the ``.ipynb`` a learner
downloads.

Modules, one job each:

* :mod:`~scaledown.tutorials.metadata`: read and validate a tutorial's header.
* :mod:`~scaledown.tutorials.check`: the ``tutorials`` checker for ``scaledown check``.
* :mod:`~scaledown.tutorials.cache`: the import-aware cache of executed notebooks.
* :mod:`~scaledown.tutorials.runner`: parallel execution with nbclient.
* :mod:`~scaledown.tutorials.render`: executed notebook to Markdown and images.
* :mod:`~scaledown.tutorials.paths`: learning paths per background track.
* :mod:`~scaledown.tutorials.study_groups`, :mod:`~scaledown.tutorials.study_groups_page`
  and :mod:`~scaledown.tutorials.ics`: study-group sessions, their page and
  their iCalendar feed.
* :mod:`~scaledown.tutorials.pages`: the ``tutorials`` site generator.
* :mod:`~scaledown.tutorials.codeblocks`: run the python blocks of Markdown pages.
* :mod:`~scaledown.tutorials.scaffold`: ``scaledown new tutorial``.
"""
