with rejected as (
    select * from {{ ref('stg_landing__rejected_metrics') }}
),

final as (
    select
        md5(concat_ws('|', source_path, source_sha256, source_kind, related_position, seq,
            char_start, char_end, mention)) as rejected_metric_id,
        source_path,
        source_sha256,
        run_id,
        source_kind,
        related_position,
        seq,
        mention,
        char_start,
        char_end,
        sentence,
        value,
        unit,
        unit_family,
        qualifier,
        indicator,
        region,
        region_code,
        region_level,
        period_year,
        period_text,
        is_target,
        indicator_code,
        measure,
        reason,
    from rejected
    qualify row_number() over (partition by rejected_metric_id order by seq) = 1
)

select * from final
