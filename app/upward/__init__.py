"""Upward reporting: the station's signed period package (``.sdpkg``) — its figures, its format (manifest,
digests, signature, JSON Schema) and its building. The hub (:mod:`app.hub`) reads packages through
:mod:`app.upward.reader`; the same format carries a town hub's own package to the district."""
