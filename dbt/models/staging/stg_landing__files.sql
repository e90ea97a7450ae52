with source as (
    select * from {{ source('landing', 'files') }}
),

final as (
    select
        path as source_path,
        sha256 as source_sha256,
        size as size_bytes,
        mtime_ns,
        format,
        encoding,
        status,
        reason,
        run_id,
        loaded_at,
    from source
)

select * from final
