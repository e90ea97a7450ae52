with source as (
    select * from {{ source('landing', 'runs') }}
),

final as (
    select
        run_id,
        started_at,
        finished_at,
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
    from source
)

select * from final
