"""Exporting the store's tables as JSON lines, CSV or Parquet with declared, typed columns
(`columns.py`: one schema per table), so the ecosystem's tools read them as they are."""
