with source as (
    select * from {{ source('landing', 'quarantine') }}
),

final as (
    select
        path,
        sha256,
        reason,
        detail,
        run_id,
        quarantined_at,
    from source
)

select * from final
