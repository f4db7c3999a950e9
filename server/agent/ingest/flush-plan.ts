import type { HealthReport } from '../../../src/shared/health.js';
import type { Inventory } from '../../../src/shared/inventory.js';
import type { ReportRequest } from '../../../src/shared/protocol/index.js';
import type { Sample } from '../../../src/shared/sample.js';
import type { MinuteAggregate } from './minute-aggregates.js';
import { MinuteAggregator } from './minute-aggregates.js';

/** A report that passed auth and validation, waiting for the next flush. */
export interface AcceptedReport {
  machineId: string;
  orgId: string;
  report: ReportRequest;
  /** Server time it arrived: the machine's last_seen_at. */
  receivedAt: number;
}

/** What one flush changes on one machines row. */
export interface MachineChange {
  machineId: string;
  orgId: string;
  lastSeenAt: number;
  /** The high-water mark after this flush: every seq up to it is stored. */
  lastSeq: number;
  /** The sample with the highest seq stored by this flush, if any. */
  latest: { seq: number; sample: Sample } | null;
  /** The most recent report's inventory and health, when it carried them. */
  inventory: Inventory | null;
  health: HealthReport | null;
  storedSamples: number;
}

export interface FlushPlan {
  machines: Map<string, MachineChange>;
  minutes: MinuteAggregate[];
}

/**
 * The pure part of a flush: which samples are new and what they add up to. A sample is new
 * when its seq is above the machine's high-water mark, which rises as the flush's reports are
 * taken in arrival order (a batch is taken in seq order, so a batch sent out of order still
 * counts every sample once). Samples older than `oldestMinute` still count as delivered but
 * add no aggregate: retention would delete it at once.
 */
export function planFlush(
  reports: readonly AcceptedReport[],
  lastSeqOf: (machineId: string) => number,
  oldestMinute: number,
): FlushPlan {
  const machines = new Map<string, MachineChange>();
  const aggregator = new MinuteAggregator();
  for (const { machineId, orgId, report, receivedAt } of reports) {
    let change = machines.get(machineId);
    if (!change) {
      change = {
        machineId,
        orgId,
        lastSeenAt: receivedAt,
        lastSeq: lastSeqOf(machineId),
        latest: null,
        inventory: null,
        health: null,
        storedSamples: 0,
      };
      machines.set(machineId, change);
    }
    change.lastSeenAt = Math.max(change.lastSeenAt, receivedAt);
    const samples = isSortedBySeq(report.samples)
      ? report.samples
      : [...report.samples].sort((a, b) => a.seq - b.seq);
    for (const { seq, sample } of samples) {
      if (seq <= change.lastSeq) continue;
      change.lastSeq = seq;
      change.latest = { seq, sample };
      change.storedSamples += 1;
      if (sample.ts >= oldestMinute) aggregator.add(machineId, sample);
    }
    if (report.inventory) change.inventory = report.inventory;
    if (report.health) change.health = report.health;
  }
  return { machines, minutes: aggregator.rows() };
}

function isSortedBySeq(samples: ReportRequest['samples']): boolean {
  for (let i = 1; i < samples.length; i += 1) {
    if (samples[i - 1]!.seq >= samples[i]!.seq) return false;
  }
  return true;
}
