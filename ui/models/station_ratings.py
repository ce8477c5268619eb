"""Yearly star ratings (一星..五星) of the station."""

from __future__ import annotations

from app.station import profile as station
from ui.models.station_table import Row, RowTableModel


class StarRatingModel(RowTableModel):
    headers = ("年度", "考核等级", "说明")

    def reload(self) -> None:
        self.set_rows(
            [
                Row(
                    texts=(f"{r.year}年度", station.star_label(r.stars), r.note),
                    keys=(r.year, r.stars, r.note or None),
                    payload=r.year,
                )
                for r in reversed(station.list_star_ratings())
            ]
        )

    def year(self, row: int) -> int | None:
        value = self.payload(row)
        return int(value) if value is not None else None
