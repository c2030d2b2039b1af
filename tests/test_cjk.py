"""The one definition of Chinese characters and the one jieba loader (studio/cjk.py)."""
import re

import numpy as np

from studio import cjk


def test_han_ranges_agree_in_all_three_forms():
    chars = "中文日落𠮷𡈽㐀\ufa11" + "a1 ，。（）ＡＶ\u3000ぁア한"
    expected = [True] * 8 + [False] * 13
    han = re.compile(f"[{cjk.HAN}]")
    assert [cjk.is_han(c) for c in chars] == expected
    assert [bool(han.fullmatch(c)) for c in chars] == expected
    assert cjk.han_mask(np.array([ord(c) for c in chars])).tolist() == expected
    for lo, hi in cjk.HAN_RANGES:   # the edges of each range
        assert cjk.is_han(chr(lo)) and cjk.is_han(chr(hi))
        assert not cjk.is_han(chr(lo - 1)) and not cjk.is_han(chr(hi + 1))


def test_dictionary_loads_in_slices_like_jiebas_own(tmp_path):
    import jieba

    cache = tmp_path / "dict.slices"
    built = jieba.Tokenizer()
    cjk.load_dictionary(built, cache)  # no cache yet: built from jieba's text dictionary
    assert cache.exists() and built.initialized
    read = jieba.Tokenizer()
    cjk.load_dictionary(read, cache, pause=0.0001)  # read back slice by slice
    assert read.total == built.total and read.FREQ == built.FREQ
    assert len(read.FREQ) > 100_000
    assert "日落" in read.lcut_for_search("海边日落风景")
    cache.write_bytes(cache.read_bytes()[:1000])  # a cut-off cache is rebuilt
    again = jieba.Tokenizer()
    cjk.load_dictionary(again, cache)
    assert again.FREQ == built.FREQ and cache.stat().st_size > 1000


def test_a_tokenizer_of_its_own_learns_words_without_changing_the_shared_one():
    own = cjk.new_tokenizer()
    shared = cjk.segmenter()
    assert own is not shared and own.FREQ is not shared.FREQ
    own.add_word("梅花鹿影", 50)
    assert "梅花鹿影" in own.lcut("梅花鹿影", HMM=False)
    assert not shared.FREQ.get("梅花鹿影")
    assert shared is cjk.segmenter() and cjk.segmenter_loaded()


def test_the_phrase_list_decoded_entry_by_entry_is_what_json_loads_gives():
    import importlib.util
    import json
    from pathlib import Path

    import pytest

    small = '{ "一丁点儿": [["yī"], ["dīng"]],\n"a\\"b": {"x": [1, 2.5, null, true]} ,"c": "d"}'
    assert cjk._json_object(small) == json.loads(small) and cjk._json_object("{}") == {}
    with pytest.raises(ValueError):
        cjk._json_object('{"a": [1, }')
    spec = importlib.util.find_spec("pypinyin")
    text = (Path(list(spec.submodule_search_locations)[0]) / "phrases_dict.json").read_text(encoding="utf-8")
    assert cjk._json_object(text) == json.loads(text)


def test_pypinyin_reads_phrases_through_the_polite_loader_in_a_fresh_process():
    import subprocess
    import sys
    from pathlib import Path

    code = ("from studio.check import phonetic; import sys, pypinyin; "
            "phrases = sys.modules['pypinyin.phrases_dict']; "
            "assert not hasattr(phrases, '_load_phrases_dict') and len(phrases.phrases_dict) > 10000; "
            "assert pypinyin.lazy_pinyin('银行行长') == ['yin', 'hang', 'hang', 'zhang'], pypinyin.lazy_pinyin('银行行长')")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, cwd=Path(__file__).resolve().parents[1])
