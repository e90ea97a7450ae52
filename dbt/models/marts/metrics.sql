with attributed as (
    select * from {{ ref('int_metrics_attributed') }}
),

deduplicated as (
    select * from attributed
    qualify row_number() over (
        partition by metric_id order by loaded_at desc, source_path desc
    ) = 1
),

final as (
    select
        metric_id,
        source_kind,
        article_id,
        abstract_id,
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
        source_path,
    from deduplicated
)

select * from final
