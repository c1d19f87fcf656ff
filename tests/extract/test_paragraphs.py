from pipeline.extract.paragraphs import paragraph_index, paragraph_spans, paragraph_starts

TEXT = "First paragraph.\n\nSecond one,\nhard-wrapped.\n \nThird."


def test_paragraphs_split_at_blank_lines_even_with_spaces_and_keep_offsets() -> None:
    spans = paragraph_spans(TEXT)
    assert [TEXT[s:e] for s, e in spans] == ["First paragraph.", "Second one,\nhard-wrapped.", "Third."]
    starts = paragraph_starts(TEXT)
    assert starts == [s for s, _ in spans]
    assert paragraph_index(starts, TEXT.index("hard")) == 1
    assert paragraph_index(starts, TEXT.index("Third")) == 2
    assert paragraph_index(starts, 0) == 0


def test_a_text_without_breaks_is_one_paragraph() -> None:
    assert paragraph_spans("One line only.") == [(0, 14)]
    assert paragraph_starts("") == [0]
