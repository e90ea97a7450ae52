-- Answers: how did one indicator develop, region by region and year by year?
-- Reads marts.metrics_by_region_year (one row per region × year × indicator × unit).
-- Choose the indicator first, e.g. in the DuckDB CLI:  set variable indicator = '茶园面积';
-- Left unset, the query takes the indicator reported in the most region-year cells.
-- value_* are achieved figures (targets excluded) in `unit`; target_value_max is the largest target.
with chosen as (
    select coalesce(
        getvariable('indicator'),
        (
            select indicator
            from marts.metrics_by_region_year
            where indicator is not null
            group by indicator
            order by count(*) desc, sum(mentions) desc, indicator
            limit 1
        )
    ) as indicator
)

select
    cells.indicator,
    cells.region_code,
    cells.region_name,
    cells.region_level,
    cells.period_year,
    cells.unit,
    cells.mentions,
    cells.target_mentions,
    cells.value_min,
    cells.value_median,
    cells.value_max,
    cells.target_value_max,
from marts.metrics_by_region_year as cells
inner join chosen on cells.indicator = chosen.indicator
order by cells.region_code, cells.period_year, cells.unit;
