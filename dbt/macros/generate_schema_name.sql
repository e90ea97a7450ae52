{#-
    Use a model's custom schema literally (`marts`, not `main_marts`): analysts read
    `marts.articles`, and the names in the contract are the names in the file.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
