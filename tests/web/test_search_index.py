from triggerpoint.web.search.index import Document, build_index, tokens

DOCS = [
    Document("muscle", "Upper trapezius", "/m/ut", "Neck and shoulder.", ("tension headache",)),
    Document("muscle", "Levator scapulae", "/m/ls", "Lifts the shoulder blade.", ("stiff neck",)),
    Document("symptom", "Tension headache", "/s/th", "Often from the neck.", ("headache",)),
    Document("region", "Temple", "/r/t", "Side of the head.", ("side of the head",)),
]


def test_tokens_drop_stopwords_and_plural_endings():
    assert tokens("The headaches of my knees") == ["headache", "knee"]


def test_a_title_match_ranks_first():
    hits = build_index(DOCS).search("tension headache")
    assert hits[0].document.url == "/s/th"
    assert {h.document.url for h in hits} >= {"/s/th", "/m/ut"}


def test_small_typos_still_find_the_page():
    assert build_index(DOCS).search("levatr scapula")[0].document.url == "/m/ls"
    assert build_index(DOCS).search("tempel")[0].document.url == "/r/t"


def test_nonsense_and_empty_queries_find_nothing():
    index = build_index(DOCS)
    assert index.search("") == []
    assert index.search("the of and") == []
    assert index.search("xqzvw") == []


def test_boost_orders_equal_matches():
    docs = [Document("a", "Neck", "/1", boost=1.0), Document("b", "Neck", "/2", boost=2.0)]
    assert [h.document.url for h in build_index(docs).search("neck")] == ["/2", "/1"]
