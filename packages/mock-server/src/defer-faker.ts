import { createRequire, Module } from "node:module";

/**
 * Prism's mocker loads @faker-js/faker (every locale: half a second, half of the mock's start) as
 * it is imported, but uses it only to invent values when mocking dynamically, which the mock never
 * does. Until then Prism gets a stand-in that loads the real module on first use, so nothing
 * changes for a spec that asks for invented values (`x-faker`).
 */
export function deferFaker(): void {
  let file: string;
  let load: NodeJS.Require;
  try {
    const prismHttp = createRequire(import.meta.url).resolve("@stoplight/prism-http");
    load = createRequire(prismHttp);
    file = load.resolve("@faker-js/faker");
  } catch {
    return; // A Prism without faker: nothing to defer.
  }
  if (load.cache[file]) return;
  let faker: Record<PropertyKey, unknown> | undefined;
  const real = () => {
    if (!faker) {
      delete load.cache[file];
      faker = (load(file) as { default: Record<PropertyKey, unknown> }).default;
    }
    return faker;
  };
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  // Prism reads `.default` as it loads (to hand it to json-schema-faker), its members only later.
  stub.exports = {
    default: new Proxy({}, { get: (_, key) => real()[key], has: (_, key) => key in real() }),
  };
  load.cache[file] = stub;
}
