import { createRequire } from "node:module";
import { expect, it } from "vitest";
import { start } from "../src/index.js";

const prismRequire = createRequire(createRequire(import.meta.url).resolve("@stoplight/prism-http"));
const fakerFile = prismRequire.resolve("@faker-js/faker");

it("starts Prism without loading faker, which loads on first use", async () => {
  const mock = await start();
  await mock.close();
  const standIn = prismRequire.cache[fakerFile];
  // The stand-in: no real module behind it yet (a real one has children it loaded).
  expect(standIn?.children).toEqual([]);
  const faker = standIn?.exports.default;
  expect(typeof faker.lorem.word()).toBe("string");
  expect(prismRequire.cache[fakerFile]).not.toBe(standIn);
  expect(prismRequire.cache[fakerFile]?.children.length).toBeGreaterThan(0);
});
