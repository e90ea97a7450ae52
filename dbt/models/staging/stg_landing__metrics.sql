with source as (
    select * from {{ source('landing', 'metrics') }}
),

final as (
    select
{{ metric_columns() }}
    from source
)

select * from final
