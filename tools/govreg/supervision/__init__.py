"""Supervision by the 市政府政务公开办公室: patrol, monthly inspection, annual assessment, filing export.

第十八条 (daily patrol), 第二十条 (a full check at least once a month), 第二十一条 (the
yearly assessment) and 第八条 (the national new-media filing) as pure functions that
take the repository (and its git history) and return data; the commands in
:mod:`govreg.commands` render and print.

- :mod:`.settings` – thresholds and score scheme, read from ``config/govreg.yaml``
  sections ``inspection:`` and ``assessment:`` (defaults in code).
- :mod:`.activity` – when each account, site and column was last updated, read from
  the content records *and* their git history (never from a typed field).
- :mod:`.messages` – the state of 领导信箱 / 留言 records on a given day.
- :mod:`.attribution` – which unit answers for a finding, and its inspection category.
- :mod:`.inspect`, :mod:`.assess`, :mod:`.filing` – the three products.
- :mod:`.markdown`, :mod:`.html`, :mod:`.charts` – rendering (the charts are hand-made SVG).
"""
