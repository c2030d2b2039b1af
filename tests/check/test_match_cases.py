"""The evasion/trap tables of ``evasion_cases`` on the builtin lexicons, plus a precision check."""
from __future__ import annotations

import pytest

from studio.check.lexicon import builtin
from studio.check.matcher import Matcher
from tests.check.evasion_cases import HITS, NEWS, TRAPS


@pytest.fixture(scope="module")
def matcher():
    return Matcher(builtin())


@pytest.mark.parametrize("text,term,span", HITS, ids=[h[0] for h in HITS])
def test_evasion_hits_the_term_at_the_exact_span(matcher, text, term, span):
    found = matcher.scan(text)
    hits = [f for f in found if f.term == term]
    assert hits, f"{term} not found in {text!r}: {[(f.text, f.term) for f in found]}"
    assert any(text[f.start:f.end] == f.text == span for f in hits), [(f.start, f.end, f.text) for f in hits]


@pytest.mark.parametrize("text,term", TRAPS, ids=[t[0] for t in TRAPS])
def test_trap_stays_clean(matcher, text, term):
    found = matcher.scan(text)
    assert term not in {f.term for f in found}, [(f.text, f.term, f.how) for f in found]


def test_news_text_has_no_finding_outside_advertising_claims(matcher):
    assert len(NEWS) > 2500
    found = [f for f in matcher.scan(NEWS) if f.category != "ad_absolute"]
    assert found == [], [(f.text, f.term, f.how) for f in found]


def test_every_hit_indexes_the_original_text(matcher):
    text = "\n".join(h[0] for h in HITS)
    found = matcher.scan(text)
    assert len(found) >= len(HITS) * 0.9
    for f in found:
        assert text[f.start:f.end] == f.text and f.start < f.end
