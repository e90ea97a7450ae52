with collected as (
    select * from {{ ref('int_abstracts_collected') }}
),

carriers as (
    select
        abstract_id,
        count(distinct article_id) as articles,
        bool_or(kind = 'own') as is_own,
    from collected
    group by abstract_id
),

representatives as (
    select * from collected
    qualify row_number() over (
        partition by abstract_id
        order by kind = 'own' desc, loaded_at desc, article_id, position
    ) = 1
),

final as (
    select
        representatives.abstract_id,
        case when carriers.is_own then 'own' else 'related' end as kind,
        representatives.doc_type,
        representatives.title,
        representatives.text,
        length(representatives.text) as chars,
        representatives.is_truncated,
        carriers.articles,
    from representatives
    inner join carriers on representatives.abstract_id = carriers.abstract_id
)

select * from final
