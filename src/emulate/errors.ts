/** An error answer of an emulated API: the cloud's own code, HTTP status and message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** Deterministic resource IDs: a prefix and a counter in hex, padded like the cloud's IDs. */
export class IdSource {
  private next = 1;
  constructor(
    private readonly prefix: string,
    private readonly width: number,
    private readonly salt: string,
  ) {}

  id(): string {
    const n = (this.next++).toString(16);
    return `${this.prefix}${(this.salt + n.padStart(this.width - this.salt.length, '0')).slice(-this.width)}`;
  }
}
