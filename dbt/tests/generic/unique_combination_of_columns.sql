{#- Fails on every combination of the given columns that occurs more than once. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

with combinations as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as occurrences,
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
),

final as (
    select * from combinations
    where occurrences > 1
)

select * from final

{% endtest %}
