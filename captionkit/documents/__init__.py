"""Documents: the transcript's text as the API's other endpoints and exports shape it.

* :mod:`~captionkit.documents.sentences`: ``/sentences`` and ``/paragraphs``.
* :mod:`~captionkit.documents.speakers`: who said which word, speaker turns, speaker-labelled text.
"""
