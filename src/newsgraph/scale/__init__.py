"""Running the ingest past one machine: Ray Data (`ray.py`, the only module importing Ray)
and the Parquet shards its workers write (`shards.py`)."""
