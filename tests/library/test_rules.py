"""Smart collections: rule trees compiled to SQL, with filters on every field."""
from datetime import date, datetime

import pytest

from studio.library import catalog, ops, rules
from studio.project.models.library import Asset


@pytest.fixture
def lib(project):
    rows = [
        dict(kind="image", title="日落", rating=5, licence="cc0", size=5_000_000, taken=datetime(2024, 6, 1)),
        dict(kind="image", title="雪山", rating=2, licence="cc-by", size=800_000, taken=datetime(2021, 1, 1)),
        dict(kind="video", title="城市延时", rating=4, licence="own", size=50_000_000, commercial_ok=True),
        dict(kind="audio", title="鼓点", rating=0, licence="unknown", size=3_000_000),
    ]
    with project.action("seed") as s:
        assets = [Asset(**r) for r in rows]
        s.add_all(assets)
        s.flush()
        ops.refresh_search(s, [a.id for a in assets])
        ids = [a.id for a in assets]
    ops.add_tags(project, ids[:2], ["风景"])
    ops.add_tags(project, [ids[2]], ["城市", "风景"])
    return project, ids


def run(project, rule):
    with project.read() as s:
        return set(catalog.find(s, rule=rule))


def test_and_or_not(lib):
    p, (sun, snow, city, drum) = lib
    assert run(p, {"op": "and", "rules": [{"field": "kind", "op": "in", "value": ["image"]},
                                          {"field": "rating", "op": ">=", "value": 4}]}) == {sun}
    assert run(p, {"op": "or", "rules": [{"field": "kind", "op": "is", "value": "audio"},
                                         {"field": "licence", "op": "in", "value": ["own"]}]}) == {city, drum}
    assert run(p, {"op": "not", "rules": [{"field": "tags", "op": "has_any", "value": ["风景"]}]}) == {drum}


def test_tags_date_size_text_flags(lib):
    p, (sun, snow, city, drum) = lib
    assert run(p, {"field": "tags", "op": "has_all", "value": ["风景", "城市"]}) == {city}
    assert run(p, {"field": "tags", "op": "untagged", "value": []}) == {drum}
    assert run(p, {"field": "taken", "op": ">=", "value": "2022-01-01"}) == {sun}
    assert run(p, {"field": "size", "op": ">", "value": 4_000_000}) == {sun, city}
    assert run(p, {"field": "text", "op": "matches", "value": "雪山"}) == {snow}
    assert run(p, {"field": "commercial_ok", "op": "is", "value": True}) == {city}
    assert run(p, {"field": "added", "op": "within_days", "value": 1}) == {sun, snow, city, drum}


def test_smart_collection_follows_changes(lib):
    p, (sun, snow, city, drum) = lib
    cid = ops.create_collection(p, "五星素材", rule={"field": "rating", "op": "=", "value": 5})
    with p.read() as s:
        coll = [c for c in catalog.collections(s) if c.id == cid][0]
        rule = catalog.collection_rule(coll)
    assert run(p, rule) == {sun}
    ops.update(p, [drum], rating=5)
    assert run(p, rule) == {sun, drum}


def test_manual_collection(lib):
    p, (sun, snow, city, drum) = lib
    cid = ops.create_collection(p, "封面备选")
    ops.add_to_collection(p, cid, [snow, city, snow])
    assert run(p, {"field": "collection", "op": "in", "value": cid}) == {snow, city}
    ops.remove_from_collection(p, cid, [snow])
    assert run(p, {"field": "collection", "op": "in", "value": cid}) == {city}


@pytest.mark.parametrize("bad", [
    {"op": "xor", "rules": []},
    {"field": "colour_of_sky", "op": "is", "value": 1},
    {"field": "rating", "op": "~", "value": 1},
    {"field": "rating", "op": ">", "value": "many"},
    {"field": "kind", "op": "in", "value": ["hologram"]},
    {"field": "date", "op": ">", "value": "yesterday"},
])
def test_bad_rules_are_refused_with_a_message(bad, project):
    with pytest.raises(rules.RuleError):
        ops.create_collection(project, "x", rule=bad)
