"""govreg: the governance repository toolkit for a city's government websites and new-media accounts (the city is configuration)."""

__version__ = "0.1.0"
