"""Authoring: the pure cores behind ``govreg new``, ``close``, ``change``, ``form`` and ``fmt``.

Department staff (承办人) are not programmers: these modules derive what can be
derived (ids, paths, dates, the schema line, the reviewer chain from the roster),
write records in the repository's canonical layout with Chinese comments, and
format existing records without losing a comment.  Nothing here prints; the
command modules in :mod:`govreg.commands` do.
"""
