{{ config(materialized='view') }}
{#- A view, so rows the flow writes after the build show at once. -#}

with quarantine as (
    select * from {{ ref('stg_landing__quarantine') }}
),

final as (
    select
        path,
        sha256,
        reason,
        detail,
        run_id,
        quarantined_at,
    from quarantine
)

select * from final
