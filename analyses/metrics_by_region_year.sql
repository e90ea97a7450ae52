-- Answers: how did one indicator develop, region by region and year by year?
-- Reads marts.metrics_by_region_year (one row per region × year × canonical indicator × measure × standard unit).
-- Choose the indicator and measure first, e.g. in the DuckDB CLI:
--   set variable indicator = 'gdp'; set variable measure = 'growth_rate';
-- Left unset, the query takes the indicator reported in the most region-year cells, and its
-- measure with the most cells. value_* are achieved figures (targets apart) in `unit_std`.
with chosen_indicator as (
    select coalesce(
        getvariable('indicator'),
        (
            select indicator_code
            from marts.metrics_by_region_year
            group by indicator_code
            order by count(*) desc, sum(mentions) desc, indicator_code
            limit 1
        )
    ) as indicator_code
),

chosen as (
    select
        chosen_indicator.indicator_code,
        coalesce(
            getvariable('measure'),
            (
                select cells.measure
                from marts.metrics_by_region_year as cells
                where cells.indicator_code = chosen_indicator.indicator_code
                group by cells.measure
                order by count(*) desc, sum(cells.mentions) desc, cells.measure
                limit 1
            )
        ) as measure,
    from chosen_indicator
)

select
    cells.indicator_code,
    cells.indicator_name,
    cells.measure,
    cells.region_code,
    cells.region_name,
    cells.region_level,
    cells.period_year,
    cells.unit_std,
    cells.mentions,
    cells.target_mentions,
    cells.value_min,
    cells.value_median,
    cells.value_max,
    cells.target_value_max,
from marts.metrics_by_region_year as cells
inner join chosen
    on cells.indicator_code = chosen.indicator_code
    and cells.measure = chosen.measure
order by cells.region_code, cells.period_year, cells.unit_std;
