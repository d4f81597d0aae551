"""CardioTrack ingest service: receives ECG recordings, validates, stores and forwards them."""
