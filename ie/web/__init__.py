"""``ie serve``: Datasette over a fact store, configured by the project.

``app`` builds the Datasette (read-only: the file opened immutable, connections
``query_only`` and unable to attach, a query time limit); ``metadata`` and ``queries``
describe the store to it (titles, column descriptions, facets, canned queries); ``plugin``
adds the search page (``ie search``'s code and ranking), the report page, and the links
between them; ``pages`` loads their data; ``markup`` marks spans in HTML.

Needs the ``web`` extra: ``pip install -e '.[web]'``.
"""
