"""The demo station generator."""
