{#-
    The columns of a landed metric mention, renamed and cast: shared by the staging views of
    landing.metrics and landing.rejected_metrics, which land the same record type.
-#}
{% macro metric_columns() -%}
        path as source_path,
        sha256 as source_sha256,
        run_id,
        seq,
        source as source_kind,
        related_position,
        mention,
        char_start,
        char_end,
        sentence,
        -- rows landed before sentences were numbered carry their own sentence: their own number
        coalesce(sentence_no, -1 - seq) as sentence_no,
        value::double as value,
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
        direction::tinyint as direction,
{%- endmacro %}
