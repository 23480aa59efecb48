"""Reading inputs: text, HTML, JSON and JSONL files, directories and stdin, as Documents (or Problems)."""

from eventwire.read.files import iter_documents
from eventwire.read.jsonl import normalise_date, normalise_text

__all__ = ["iter_documents", "normalise_date", "normalise_text"]
