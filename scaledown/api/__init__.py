"""One module per public verb: ``sd.load``, ``sd.inspect``, ``sd.convert``...

Each verb checks its arguments, finds the model's backend and hands over to
``scaledown/backends/<backend>/<verb>.py`` through a dict.
"""
