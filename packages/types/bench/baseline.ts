// The baseline of tsc.bench.ts: the same program without the types, the standard library alone.
export const fox = Promise.resolve({ url: "https://cdn.test/fox.mp4" });
