"""The station itself: its profile, staff and star ratings."""
