"""``winnow serve``: scheduled runs through Prefect.

Prefect's ephemeral API cannot hold schedules, so serving needs a Prefect server: the one
named by PREFECT_API_URL (docker-compose runs one), or, when that is unset, a local server
that this command starts on 127.0.0.1 and stops when it exits.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

LOCAL_HOST = "127.0.0.1"


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def prefect_server(port: int = 4200) -> Iterator[str]:
    """The API URL of a running Prefect server; start a local one (on ``port``) if none is configured."""
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        yield configured
        return
    api_url = f"http://{LOCAL_HOST}:{port}/api"
    exe = Path(sys.executable).with_name("prefect")
    cmd = [str(exe), "server", "start", "--host", LOCAL_HOST, "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not _healthy(api_url):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"could not start a Prefect server with: {' '.join(cmd)}")
            time.sleep(0.5)
        os.environ["PREFECT_API_URL"] = api_url
        yield api_url
    finally:
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=20)


def serve_forever(*, cron: str, raw: Path, warehouse: Path, dask: str = "", port: int = 4200) -> None:
    with prefect_server(port) as api_url:
        print(f"serving winnow-run on {api_url} with schedule {cron!r}", flush=True)
        from flows.pipeline import winnow_run
        from flows.runner import configured_flow

        flow, parse_on = configured_flow(winnow_run, dask)
        flow.serve(
            name="winnow-scheduled",
            cron=cron,
            parameters={"raw": str(raw), "warehouse": str(warehouse), "parse_on": parse_on},
        )
