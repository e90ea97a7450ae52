{#-
    Render ref() and source() without the catalog name. DuckDB names the catalog after the
    file, and the flow builds into a staging copy that is then renamed to winnow.duckdb:
    a view whose SQL says "winnow_staging"."marts"."x" would break after the rename, while
    "marts"."x" resolves inside whatever file the view lives in.
-#}
{% macro ref() -%}
    {%- set version = kwargs.get('version') or kwargs.get('v') -%}
    {%- if varargs | length == 1 -%}
        {%- set relation = builtins.ref(varargs[0], version=version) -%}
    {%- else -%}
        {%- set relation = builtins.ref(varargs[0], varargs[1], version=version) -%}
    {%- endif -%}
    {%- do return(relation.include(database=false)) -%}
{%- endmacro %}

{% macro source(source_name, table_name) -%}
    {%- do return(builtins.source(source_name, table_name).include(database=false)) -%}
{%- endmacro %}
