"""The library's public CLI contract: JSON shapes and exit codes."""
import json
import shutil

from studio.cli import main
from tests.conftest import make_image


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr().out
    return code, out


def test_import_assets_relink(tmp_path, capsys):
    proj = tmp_path / "p.nms"
    assert run(capsys, "new", proj)[0] == 0
    photos = tmp_path / "photos"
    photos.mkdir()
    make_image(photos / "海边日落.jpg", seed=1)
    make_image(photos / "雪山.png", seed=2)
    code, out = run(capsys, "import", proj, photos, "--json")
    data = json.loads(out)
    assert code == 0 and data["skipped"] == []
    assert sorted(i["path"].rsplit("/", 1)[-1] for i in data["imported"]) == ["海边日落.jpg", "雪山.png"]
    assert all(isinstance(i["id"], int) for i in data["imported"])

    (photos / "bad.jpg").write_bytes(b"")
    code, out = run(capsys, "import", proj, photos / "bad.jpg", photos / "雪山.png", "--json")
    data = json.loads(out)
    assert code == 1 and [s["path"].rsplit("/", 1)[-1] for s in data["skipped"]] == ["bad.jpg"]
    assert data["skipped"][0]["reason"] and len(data["imported"]) == 1

    code, out = run(capsys, "assets", proj, "--search", "日落", "--json")
    found = json.loads(out)["assets"]
    assert code == 0 and [a["title"] for a in found] == ["海边日落"]
    assert json.loads(run(capsys, "assets", proj, "--kind", "video", "--json")[1])["assets"] == []

    shutil.move(str(photos), tmp_path / "moved")
    missing = json.loads(run(capsys, "assets", proj, "--missing", "--json")[1])["assets"]
    assert len(missing) == 2
    assert run(capsys, "relink", proj, tmp_path / "moved")[0] == 0
    assets = json.loads(run(capsys, "assets", proj, "--json")[1])["assets"]
    assert all(a["path"].startswith(str(tmp_path / "moved")) and not a["missing"] for a in assets)


def test_usage_and_project_errors_exit_2(tmp_path, capsys):
    assert run(capsys, "import", tmp_path / "none.nms", tmp_path)[0] == 2
    try:
        main(["assets", str(tmp_path / "p.nms"), "--kind", "hologram"])
    except SystemExit as exc:  # argparse rejects a bad choice
        assert exc.code == 2
    else:
        raise AssertionError("bad --kind accepted")


def test_provenance_and_note_commands(tmp_path, capsys):
    proj = tmp_path / "p.nms"
    run(capsys, "new", proj)
    make_image(tmp_path / "a.png")
    asset_id = json.loads(run(capsys, "import", proj, tmp_path / "a.png", "--json")[1])["imported"][0]["id"]
    assert run(capsys, "asset-set", proj, asset_id, "--licence", "purchased", "--cert", "NO.123",
               "--commercial", "yes", "--add-tag", "封面")[0] == 0
    a = json.loads(run(capsys, "assets", proj, "--json")[1])["assets"][0]
    assert (a["licence"], a["licence_cert"], a["commercial_ok"], a["tags"]) == ("purchased", "NO.123", True, ["封面"])
    run(capsys, "note", proj, "热搜话题", "--url", "https://example.com/t", "--tag", "热点")
    notes = json.loads(run(capsys, "assets", proj, "--kind", "note", "--json")[1])["assets"]
    assert [n["title"] for n in notes] == ["热搜话题"]
    code, out = run(capsys, "export-asset", proj, asset_id, tmp_path / "out")
    assert code == 0 and "证书号 NO.123" in out
