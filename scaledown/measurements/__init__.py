"""Measurements that come back from boards: serial log in, YAML record out.

* :mod:`.model_hash`: the model's SHA-256, the same on the host and in the
  result line, so a log is matched to the model that made it;
* :mod:`.record`: turn a log with an ``SDRESULT v1`` line into a record;
* :mod:`.store`: read and check the records under ``hardware_catalog/measurements/``.

``scaledown measure LOG --device ID`` (:mod:`scaledown.cli.measure_cmd`) ties
them together. A record made on the virtual board (QEMU) is marked
``emulated: true``: it carries an instruction count, never a latency, and the
latency estimator never uses it.
"""
