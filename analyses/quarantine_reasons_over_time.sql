-- Answers: why were raw files rejected, run after run?
-- Reads marts.quarantine (one row per rejected file version) and marts.load_runs (one row per run).
-- One row per run × reason, oldest run first; `files` counts the file versions that run rejected.
select
    quarantine.run_id,
    coalesce(runs.started_at, min(quarantine.quarantined_at)) as run_started_at,
    quarantine.reason,
    count(*) as files,
    list(quarantine.path order by quarantine.path) as paths,
from marts.quarantine as quarantine
left join marts.load_runs as runs on quarantine.run_id = runs.run_id
group by quarantine.run_id, runs.started_at, quarantine.reason
order by run_started_at, quarantine.run_id, quarantine.reason;
