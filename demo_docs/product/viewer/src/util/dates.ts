// Dates shown to clinicians: the only module that imports date-fns and Moment.js (wrapper).
import { format, parseISO } from "date-fns";
import moment from "moment";

/** A recording time in the clinician's locale, e.g. "22 Nov 2026 14:03:27". */
export function shownTime(iso: string): string {
  return format(parseISO(iso), "d MMM yyyy HH:mm:ss");
}

/** Chart.js 2 time axes need Moment.js objects (see the records: moment is kept for chart.js only). */
export function axisTime(iso: string): moment.Moment {
  return moment(iso);
}
