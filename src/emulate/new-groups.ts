/**
 * Eventual consistency of a new group: for a while after CreateSecurityGroup, the cloud may not know the ID it
 * just returned (EC2 documents `InvalidGroup.NotFound` "through eventual consistency on new IDs",
 * cloud-semantics.md B.5). The emulators hide a group their own CreateSecurityGroup made from the calls that
 * name it, for its first `calls` such calls and/or for `ms` after the create; listings that do not name it
 * leave it out meanwhile. Groups loaded from a state file are never hidden.
 */
export interface NewGroupLagSpec {
  /** Calls naming a new group that answer NotFound before it is seen. */
  readonly calls: number;
  /** ms after its create during which a new group answers NotFound. */
  readonly ms: number;
}

export class NewGroupLag {
  private readonly callsLeft = new Map<string, number>();
  private readonly hiddenUntil = new Map<string, number>();

  constructor(
    public spec: NewGroupLagSpec,
    private readonly now: () => number = Date.now,
  ) {}

  /** A group the emulated CreateSecurityGroup just made. */
  created(groupId: string): void {
    if (this.spec.calls > 0) this.callsLeft.set(groupId, this.spec.calls);
    if (this.spec.ms > 0) this.hiddenUntil.set(groupId, this.now() + this.spec.ms);
  }

  /** Hide a group from its next `calls` calls naming it (tests: an endpoint that does not know it yet). */
  hide(groupId: string, calls: number): void {
    if (calls > 0) this.callsLeft.set(groupId, calls);
  }

  /** Whether a call naming the group does not see it yet; the call is counted. */
  hides(groupId: string): boolean {
    const left = this.callsLeft.get(groupId);
    let hidden = false;
    if (left !== undefined) {
      if (left > 1) this.callsLeft.set(groupId, left - 1);
      else this.callsLeft.delete(groupId);
      hidden = true;
    }
    return this.pending(groupId) || hidden;
  }

  /** Whether a listing that does not name the group leaves it out (not counted as a call naming it). */
  unseen(groupId: string): boolean {
    return this.callsLeft.has(groupId) || this.pending(groupId);
  }

  private pending(groupId: string): boolean {
    const until = this.hiddenUntil.get(groupId);
    if (until === undefined) return false;
    if (this.now() < until) return true;
    this.hiddenUntil.delete(groupId);
    return false;
  }
}
