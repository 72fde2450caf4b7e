"""The municipal-scale bench's copy of data/ follows data/."""

from __future__ import annotations

from bench import scale


def test_the_scale_data_folder_is_copied_again_when_data_changes(tmp_path, monkeypatch):
    """The pages at scale read the texts from a copy of data/: a text added to data/ after
    the copy was made must reach it, or the pages fail on the missing key."""
    data = tmp_path / "data"
    (data / "i18n").mkdir(parents=True)
    (data / "i18n" / "texts.csv").write_text("key,fi\nold,vanha\n", encoding="utf-8")
    (data / "regions.csv").write_text("region_id\nlappi\n", encoding="utf-8")
    monkeypatch.setattr(scale, "DATA_DIR", data)
    folder = scale.data_dir(tmp_path / "cache", 3)
    assert (folder / "i18n" / "texts.csv").read_text(encoding="utf-8") == "key,fi\nold,vanha\n"
    assert len((folder / "regions.csv").read_text(encoding="utf-8").splitlines()) == 1 + 3
    (data / "i18n" / "texts.csv").write_text("key,fi\nold,vanha\nnew,uusi\n", encoding="utf-8")
    folder = scale.data_dir(tmp_path / "cache", 3)
    assert "new,uusi" in (folder / "i18n" / "texts.csv").read_text(encoding="utf-8")
