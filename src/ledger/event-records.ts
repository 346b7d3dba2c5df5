import { randomUUID } from 'node:crypto';
import type { RouterAlert, RouterEvents } from '../core/router-events.js';
import type { Ledger } from './ledger.js';
import type { LedgerRecord } from './ledger-record.js';

/** The ledger row of an outcome feedback: same request id as the request it grades, no cost. */
export function feedbackRecord(requestId: string, score: number, at = new Date()): LedgerRecord {
  return { at: at.toISOString(), requestId, kind: 'feedback', purpose: 'answer', status: 'ok', costUsd: 0, score };
}

/**
 * The ledger row of an alert, so that what fired survives the process (a spend report lists it). Its request id is
 * the alert's own request when it names one (a budget alert), else a fresh `alert:` id; tags come from its details.
 */
export function alertRecord(alert: RouterAlert): LedgerRecord {
  const details = alert.details ?? {};
  const row: LedgerRecord = {
    at: alert.at.toISOString(),
    requestId: details.requestId ?? `alert:${randomUUID()}`,
    kind: 'alert',
    purpose: 'answer',
    status: 'ok',
    costUsd: 0,
    alert: { type: alert.type, scope: alert.scope, message: alert.message, figures: { ...alert.figures } },
  };
  // A budget alert names its scope as { kind: 'tenant', name: 'acme' }; others may carry the tags themselves.
  const scoped = (tag: 'tenant' | 'user' | 'feature') =>
    details[tag] ?? (details.kind === tag ? details.name : undefined);
  for (const tag of ['tenant', 'user', 'feature'] as const) {
    const value = scoped(tag);
    if (value !== undefined) row[tag] = value;
  }
  return row;
}

/** An event hub that also writes every alert it delivers to the ledger (a closed ledger is skipped, not thrown). */
export function recordingAlerts(events: RouterEvents, ledger: Ledger): RouterEvents {
  return {
    ...events,
    emit(name, event) {
      if (name === 'alert') {
        try {
          ledger.write([alertRecord(event as RouterAlert)]);
        } catch {
          // Only a write after close throws; the alert is still delivered.
        }
      }
      events.emit(name, event);
    },
  };
}
