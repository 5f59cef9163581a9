"""Subcommands, one module each: ``NAME``, ``HELP``, ``configure(parser)``, ``run(args) -> int``."""
