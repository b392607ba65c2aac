from search.base import plain_text


def test_block_tags_separate_words_in_indexed_text():
    assert plain_text("<h2>Cel konkursu</h2><p>Przeciwdziałanie&nbsp;samotności</p>") == (
        "Cel konkursu Przeciwdziałanie samotności"
    )


def test_stream_data_is_flattened_without_markup_keys():
    data = [{"type": "paragraph", "id": "x", "value": "<p>Zajęcia <b>dla</b> dzieci</p>"}]
    assert plain_text(data) == "Zajęcia dla dzieci"
