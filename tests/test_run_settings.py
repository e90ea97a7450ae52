"""`winnow run`'s Prefect settings: no flow-run heartbeats unless the environment asks for them."""

from __future__ import annotations

import threading

from prefect import flow
from prefect.settings import get_current_settings, temporary_settings

from flows.runner import HEARTBEAT_VARIABLES, run_settings


@flow
def probe() -> tuple[int | None, int]:
    """The heartbeat frequency the flow run was started with, and its heartbeat threads alive."""
    beating = [
        t
        for t in threading.enumerate()
        if any(getattr(a, "__name__", "") == "heartbeat_loop" for a in getattr(t, "_args", ()))
    ]
    return get_current_settings().flows.heartbeat_frequency, len(beating)


def test_a_run_starts_no_heartbeat_thread_unless_the_environment_asks(prefect_api: str) -> None:
    frequency, threads = probe()
    assert frequency is not None and threads == 1  # Prefect's default, which the probe can see
    with temporary_settings(updates=run_settings({})):
        assert probe() == (None, 0)
    for name in HEARTBEAT_VARIABLES:
        assert run_settings({name: "60"}) == {}  # the operator's setting stands
