with source as (
    select * from {{ source('landing', 'rejected_metrics') }}
),

final as (
    select
{{ metric_columns() }}
        reason,
    from source
)

select * from final
