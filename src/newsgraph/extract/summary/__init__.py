"""The 5W1H summary: ranked who/what/when/where/why/how candidates derived from the events.

- `summarise`  `summarise(doc, draft)`: the candidates, ranked
- `headline`   the part and the word of the headline that tell the news
- `reading`    positions, the headline's main event and each event's features
- `actors`     who and what candidates; `anchors` when and where candidates
- `rank`       the learned ranking (logistic models per W, `weights.json`)
- `cues`       why and how cues of one event's clause
"""

from newsgraph.extract.summary.summarise import summarise

__all__ = ["summarise"]
