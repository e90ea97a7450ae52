with regions as (
    select * from {{ ref('stg_landing__regions') }}
),

final as (
    select
        region_code,
        name,
        short_name,
        level,
        parent_code,
        case
            when level = 'country' then null
            else left(region_code, 2) || '0000'
        end as province_code,
    from regions
)

select * from final
