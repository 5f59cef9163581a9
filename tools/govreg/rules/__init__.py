"""The rules, one module per rule (yamllint-style).

A rule module holds:

- a docstring: the rule's documentation in Chinese Markdown (what it checks,
  which article, a failing and a passing example), rendered on the public
  rules page;
- ``RULES``: the catalogue entries (:class:`govreg.findings.Rule`) it may emit,
  each with a stable code and its article;
- ``check(ctx: govreg.engine.Context) -> Iterable[Finding]``.

Modules are discovered automatically: adding a rule is one module and one test file.
"""
