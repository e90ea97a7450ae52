{{ config(materialized='view') }}
{#-
    The metric mentions with their sentence: a view joining the mentions
    (int_metrics_standardised) to their sentences, stored once per page (int_metric_sentences).
-#}

with mentions as (
    select * from {{ ref('int_metrics_standardised') }}
),

sentences as (
    select * from {{ ref('int_metric_sentences') }}
),

final as (
    select
        mentions.metric_id,
        mentions.source_kind,
        mentions.article_id,
        mentions.abstract_id,
        mentions.mention,
        mentions.char_start,
        mentions.char_end,
        sentences.sentence,
        mentions.value,
        mentions.unit,
        mentions.unit_family,
        mentions.qualifier,
        mentions.indicator,
        mentions.region,
        mentions.region_code,
        mentions.region_level,
        mentions.period_year,
        mentions.period_text,
        mentions.is_target,
        mentions.indicator_code,
        mentions.indicator_name,
        mentions.indicator_name_en,
        mentions.measure,
        mentions.value_std,
        mentions.unit_std,
        mentions.source_path,
    from mentions
    left join sentences
        on mentions.source_path = sentences.source_path
        and mentions.source_sha256 = sentences.source_sha256
        and mentions.sentence_no = sentences.sentence_no
)

select * from final
