"""The 5W1H summary: ranked who/what/when/where/why/how candidates derived from the events.

- `summarise`  `summarise(doc, draft)`: the candidates, ranked
- `cues`       why and how cues of one event's clause
"""

from newsgraph.extract.summary.summarise import summarise

__all__ = ["summarise"]
