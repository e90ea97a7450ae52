-- Answers: which abstracts appear on more than one article's page, and on which?
-- Reads marts.abstracts (one row per distinct abstract text), marts.article_abstracts (which
-- abstracts a page carries) and marts.articles. An abstract listed under 其他文献 on many pages
-- is one row of marts.abstracts; here it is listed with the titles of the pages that carry it.
select
    abstracts.abstract_id,
    abstracts.kind,
    abstracts.doc_type,
    count(distinct links.article_id) as pages,
    list(distinct articles.title order by articles.title) as page_titles,
    left(abstracts.text, 40) as text_start,
from marts.abstracts as abstracts
inner join marts.article_abstracts as links on abstracts.abstract_id = links.abstract_id
inner join marts.articles as articles on links.article_id = articles.article_id
group by abstracts.abstract_id, abstracts.kind, abstracts.doc_type, abstracts.text
having count(distinct links.article_id) > 1
order by pages desc, abstracts.abstract_id;
