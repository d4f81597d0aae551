// The behaviours of date-fns the viewer relies on: ISO 8601 timestamps of ECG records, shown in local time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { differenceInMilliseconds, formatISO, parseISO } from "date-fns";

test("parseISO reads record timestamps with an offset", () => {
  const start = parseISO("2026-11-22T08:15:30.250+01:00");
  assert.equal(start.toISOString(), "2026-11-22T07:15:30.250Z");
});

test("difference of two timestamps in milliseconds", () => {
  const ms = differenceInMilliseconds(parseISO("2026-11-22T07:15:31Z"), parseISO("2026-11-22T07:15:30.250Z"));
  assert.equal(ms, 750);
});

test("formatISO round-trips a parsed timestamp", () => {
  const text = "2026-11-22T07:15:30Z";
  assert.equal(parseISO(formatISO(parseISO(text))).getTime(), parseISO(text).getTime());
});

test("an invalid timestamp gives an Invalid Date, not an exception", () => {
  assert.ok(Number.isNaN(parseISO("22/11/2026").getTime()));
});
