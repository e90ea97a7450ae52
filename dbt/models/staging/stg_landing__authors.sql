with source as (
    select * from {{ source('landing', 'authors') }}
),

final as (
    select
        path as source_path,
        sha256 as source_sha256,
        run_id,
        position::integer as position,
        name,
        affiliation,
    from source
)

select * from final
