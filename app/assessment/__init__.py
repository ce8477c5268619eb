"""Self-assessment: standards as data, the indicators, the scoring engine and saved assessments."""
