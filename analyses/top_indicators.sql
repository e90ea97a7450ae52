-- Answers: which canonical indicators do the texts report most, in which measures, and how widely?
-- Reads marts.metrics (one row per metric mention). One row per indicator × measure (level,
-- growth_rate, share …); mentions without an indicator code are left out (their free-text
-- `indicator` stays in marts.metrics). `spellings` counts the free-text indicators coded to it.
select
    indicator_code,
    indicator_name,
    measure,
    count(*) as mentions,
    count(distinct article_id) as articles,
    count(distinct abstract_id) as abstracts,
    count(distinct region_code) as regions,
    mode(unit_std) as usual_unit,
    count(distinct indicator) as spellings,
    min(period_year) as first_year,
    max(period_year) as last_year,
from marts.metrics
where indicator_code is not null
group by indicator_code, indicator_name, measure
order by mentions desc, indicator_code, measure
limit 20;
