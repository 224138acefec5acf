"""The text extractor: drafts a paper file from a source's plain text, and measures itself.

`numbers` rewrites every number into digits (words read by text2num) with a map back to the
source; `vocabulary`, `patterns` and `readings` read the figures; `intervals` gives each
stated interval and period to its figure; `figures` puts it together with the qualifier
words (`model` says what a figure holds) and `context` guesses scope and category;
`source_meta` reads title, authors and year from the text's head; `draft` writes the YAML
draft a curator completes. `recall` measures the extractor against the hand-encoded corpus
on the seeds, `answers` and `scoring` on any folder of texts with answer files.
"""
