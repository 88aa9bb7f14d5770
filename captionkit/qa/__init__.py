"""Quality checks on captions. Which module does what:

- :mod:`~captionkit.qa.lint`: QC of any SRT/WebVTT file against a broadcast profile
  (``captionkit lint``): reads the file, then runs the rule table of
  :mod:`~captionkit.qa.rules` (one small function per rule; their input,
  :class:`~captionkit.qa.context.LintContext`, in :mod:`~captionkit.qa.context`).
- :mod:`~captionkit.qa.structure`: the file's syntax problems (blocks, timing lines,
  numbering, markup), the lint's ``format`` rule.
- :mod:`~captionkit.qa.invariants`: the AssemblyAI API's caption invariants on cues made
  from a transcript, and the API's exact file layout.
- :mod:`~captionkit.qa.compare`: captionkit's output against an API output
  (``captionkit check``); :mod:`~captionkit.qa.api_output` reads the API output,
  :mod:`~captionkit.qa.items` checks ``/sentences`` and ``/paragraphs`` items.
- :mod:`~captionkit.qa.align`: the one cue-to-word aligner (exact, for the invariants;
  tolerant of labels, dashes and edits, for the lint).
- :mod:`~captionkit.qa.cuetext`: speaker labels, dialogue dashes and the words a line shows.
- :mod:`~captionkit.qa.report`: the one report model: :class:`~captionkit.qa.report.Violation`
  records, the lint's report and the invariants' report.

Nothing is imported here: each command loads only the modules it uses.
"""
