{#-
    A stable id derived from content: md5 of the given text expressions with every kind of
    whitespace removed (ASCII, full-width U+3000, no-break space, zero-width characters),
    joined by a unit separator. The same article decoded from two encodings, or laid out with
    different line breaks, gets the same id.
-#}
{% macro content_id(expressions) -%}
    md5(concat_ws(chr(31)
    {%- for expression in expressions %},
        {{ strip_whitespace(expression) }}
    {%- endfor %}
    ))
{%- endmacro %}

{% macro strip_whitespace(expression) -%}
    regexp_replace(coalesce({{ expression }}, ''), '[\s\p{Z}\x{200B}\x{FEFF}]+', '', 'g')
{%- endmacro %}
