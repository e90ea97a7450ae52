{#-
    The canonical indicators (seed dbt/seeds/indicator_vocabulary.csv, the file the library codes the
    mentions with): synonyms split into a list, without the marks that tell the library how to
    match them (=项目: only a whole indicator; ^企业: or its last word).
-#}
with source as (
    select * from {{ ref('indicator_vocabulary') }}
),

final as (
    select
        indicator_code,
        name_zh,
        name_en,
        domain,
        unit_family,
        measure_kind,
        list_filter(string_split(coalesce(units, ''), '|'), u -> u <> '') as units,
        nullif(nbs_code, '') as nbs_code,
        list_transform(
            list_filter(string_split(coalesce(synonyms, ''), '|'), s -> s <> ''), s -> ltrim(s, '=^')
        ) as synonyms,
    from source
)

select * from final
