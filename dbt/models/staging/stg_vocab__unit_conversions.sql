{#- Units and their factor to the standard unit of their family (seed dbt/seeds/unit_conversions.csv). -#}
with source as (
    select * from {{ ref('unit_conversions') }}
),

final as (
    select
        unit,
        unit_family,
        unit_std,
        factor::double as factor,
    from source
)

select * from final
