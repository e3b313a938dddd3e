"""Helpers every backend shares: facts about a model, input checks, file detection, warnings."""
