"""Hostile and broken lexicon files (issue 10): a clear LexiconError (Chinese + English), exit code 2
from `nmstudio check text --lexicon`, never a traceback or a hang; the files are left as they were."""
from __future__ import annotations

import time
import zipfile

import pytest

from studio.check import lexicon as lx
from studio.check import store
from studio.cli import main
from studio.project.errors import StudioError

LOL = ('<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY lol "lol">'
       + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
       + "]>")


def good_xlsx(path):
    return lx.save(lx.parse_text("最好\tad\n"), path)


def rewrite(src, out, member, transform):
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as b:
        for name in a.namelist():
            data = a.read(name)
            b.writestr(name, transform(data.decode("utf-8")).encode("utf-8") if name == member else data)
    return out


def _body(xml: str, root: str) -> str:
    return xml[xml.index(f"<{root}"):]


def hostile_files(d):
    ok = good_xlsx(d / "ok.xlsx")
    cell = '<row r="9"><c r="A9" t="inlineStr"><is><t>{}</t></is></c></row></sheetData>'
    files = {
        "billion-laughs-sheet": rewrite(ok, d / "lol_sheet.xlsx", "xl/worksheets/sheet1.xml", lambda x: (
            LOL.format(root="worksheet") + _body(x, "worksheet").replace("</sheetData>", cell.format("&lol9;")))),
        "billion-laughs-workbook": rewrite(ok, d / "lol_book.xlsx", "xl/workbook.xml", lambda x: (
            LOL.format(root="workbook") + _body(x, "workbook"))),
        "quadratic-blowup": rewrite(ok, d / "quad.xlsx", "xl/worksheets/sheet1.xml", lambda x: (
            f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "{"A" * 50000}">]>'
            + _body(x, "worksheet").replace("</sheetData>", cell.format("&a;" * 20000)))),
        "external-entity": rewrite(ok, d / "xxe.xlsx", "xl/worksheets/sheet1.xml", lambda x: (
            '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            + _body(x, "worksheet").replace("</sheetData>", cell.format("&x;")))),
        "utf16-dtd": d / "utf16.xlsx",
        "not-a-zip": d / "text.xlsx",
        "truncated": d / "cut.xlsx",
        "zip-without-workbook": d / "other.xlsx",
        "broken-xml": rewrite(ok, d / "broken.xlsx", "xl/worksheets/sheet1.xml", lambda x: "<worksheet><sheetData><row><c"),
        "bad-shared-strings-index": rewrite(ok, d / "sst.xlsx", "xl/worksheets/sheet1.xml",
                                            lambda x: x.replace("</sheetData>", '<row r="9"><c r="A9" t="s"><v>999</v></c></row></sheetData>')),
        "zip-bomb": d / "bomb.xlsx",
    }
    with zipfile.ZipFile(ok) as a, zipfile.ZipFile(files["utf16-dtd"], "w") as b:
        for name in a.namelist():
            data = a.read(name)
            if name == "xl/workbook.xml":
                data = ('<?xml version="1.0" encoding="UTF-16"?>' + LOL.format(root="workbook")
                        + _body(data.decode(), "workbook")).encode("utf-16")
            b.writestr(name, data)
    files["not-a-zip"].write_text("term\tcategory\n最好\tad\n", encoding="utf-8")
    files["truncated"].write_bytes(ok.read_bytes()[:400])
    with zipfile.ZipFile(files["zip-without-workbook"], "w") as z:
        z.writestr("hello.txt", "hi")
    with zipfile.ZipFile(files["zip-bomb"], "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b" " * (BOMB_LIMIT + 1))  # the test lowers the limit to this
    return files


BOMB_LIMIT = 2 * 1024 * 1024


@pytest.fixture(autouse=True)
def small_unpack_limit(monkeypatch):
    monkeypatch.setattr(lx, "XLSX_MAX_UNPACKED", BOMB_LIMIT, raising=False)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return hostile_files(tmp_path_factory.mktemp("hostile"))


CASES = ["billion-laughs-sheet", "billion-laughs-workbook", "quadratic-blowup", "external-entity", "utf16-dtd",
         "not-a-zip", "truncated", "zip-without-workbook", "broken-xml", "zip-bomb"]


@pytest.mark.parametrize("case", CASES)
def test_hostile_xlsx_is_a_clear_user_error(hostile, case):
    path = hostile[case]
    before = path.read_bytes()
    started = time.monotonic()
    with pytest.raises(lx.LexiconError) as err:
        lx.load(path)
    assert time.monotonic() - started < 10
    message = str(err.value)
    assert path.name in message and " / " in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)  # Chinese first, then English
    assert isinstance(err.value, StudioError)
    assert path.read_bytes() == before


def test_bad_shared_string_index_never_raises_a_traceback(hostile):
    """openpyxl may read a dangling shared-string index as an error or as a value: either way no
    IndexError escapes."""
    try:
        lx.load(hostile["bad-shared-strings-index"])
    except lx.LexiconError:
        pass


@pytest.mark.parametrize("case", ["billion-laughs-sheet", "not-a-zip", "zip-bomb"])
def test_cli_exit_code_is_that_of_a_user_error(hostile, tmp_path, capsys, case):
    text = tmp_path / "post.txt"
    text.write_text("最好的产品", encoding="utf-8")
    before = hostile[case].read_bytes(), text.read_bytes()
    code = main(["check", "text", str(text), "--no-builtin", "--lexicon", str(hostile[case])])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err and "unexpected error" not in err and "意外错误" not in err
    assert hostile[case].name in err
    assert (hostile[case].read_bytes(), text.read_bytes()) == before


def test_a_good_xlsx_still_loads(hostile):
    lex = lx.load(hostile["billion-laughs-sheet"].with_name("ok.xlsx"))
    assert [e.term for e in lex.entries] == ["最好"]


def test_csv_with_a_huge_field_is_a_user_error(tmp_path):
    huge = tmp_path / "huge.csv"
    huge.write_text('term\n"' + "词" * 200_000 + '"\n', encoding="utf-8")  # over csv's field limit
    with pytest.raises(lx.LexiconError, match="huge.csv"):
        lx.load(huge)


def test_too_many_rows_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(lx, "MAX_ROWS", 10)
    path = tmp_path / "many.csv"
    path.write_text("\n".join(f"词{i}" for i in range(20)), encoding="utf-8")
    with pytest.raises(lx.LexiconError, match="10"):
        lx.load(path)


def test_a_refused_lexicon_leaves_the_project_unchanged(project, hostile):
    before = project.history()
    with pytest.raises(lx.LexiconError):
        store.import_file(project, hostile["quadratic-blowup"])
    assert store.lexicons(project) == [] and project.history() == before
