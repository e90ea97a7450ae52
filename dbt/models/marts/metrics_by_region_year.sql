with metrics as (
    select * from {{ ref('metrics') }}
),

regions as (
    select * from {{ ref('regions') }}
),

near_copies as (  -- a near-duplicate of an article counted already (marts.article_clusters)
    select article_id from {{ ref('article_clusters') }}
    where duplicate_of is not null
),

located as (
    select metrics.* from metrics
    anti join near_copies on metrics.article_id = near_copies.article_id
    where metrics.region_code is not null and metrics.period_year is not null
),

aggregated as (
    select
        region_code,
        period_year,
        indicator,
        unit,
        unit_family,
        count(*) as mentions,
        count(*) filter (where is_target) as target_mentions,
        count(distinct article_id) as articles,
        count(distinct abstract_id) as abstracts,
        min(value) filter (where not is_target) as value_min,
        max(value) filter (where not is_target) as value_max,
        median(value) filter (where not is_target) as value_median,
        avg(value) filter (where not is_target) as value_avg,
        max(value) filter (where is_target) as target_value_max,
    from located
    group by region_code, period_year, indicator, unit, unit_family
),

final as (
    select
        md5(concat_ws('|', aggregated.region_code, aggregated.period_year,
            coalesce(aggregated.indicator, ''), aggregated.unit, aggregated.unit_family)) as cell_id,
        aggregated.region_code,
        regions.name as region_name,
        regions.level as region_level,
        regions.province_code,
        aggregated.period_year,
        aggregated.indicator,
        aggregated.unit,
        aggregated.unit_family,
        aggregated.mentions,
        aggregated.target_mentions,
        aggregated.articles,
        aggregated.abstracts,
        aggregated.value_min,
        aggregated.value_max,
        aggregated.value_median,
        aggregated.value_avg,
        aggregated.target_value_max,
    from aggregated
    left join regions on aggregated.region_code = regions.region_code
)

select * from final
