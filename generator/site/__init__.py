"""The site as MkDocs builds it: what the plugin does to MkDocs' own page building, beyond search.

- ``chrome.Chrome``: Material's page chrome rendered once per folder for the generated pages and
  filled in per page, instead of the theme's whole template for each of 20,000 pages.
- ``overwrite``: a full build writes over the old site, then removes what it did not write, instead of
  MkDocs deleting the whole site first.

Kept apart from ``render`` (the briefs' Markdown from their templates): a change here changes the
site, not ``briefs/``, so it is not part of the renderer fingerprint that re-renders every page.
"""
