// A tiny test file run by node's built-in runner to produce a JUnit report (see ../README.md).
import { test, describe } from "node:test";
import assert from "node:assert/strict";

const add = (a, b) => a + b;

test("adds two numbers", () => {
  assert.equal(add(2, 2), 4);
});

test("fails on purpose", () => {
  assert.equal(add(2, 2), 5, "two and two make four");
});

test("is skipped", { skip: "not supported on this device" }, () => {});

describe("arithmetic", () => {
  test("zero is neutral", () => {
    assert.equal(add(0, 7), 7);
  });
});
