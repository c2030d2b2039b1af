"""Comment review: reading csv/xlsx/pasted comments, flags, negativity and marks stored in the project."""
from __future__ import annotations

import csv

import openpyxl
import pytest

from studio.check import comments as cm
from studio.check.lexicon import builtin
from studio.check.matcher import Matcher


@pytest.fixture(scope="module")
def matcher():
    return Matcher(builtin())


def test_negativity_uses_cues_and_negation():
    assert cm.negativity("质量很好，推荐购买")[0] == 0
    bad, cues = cm.negativity("太差了，客服不回复，千万别买！！")
    assert bad >= 0.9 and "千万别" in cues
    assert cm.negativity("一点都不好用")[0] > 0
    assert cm.negativity("不好用")[0] > cm.negativity("不差")[0]


def test_pasted_comments_with_authors():
    got = cm.parse_pasted("小王：加我薇信有优惠\n\n李四\t东西不错\n没有名字的评论")
    assert [(c.author, c.text) for c in got] == [("小王", "加我薇信有优惠"), ("李四", "东西不错"), ("", "没有名字的评论")]


def test_csv_and_xlsx_import_with_headers(tmp_path):
    rows = [["昵称", "评论内容", "点赞"], ["甲", "垃圾产品，退钱", "3"], ["乙", "加vx返现", "0"]]
    with open(tmp_path / "c.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(tmp_path / "c.xlsx")
    for name in ("c.csv", "c.xlsx"):
        got = cm.read_file(tmp_path / name)
        assert [(c.author, c.text, c.likes) for c in got] == [("甲", "垃圾产品，退钱", 3), ("乙", "加vx返现", 0)]


def test_analyse_save_and_mark(project, matcher):
    items = cm.analyse(cm.parse_pasted("加我薇信有优惠\n太失望了，骗子\n很好用，推荐"), matcher)
    assert [c.severity for c in items] == ["high", "", ""]
    assert items[1].negative > 0.5 and items[2].negative == 0
    assert cm.save(project, items, "batch1") == 3
    rows = cm.listed(project, "batch1")
    cm.set_mark(project, [rows[0].id], "handover")
    assert [r.mark for r in cm.listed(project)] == ["handover", "", ""]
    project.undo()
    assert [r.mark for r in cm.listed(project)] == ["", "", ""]
