// `@aimlapi-video/client/node`: what needs Node's built-ins, kept out of the main entry so that it
// still bundles for browsers and edge runtimes: the video on disk, and requests over node:http.
export * from "./download-file.js";
export { localFile } from "./media-file.js";
export { type NodeHttpClientOptions, nodeHttpClient } from "./node-http.js";
