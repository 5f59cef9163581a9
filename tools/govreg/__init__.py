"""govreg: the governance repository toolkit for 吴忠市 government websites and new-media accounts."""

__version__ = "0.1.0"
