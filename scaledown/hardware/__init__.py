"""The hardware library: device profiles and the YAML catalogue behind them.

Where things happen:

* ``device``: :class:`~scaledown.hardware.device.Device` (``sd.Device``) and the
  normalised ``CORE_CLASSES``.
* ``catalogue``: ``load_catalogue``, ``sd.devices()``, ``sd.device(id)``.
* ``location``: where the catalogue folder is (checkout or wheel).
* ``yamlpos``, ``schema``, ``checks``: reading the YAML with line numbers,
  JSON Schema validation and the ``scaledown check`` rules.
* ``deploy_guide``: reading and checking the deploy guides' YAML.
* ``scaffold``, ``scaffold_branch``, ``borrow_form``, ``borrow_form_text``:
  ``scaledown new device``, ``scaledown new branch`` and the borrow issue form.

The pages made from all this (device, branch and catalogue pages, open data,
deploy guides) live in ``scaledown.site``: ``entry_pages``,
``catalogue_pages``, ``catalogue_exports``, ``deploy_pages``, ``hardware_text``.

Nothing here imports an ML framework.
"""
