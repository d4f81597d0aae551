// Clinician notes are sanitized before display: the only module that imports DOMPurify (wrapper).
import DOMPurify from "dompurify";

export function safeNote(html: string): string {
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
