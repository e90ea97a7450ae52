with source as (
    select * from {{ source('landing', 'regions') }}
),

final as (
    select
        region_code,
        name,
        short_name,
        level,
        parent_code,
    from source
)

select * from final
