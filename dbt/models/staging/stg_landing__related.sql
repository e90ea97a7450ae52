with source as (
    select * from {{ source('landing', 'related') }}
),

final as (
    select
        path as source_path,
        sha256 as source_sha256,
        run_id,
        position,
        doc_type,
        title,
        text,
        truncated as is_truncated,
    from source
)

select * from final
