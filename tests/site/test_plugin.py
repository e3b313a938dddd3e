"""The MkDocs plugin's own settings for a one-off build (scaledown/site/plugin.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from scaledown.site import plugin


@pytest.fixture()
def gc_state() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.mark.usefixtures("gc_state")
def test_a_build_collects_young_objects_less_often() -> None:
    gc.set_threshold(700, 10, 10)
    built = plugin.ScaleDownPlugin()
    built.on_startup(command="build", dirty=False)
    built._freeze_heap()
    assert gc.get_threshold() == (plugin.YOUNG_GC_THRESHOLD, 10, 10)
    assert gc.get_freeze_count() > 0


@pytest.mark.usefixtures("gc_state")
def test_serve_keeps_the_collector_as_it_was() -> None:
    gc.set_threshold(700, 10, 10)
    served = plugin.ScaleDownPlugin()
    served.on_startup(command="serve", dirty=False)
    served._freeze_heap()
    assert gc.get_threshold() == (700, 10, 10)
