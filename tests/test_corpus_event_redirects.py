"""A corpus event folded into another keeps its URLs: the store records where its reports
went (SQLite and PostgreSQL), `Query.corpus_event` gives the surviving event, and the page
and the API answer 301 with the surviving event's URL; relink rebuilds the same redirects."""

from __future__ import annotations

import newsgraph
from newsgraph.link.relink import relink
from newsgraph.model import Article, content_id
from newsgraph.serve import create_app
from tests.built_articles import TestClient
from tests.linked_articles import write
from tests.test_corpus_events import ABE, TUESDAY, corpus_event_of, shooting, tables

# The gunman named in one report, the town in another: the third, naming both, folds the
# corpus event of one into that of the other.
GUNMAN = shooting(1, ["Omar Mateen"], None, "2016-06-12")
TOWN = shooting(2, [], "Orlando", "2016-06-13")
BOTH = shooting(3, ["Omar Mateen"], "Orlando", "2016-06-13")


def founded(article: Article) -> str:
    """The id of the corpus event an article's first event founds."""
    return content_id("event", article.id, article.events[0].id)


def test_a_folded_event_leads_to_the_one_holding_its_reports(db_url: str) -> None:
    with write(db_url, [GUNMAN, TOWN, TUESDAY[0], ABE, BOTH], batch=1) as store:
        survivor = corpus_event_of(store, BOTH)
        (folded,) = {founded(GUNMAN), founded(TOWN)} - {survivor}
        meeting = corpus_event_of(store, TUESDAY[0])
        assert not store.corpus_event_rows([folded])
        assert store.event_moved(folded) == survivor
        assert store.event_moved(survivor) is None and store.event_moved(meeting) is None

        with newsgraph.open(db_url) as kb:  # closed here: an unclosed pool's thread may
            found = kb.corpus_event(folded)  # be the one that collects it, and cannot join
        assert found is not None and found["corpus_event"] == survivor
        assert found["sources"] == 3 and len(found["reports_detail"]) == 3
        with TestClient(create_app(db_url)) as client:
            for url in (f"/api/v1/events/{folded}", f"/events/{folded}"):
                moved = client.get(url, follow_redirects=False)
                assert moved.status_code == 301, url
                assert moved.headers["location"] == survivor
                assert client.get(url).url.path == url.replace(folded, survivor)
            assert client.get(f"/api/v1/events/{folded}").json()["corpus_event"] == survivor
            assert client.get(f"/api/v1/events/{survivor}", follow_redirects=False).is_success
            gone = client.get(f"/api/v1/events/{'0' * 16}", follow_redirects=False)
            assert gone.status_code == 404

        before = tables(store)
        assert before["corpus_event_redirects"] == [(folded, survivor)]
        relink(store)
        assert tables(store) == before

        # folded again (here by hand): the ids folded into it lead on to the new survivor
        with store.transaction():
            store.events_fold(meeting, [survivor])
        assert store.event_moved(folded) == store.event_moved(survivor) == meeting
