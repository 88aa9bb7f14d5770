"""The data: the API's models (transcript.py), the word columns every renderer reads
(columns.py) and the frozen integer-ms caption :class:`~captionkit.model.cue.Cue` (cue.py).

Nothing here imports a renderer: the SDK's export methods live on :class:`captionkit.Transcript`.
"""
