"""Qt item models. Filtering and sorting happen inside the models (never a QSortFilterProxyModel)."""
