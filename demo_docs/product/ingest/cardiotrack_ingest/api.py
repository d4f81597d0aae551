"""The REST API of the ingest service."""

from __future__ import annotations

from fastapi import FastAPI, UploadFile
from pydantic import BaseModel

from .timestamps import recorded_at
from .xml_upload import patient_id

app = FastAPI(title="CardioTrack ingest")


class Accepted(BaseModel):
    patient: str | None
    recorded_at: str


@app.post("/recordings")
async def upload(file: UploadFile, timestamp: str) -> Accepted:
    return Accepted(patient=patient_id(await file.read()), recorded_at=recorded_at(timestamp).isoformat())
