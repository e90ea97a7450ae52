"""winnow.collector: imports with the collector paused, then frozen (run in a fresh interpreter,
since freezing is for the whole process)."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import gc, json, sys
from winnow import collector
assert "xml.dom.minidom" not in sys.modules
gc.collect()
first_freeze = gc.get_freeze_count()
collections = []
gc.callbacks.append(lambda phase, info: phase == "start" and collections.append(info["generation"]))
collector.import_frozen("xml.dom.minidom")
after_first = gc.get_freeze_count()
during = len(collections)
collector.import_frozen("xml.dom.minidom")  # imported already: nothing to freeze
print(json.dumps({
    "imported": "xml.dom.minidom" in sys.modules, "enabled": gc.isenabled(),
    "first_freeze": first_freeze, "after_first": after_first,
    "collections_during": during, "after_second": gc.get_freeze_count(),
}))
"""


def test_import_frozen_imports_freezes_once_and_turns_the_collector_back_on() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    assert got["imported"] and got["enabled"]
    assert got["first_freeze"] == 0
    assert got["after_first"] > 1_000  # what the process held, the import's objects with it
    assert got["collections_during"] == 0  # frozen before the collector was back on
    assert got["after_second"] == got["after_first"]


def test_paused_turns_the_collector_back_on_only_if_it_was_on() -> None:
    import gc

    from winnow import collector

    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
