"""Where a whole run's time goes: the flow's stages, read off the timestamps of its log.

Prefect logs when the flow run begins, when each task run finishes and when the flow run
finishes. A stage is timed from the mark before it (the flow's start or the previous task's
finish) to its own finish, so the gaps between tasks count to the task that follows them;
what the process spends outside the flow (interpreter, imports, Prefect's client, exit)
is the run's wall time less the flow's span.
"""

from __future__ import annotations

import re
from typing import Final

OUTSIDE: Final = "outside the flow"
DAY: Final = 24 * 3600.0
_MARK: Final = re.compile(
    r"^(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d(?:\.\d+)?) \| \w+ +\| "
    r"(?:Task run '(?P<task>\w+?)-\w+' - Finished in state"
    r"|Flow run '[^']*' - (?P<flow>Beginning flow run|Finished in state))",
    re.MULTILINE,
)


def stage_seconds(log: str, wall: float) -> dict[str, float]:
    """Seconds per stage of the flow whose log is ``log``, in the order they ran, and
    ``OUTSIDE``: ``wall`` (the run's measured wall time) less the flow's span.

    A task run more than once (a retry) adds up; a clock that passes midnight is followed.
    The first flow run of the log that began and finished is timed (``winnow run`` makes one);
    empty when there is none.
    """
    out: dict[str, float] = {}
    began = last = None
    offset = 0.0
    previous = -1.0
    for m in _MARK.finditer(log):
        t = int(m["h"]) * 3600 + int(m["m"]) * 60 + float(m["s"]) + offset
        if t < previous:  # past midnight
            offset += DAY
            t += DAY
        previous = t
        if m["flow"] == "Beginning flow run":
            began = last = t
            out.clear()
        elif last is None or began is None:
            continue
        elif m["task"]:
            out[m["task"]] = out.get(m["task"], 0.0) + (t - last)
            last = t
        else:  # the flow finished
            out["flow_end"] = t - last
            out[OUTSIDE] = max(0.0, wall - (t - began))
            return {k: round(v, 3) for k, v in out.items()}
    return {}


def extra_by_stage(small: dict[str, float], big: dict[str, float]) -> dict[str, float]:
    """What each stage of the bigger run took more than the smaller one's (stages of either)."""
    names = list(big) + [k for k in small if k not in big]
    return {k: round(big.get(k, 0.0) - small.get(k, 0.0), 2) for k in names}
