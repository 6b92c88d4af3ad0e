"""handouts: printable patient handouts and email newsletters from one clinic article."""

__version__ = "0.1.0"
