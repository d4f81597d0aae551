// Validation of API payloads.
import { z } from "zod";

export const recordingSchema = z.object({ id: z.number(), patient: z.string(), recordedAt: z.string() });
