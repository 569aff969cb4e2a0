/**
 * The apply journal, beside the plan (`<plan>.journal.json`): for each group plan (by plan ID), the steps
 * started and done. A re-run after a crash, Ctrl-C or network failure continues after the last step done;
 * a step started but not done is sent again, which is safe because every step is idempotent (AWS duplicates
 * and not-founds count as done, Aliyun calls carry a ClientToken). Written atomically after every change;
 * it holds no credentials.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';

export interface JournalEntry {
  readonly index: number;
  readonly action: string;
  status: 'started' | 'done';
  /** How the step ended: applied, already in place (duplicate / not found), or would succeed (dry run). */
  outcome?: string;
  at: string;
}

export interface JournalData {
  version: 1;
  plans: Record<string, { target: string; steps: JournalEntry[]; verified?: string; createdGroupId?: string }>;
}

export class Journal {
  private constructor(
    readonly path: string,
    private readonly data: JournalData,
  ) {}

  static async open(path: string): Promise<Journal> {
    const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) =>
      e.code === 'ENOENT' ? undefined : Promise.reject(e),
    );
    const data = text !== undefined ? (JSON.parse(text) as JournalData) : { version: 1 as const, plans: {} };
    return new Journal(path, data);
  }

  private plan(id: string, target: string) {
    return (this.data.plans[id] ??= { target, steps: [] });
  }

  done(id: string): Set<number> {
    return new Set((this.data.plans[id]?.steps ?? []).filter((s) => s.status === 'done').map((s) => s.index));
  }

  /** Whether an earlier run of this plan got as far as sending a step. */
  resumed(id: string): boolean {
    return (this.data.plans[id]?.steps.length ?? 0) > 0;
  }

  async record(
    id: string,
    target: string,
    index: number,
    action: string,
    status: 'started' | 'done',
    outcome?: string,
  ): Promise<void> {
    const steps = this.plan(id, target).steps;
    const at = new Date().toISOString();
    const existing = steps.find((s) => s.index === index);
    if (existing) {
      existing.status = status;
      existing.at = at;
      if (outcome !== undefined) existing.outcome = outcome;
    } else steps.push({ index, action, status, at, ...(outcome !== undefined ? { outcome } : {}) });
    await this.save();
  }

  /** The ID of the group a CreateSecurityGroup step of this plan created. */
  created(id: string): string | undefined {
    return this.data.plans[id]?.createdGroupId;
  }

  async setCreated(id: string, target: string, groupId: string): Promise<void> {
    this.plan(id, target).createdGroupId = groupId;
    await this.save();
  }

  async verified(id: string, target: string): Promise<void> {
    this.plan(id, target).verified = new Date().toISOString();
    await this.save();
  }

  private async save(): Promise<void> {
    const temp = `${this.path}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, `${JSON.stringify(this.data, null, 2)}\n`);
    await rename(temp, this.path);
  }
}
