{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        pre_hook="{{ near_duplicate_forget_affected() }}",
        post_hook="{{ near_duplicate_remember_signatures() }}",
    )
}}
{#-
    Pairs of published articles whose bodies are near-duplicates: two copies of one article
    that differ by a heading, a few words, their layout or their script (winnow.neardup).
    Candidates share a band key of their MinHash signatures (locality-sensitive hashing: a
    join on the keys, never a comparison of every pair); a candidate is kept when the
    estimated Jaccard similarity of the two clause sets (the share of equal signature values)
    reaches var('near_duplicate_threshold'), the same rule as winnow.neardup.linked.
    A band key shared by more than var('max_band_bucket') articles (a text reprinted in
    bulk) links each of them with the bucket's smallest article id only, so that one bucket
    cannot make a number of pairs that grows with the square of its size.
    Incremental: a build links again only the articles that share a band key with an article
    whose signature is new, changed or gone (macros/near_duplicates.sql keeps the signatures
    of the last build and forgets those articles' pairs first); no other pair can change, as
    its buckets and signatures are the same. Changing var('near_duplicate_threshold') or
    var('max_band_bucket') needs `--full-refresh`.
-#}

with articles as (
    select article_id, minhash, minhash_bands
    from {{ ref('int_articles_deduplicated') }}
    where minhash is not null
),

all_bands as (
    select article_id, unnest(minhash_bands) as band_key
    from articles
),

{% if is_incremental() %}
affected as (
    select article_id from {{ near_duplicate_state('affected') }}
),

bands as (  -- the buckets of the affected articles, with all their members
    select all_bands.*
    from all_bands
    semi join (
        select all_bands.band_key from all_bands semi join affected using (article_id)
    ) as reached using (band_key)
),
{% else %}
bands as (
    select * from all_bands
),
{% endif %}

buckets as (
    select band_key, count(*) as members, min(article_id) as anchor_id,
    from bands
    group by band_key
    having count(*) > 1
),

small_bucket_pairs as (
    select left_bands.article_id as article_a, right_bands.article_id as article_b,
    from bands as left_bands
    inner join buckets
        on left_bands.band_key = buckets.band_key
        and buckets.members <= {{ var('max_band_bucket') }}
    inner join bands as right_bands
        on left_bands.band_key = right_bands.band_key
        and left_bands.article_id < right_bands.article_id
),

large_bucket_pairs as (
    select buckets.anchor_id as article_a, bands.article_id as article_b,
    from bands
    inner join buckets
        on bands.band_key = buckets.band_key
        and buckets.members > {{ var('max_band_bucket') }}
        and bands.article_id > buckets.anchor_id
),

bucket_pairs as (
    select * from small_bucket_pairs
    union  -- a pair sharing several bands once
    select * from large_bucket_pairs
),

candidates as (
    select * from bucket_pairs
    {% if is_incremental() -%}
    where article_a in (select article_id from affected) or article_b in (select article_id from affected)
    {%- endif %}
),

scored as (
    select
        candidates.article_a,
        candidates.article_b,
        list_sum(list_transform(
            list_zip(left_articles.minhash, right_articles.minhash), pair -> (pair[1] = pair[2])::integer
        )) / len(left_articles.minhash) as similarity,
    from candidates
    inner join articles as left_articles on candidates.article_a = left_articles.article_id
    inner join articles as right_articles on candidates.article_b = right_articles.article_id
),

final as (
    select * from scored
    where similarity >= {{ var('near_duplicate_threshold') }}
)

select * from final
