"""Reading plain text as scraped: bytes → text → a clean article (title, lede, paragraphs).

- `decode`         bytes → str (encoding detected); empty, binary, too large refused
- `language`       the article's language (ISO 639-1) and the detector's probability
- `clean`          title, lede, body paragraphs, and every residue line removed with its reason
- `residue`        residue inside a line (captions, prompts, share buttons) cut at the finest unit
- `headline_case`  a title-case headline parsed with its common words lowercased
- `headline_verbs` a headline's "-s" verb ("Taliban bomber rams truck") read as a verb
- `titles`         the lexicon of titles and role nouns ("Gen.", "spokesperson"), spaCy-free
- `person_names`   a person's name as given name, middles, surname, suffix; which can be one
- `org_names`      an organisation's name without its legal form ("Equifax Inc." → "Equifax")

Nothing is imported here, so the store and the tokenizer can take `titles` without the rest.
"""
