"""newsgraph: raw news → who said what, who met whom, where, when; every fact with its span."""

from newsgraph.model import Article, Rejection
from newsgraph.pipeline import Input, read, read_many
from newsgraph.query import Newsgraph, open

__all__ = ["Article", "Input", "Newsgraph", "Rejection", "open", "read", "read_many"]
__version__ = "0.1.0"
