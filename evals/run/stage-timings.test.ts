import { describe, expect, it } from 'vitest';
import { timingsFromHistory } from './stage-timings.js';

const at = (s: number) => ({ seconds: s, nanos: 0 });

describe('stage timings from a workflow history', () => {
  it('sums work (started -> completed) and queue (scheduled -> started) per activity type; failures count nowhere', () => {
    const events = [
      { eventId: 5, eventTime: at(100), activityTaskScheduledEventAttributes: { activityType: { name: 'readDocument' } } },
      { eventId: 6, eventTime: at(101), activityTaskScheduledEventAttributes: { activityType: { name: 'readDocument' } } },
      { eventId: 7, eventTime: at(102), activityTaskStartedEventAttributes: { scheduledEventId: 5 } },
      { eventId: 8, eventTime: at(110), activityTaskCompletedEventAttributes: { scheduledEventId: 5 } },
      { eventId: 9, eventTime: at(104), activityTaskStartedEventAttributes: { scheduledEventId: 6 } },
      { eventId: 10, eventTime: at(107), activityTaskCompletedEventAttributes: { scheduledEventId: 6 } },
      { eventId: 11, eventTime: at(111), activityTaskScheduledEventAttributes: { activityType: { name: 'checkPacket' } } },
      { eventId: 12, eventTime: at(111), activityTaskStartedEventAttributes: { scheduledEventId: 11 } },
      { eventId: 13, eventTime: at(112), activityTaskFailedEventAttributes: { scheduledEventId: 11 } },
    ];
    expect(timingsFromHistory(events)).toEqual({ readDocument: { activities: 2, workSeconds: 11, queueSeconds: 5 } });
  });
});
