"""The text extractor: drafts a paper file from a source's plain text, and measures itself.

`figures` finds the figures (patterns from `patterns`) and guesses their scope and category,
`draft` writes the YAML draft a curator completes, `recall` measures what the extractor
finds against hand-encoded files.
"""
