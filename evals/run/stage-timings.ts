import type { Client } from '@temporalio/client';

/** Seconds an activity type spent working (started to completed, last attempt) and waiting (scheduled to started). */
export interface StageTiming {
  activities: number;
  /** Sum over activities of started -> completed. */
  workSeconds: number;
  /** Sum over activities of scheduled -> started: time queued for a free worker slot. */
  queueSeconds: number;
}

/** The parts of a Temporal history event read here (ids and seconds may be Longs: Number() reads them). */
export interface HistoryEventLike {
  eventId?: unknown;
  eventTime?: { seconds?: unknown; nanos?: number | null } | null;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string | null } | null } | null;
  activityTaskStartedEventAttributes?: { scheduledEventId?: unknown } | null;
  activityTaskCompletedEventAttributes?: { scheduledEventId?: unknown } | null;
}
type HistoryEvent = HistoryEventLike;

function ms(ts: HistoryEvent['eventTime']): number {
  if (!ts) return 0;
  return Number(ts.seconds ?? 0) * 1000 + Math.round((ts.nanos ?? 0) / 1e6);
}

/**
 * Per activity type, work and queue time over the given workflows' histories: where a packet's time goes, stage by
 * stage (read, split, extract, rules, publish), as Temporal itself recorded it. Activities that failed for good count
 * nowhere; retried ones count their last attempt.
 */
export function timingsFromHistory(events: readonly HistoryEvent[], into: Record<string, StageTiming> = {}): Record<string, StageTiming> {
  const scheduled = new Map<string, { type: string; at: number }>();
  const started = new Map<string, number>();
  for (const e of events) {
    const id = String(e.eventId ?? '');
    if (e.activityTaskScheduledEventAttributes) {
      scheduled.set(id, { type: e.activityTaskScheduledEventAttributes.activityType?.name ?? 'unknown', at: ms(e.eventTime) });
    } else if (e.activityTaskStartedEventAttributes) {
      started.set(String(e.activityTaskStartedEventAttributes.scheduledEventId ?? ''), ms(e.eventTime));
    } else if (e.activityTaskCompletedEventAttributes) {
      const a = e.activityTaskCompletedEventAttributes;
      const s = scheduled.get(String(a.scheduledEventId ?? ''));
      const begin = started.get(String(a.scheduledEventId ?? ''));
      if (!s || begin === undefined) continue;
      const t = (into[s.type] ??= { activities: 0, workSeconds: 0, queueSeconds: 0 });
      t.activities++;
      t.workSeconds += Math.max(0, ms(e.eventTime) - begin) / 1000;
      t.queueSeconds += Math.max(0, begin - s.at) / 1000;
    }
  }
  return into;
}

/** Stage timings summed over the workflows with these ids. */
export async function stageTimings(client: Client, workflowIds: readonly string[]): Promise<Record<string, StageTiming>> {
  const out: Record<string, StageTiming> = {};
  for (const id of workflowIds) {
    const history = await client.workflow.getHandle(id).fetchHistory();
    timingsFromHistory(history.events ?? [], out);
  }
  for (const t of Object.values(out)) {
    t.workSeconds = Number(t.workSeconds.toFixed(3));
    t.queueSeconds = Number(t.queueSeconds.toFixed(3));
  }
  return out;
}
