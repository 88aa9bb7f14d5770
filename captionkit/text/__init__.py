"""Text: what words say, independent of cues.

* :mod:`~captionkit.text.width`: the one place text is measured (graphemes, CJK units, the API's code points).
* :mod:`~captionkit.text.punctuation`: every punctuation set, and the two sentence-end questions.
* :mod:`~captionkit.text.breaks`: where a line or cue may break (break kinds, forbidden breaks).
* :mod:`~captionkit.text.function_words`: articles, prepositions... by language.
"""
