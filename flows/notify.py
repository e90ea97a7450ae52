"""What happens when a run fails or its checks block publishing.

The hook always logs the failure with the run's message. To be told elsewhere, set
``WINNOW_NOTIFY_URL`` to any Apprise URL (Apprise ships with Prefect): a Slack or Teams
webhook, ``mailto://user:password@host?to=ops@example.org``, ``json://host/path`` for a
plain webhook, … The notification is best effort: it never changes the run's outcome.
"""

from __future__ import annotations

import logging
import os
from typing import Any

log = logging.getLogger("winnow.notify")


def notify_failure(flow: Any, flow_run: Any, state: Any) -> None:
    message = f"Winnow run {flow_run.name!r} ended {state.name}: {state.message or ''}".strip()
    log.error(message)
    url = os.environ.get("WINNOW_NOTIFY_URL")
    if not url:
        return
    try:
        import apprise

        sender = apprise.Apprise()
        sender.add(url)
        sender.notify(title="Winnow run failed", body=message)
    except Exception as e:  # a broken notifier must not hide the failure it reports
        log.warning("could not send the failure notification: %s", e)
