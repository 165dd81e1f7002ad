"""Training and evaluation of the narrative-fact model (``ie train``, ``ie evaluate``).

What ``ie.extract`` runs lives in ``ie.facts``; this package builds and scores it. It imports
``ie.facts``, never the other way round."""
