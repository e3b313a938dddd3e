"""The hardware library: device profiles and the YAML catalogue behind them.

Where things happen:

* ``device``: :class:`~scaledown.hardware.device.Device` (``sd.Device``) and the
  normalised ``CORE_CLASSES``.
* ``catalogue``: ``load_catalogue``, ``sd.devices()``, ``sd.device(id)``.
* ``yamlpos``, ``schema``, ``checks``: reading the YAML with line numbers,
  JSON Schema validation and the ``scaledown check`` rules.
* ``entry_pages``, ``exports``, ``text``: device and branch pages, open data,
  escaping (the catalogue page itself is ``scaledown.site.catalogue_pages``).
* ``scaffold``, ``scaffold_branch``, ``borrow_form``: ``scaledown new device``,
  ``scaledown new branch`` and the borrow issue form.

Nothing here imports an ML framework.
"""
