"""News from the web: fetch pages and feeds politely, keep each page as a snapshot file.

This layer turns URLs into files under `$RAGNEWS_HOME/snapshots/`; the ingest
pipeline then reads those files like any other article, so every citation of
a web article still names a file on disk and its lines (plus the page's URL).
Nothing here touches the store: the facade wires fetching and ingesting.
"""
