"""The benchmark's stage timing: read off the timestamps of a flow run's log."""

from __future__ import annotations

import pytest

from bench.stages import OUTSIDE, extra_by_stage, stage_seconds

# The lines Prefect 3 logs for a run of the flow (as `winnow run` prints them), with others between.
LOG = """\
23:59:58.000 | INFO    | prefect - Starting temporary server on http://127.0.0.1:8411
23:59:59.500 | INFO    | Flow run 'vigorous-lizard' - Beginning flow run 'vigorous-lizard' for flow 'winnow'
23:59:59.540 | INFO    | Task run 'look-214' - Finished in state Completed()
23:59:59.700 | INFO    | Task run 'find-663' - Finished in state Completed()
00:00:00.100 | INFO    | Task run 'parse_and_land-c2d' - parsed 200/2000 files (900 files/s)
00:00:02.200 | INFO    | Task run 'parse_and_land-c2d' - Finished in state Completed()
00:00:03.000 | WARNING | Task run 'build-948' - Task run failed with exception: OSError - retrying
00:00:03.200 | INFO    | Task run 'build-948' - Finished in state Failed('Task run encountered an exception')
00:00:09.200 | INFO    | Task run 'build-948' - Finished in state Completed()
00:00:11.700 | INFO    | Task run 'check-ebc' - Finished in state Completed()
00:00:11.900 | INFO    | Task run 'publish_run-93e' - Finished in state Completed()
00:00:12.000 | INFO    | Flow run 'vigorous-lizard' - Finished in state Completed()
"""


def test_each_stage_runs_from_the_mark_before_it() -> None:
    got = stage_seconds(LOG, wall=15.0)
    assert list(got) == [
        "look",
        "find",
        "parse_and_land",
        "build",
        "check",
        "publish_run",
        "flow_end",
        OUTSIDE,
    ]
    assert got["look"] == pytest.approx(0.04)
    assert got["parse_and_land"] == pytest.approx(2.5)  # across midnight
    assert got["build"] == pytest.approx(1.0 + 6.0)  # a retried task adds up
    assert got["flow_end"] == pytest.approx(0.1)
    assert got[OUTSIDE] == pytest.approx(15.0 - 12.5)
    assert sum(got.values()) == pytest.approx(15.0)


def test_a_log_without_a_finished_flow_gives_nothing() -> None:
    unfinished = LOG.rsplit("\n", 2)[0]
    assert stage_seconds(unfinished, wall=15.0) == {}
    assert stage_seconds("", wall=1.0) == {}


def test_the_first_flow_run_of_the_log_is_timed() -> None:
    later = LOG.replace("'check-ebc'", "'other-1'")
    assert stage_seconds(LOG + later, wall=15.0) == stage_seconds(LOG, wall=15.0)
    assert "other" in stage_seconds(later, wall=15.0)


def test_extra_by_stage_keeps_stages_of_either_run() -> None:
    assert extra_by_stage({"find": 0.1, "check": 2.0}, {"find": 0.4, "build": 3.0}) == {
        "find": 0.3,
        "build": 3.0,
        "check": -2.0,
    }
