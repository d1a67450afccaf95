// The limits the per-call benches give the client. The default budget (50 requests a second, 5 at
// once) would make a call loop measure the limiter's pacing (50 Hz), not what a call costs; at the
// highest rate it takes, a tenth of a second's worth (10,000 requests) may start at once, and the
// calls measured here take far longer than the 10 µs a request it leaves between them. Its
// bookkeeping is still measured.
import type { LimiterOptions } from "../src/limiter.js";

export const UNPACED: LimiterOptions = { requestsPerSecond: 100_000 };
