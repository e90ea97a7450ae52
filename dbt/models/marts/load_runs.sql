{{ config(materialized='view') }}
{#- A view, so the row the flow inserts for the current run after the checks shows at once. -#}

with runs as (
    select * from {{ ref('stg_landing__runs') }}
),

final as (
    select
        run_id,
        started_at,
        finished_at,
        date_diff('millisecond', started_at, finished_at) / 1000.0 as duration_seconds,
        status,
        files_seen,
        files_new,
        files_changed,
        files_unchanged,
        files_removed,
        files_quarantined,
        articles_loaded,
        metrics_loaded,
        metrics_rejected,
        checks_passed,
        checks_failed,
        checks_warned,
        published,
        message,
    from runs
)

select * from final
