// HTTP client of the ingest service API: the only module that imports axios (wrapper).
import axios, { AxiosInstance } from "axios";

export interface Recording {
  id: number;
  patient: string;
  recordedAt: string;
}

const client: AxiosInstance = axios.create({ baseURL: "/api", timeout: 10_000 });

export async function recordings(patient: string): Promise<Recording[]> {
  const response = await client.get<Recording[]>("/recordings", { params: { patient } });
  return response.data;
}
