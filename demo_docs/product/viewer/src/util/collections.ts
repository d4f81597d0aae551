// Collection helpers for annotation lists: the only module that imports Lodash (wrapper).
import groupBy from "lodash/groupBy";
import sortBy from "lodash/sortBy";
// deep merge of saved viewer layouts stays on the old release until it is re-verified
import merge from "legacy-lodash/merge";

export interface Annotation {
  lead: string;
  atMs: number;
  label: string;
}

export function byLead(annotations: Annotation[]): Record<string, Annotation[]> {
  return groupBy(sortBy(annotations, (a) => a.atMs), (a) => a.lead);
}

export function mergedLayout<T extends object>(saved: T, defaults: T): T {
  return merge({}, defaults, saved);
}
