// `pnpm bench`: a create carrying a 20 MB image as a data URI, side by side with one carrying a
// tiny image, and with one whose 20 MB data URI is refused (over the model's limit). The mock
// decodes only the header and sends Prism the data URI cut short: what remains is the transfer
// and the JSON parse of the body.
import { afterAll, bench, describe } from "vitest";
import { png } from "../../client/test/media-fixtures.js";
import { type MockServer, start } from "../src/index.js";

const MB = 1024 * 1024;
const body = (bytes: Buffer) =>
  JSON.stringify({
    model: "minimax/hailuo-02",
    prompt: "A cat",
    image_url: `data:image/png;base64,${bytes.toString("base64")}`,
  });
// Serialised once: the bench measures the mock, not the caller's JSON.stringify.
const small = body(png(400, 300));
const big = body(png(400, 300, 20 * MB - 1024));
const over = body(png(400, 300, 20 * MB + 1));

// throws: a failed run fails the bench with its error (vitest alone prints NaN and exits 0).
const options = { iterations: 10, warmupIterations: 1, time: 0, warmupTime: 0, throws: true };
const mock: MockServer = await start({ lifecycle: { pollsPerStep: 1 } });
afterAll(() => mock.close());
const create = async (text: string, status: number) => {
  const answer = await fetch(`${mock.url}/v2/video/generations`, {
    method: "POST",
    headers: { authorization: "Bearer bench", "content-type": "application/json" },
    body: text,
  });
  await answer.arrayBuffer();
  if (answer.status !== status) throw new Error(`expected ${status}, received ${answer.status}`);
};

describe("a create with an image as a data URI", () => {
  bench("a tiny PNG", () => create(small, 200), options);
  bench("a 20 MB PNG, accepted", () => create(big, 200), options);
  bench("a 20 MB PNG over the limit, refused", () => create(over, 400), options);
});
