"""``govreg monitor``: look at the real websites and accounts, not at what units typed in.

A layer beside :mod:`govreg.supervision`: it reads the core (models, repository,
findings, calendar) and writes a dated snapshot (JSON, schema
``schemas/monitor-snapshot.schema.json``) that ``govreg inspect`` and
``govreg assess`` read back through that published JSON contract only — neither
package imports the other.

- :mod:`.settings` — the ``monitor:`` section of ``config/govreg.yaml`` (politeness, caps, thresholds);
- :mod:`.net` — the polite async fetcher (httpx): robots.txt, per-host and global limits,
  retries with backoff, conditional requests with an on-disk cache, ``--resolve`` routing;
- :mod:`.page` — what one HTML page says (selectolax/lexbor HTML5 parser): footer identity,
  links, hidden links (暗链), mixed content, the newest date of a list page;
- :mod:`.checks` — the finding catalogue (``monitor-*`` codes);
- :mod:`.run` — one run over the registry → :class:`.snapshot.Snapshot` and findings;
- :mod:`.snapshot` — the snapshot model, reading and writing dated snapshot files;
- :mod:`.render` — Markdown and HTML reports.
"""
