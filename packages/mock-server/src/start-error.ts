/** The mock could not start: a spec that cannot be read, or an address that cannot be had. */
export class MockStartError extends Error {
  override name = "MockStartError";
  constructor(
    message: string,
    /** The system error code, e.g. EADDRINUSE for a port another process holds. */
    readonly code?: string,
  ) {
    super(message);
  }
}
