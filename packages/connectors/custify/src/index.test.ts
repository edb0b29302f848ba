import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldMeta } from '@konnect/sdk';
import { ENDPOINTS } from './endpoints';
import { CUSTIFY_TEMPLATES, custify } from './index';

const TRIGGER_KEYS = [
  'person_created', 'person_updated', 'note_created', 'note_updated', 'task_created', 'task_updated',
  'ticket_created', 'ticket_updated', 'file_created', 'survey_created', 'time_track_created', 'time_track_updated',
  'meeting_created', 'meeting_updated', 'health_score_created', 'health_score_updated', 'segment_created',
  'segment_updated', 'lifecycle_created', 'lifecycle_updated', 'playbook_created', 'playbook_updated',
  'customer_objective_created', 'customer_objective_updated',
];

const GROUP_COUNTS = {
  People: 7, Companies: 5, Notes: 3, Tags: 5, Scores: 2, Tickets: 4, Tasks: 2, Comments: 3, Files: 3,
  Financials: 12, 'Time Tracks': 3,
};

const DESTRUCTIVE = [
  'delete_person', 'delete_company', 'delete_tag', 'delete_ticket', 'delete_time_track',
  'delete_financial_deal', 'delete_financial_invoice', 'delete_financial_subscription',
];

describe('Custify connector definition', () => {
  it('has the 24 triggers, polling, deduped by id (created) or id+updated_at (updated), every 60 s', () => {
    expect(custify.triggers.map((t) => t.key)).toEqual(TRIGGER_KEYS);
    for (const t of custify.triggers) {
      expect(t.kind).toBe('polling');
      if (t.kind !== 'polling') continue;
      expect(t.dedupe).toBe(t.key.endsWith('_created') ? 'id' : 'id+updated_at');
      expect(t.pollSeconds).toBe(60);
    }
  });

  it('has the 49 actions in their groups; exactly the deletes are destructive', () => {
    expect(custify.actions).toHaveLength(49);
    const counts: Record<string, number> = {};
    for (const a of custify.actions) counts[a.group ?? '?'] = (counts[a.group ?? '?'] ?? 0) + 1;
    expect(counts).toEqual(GROUP_COUNTS);
    expect(custify.actions.filter((a) => a.destructive).map((a) => a.key).sort()).toEqual([...DESTRUCTIVE].sort());
  });

  it('every input field has a label, and every input renders as JSON Schema for the form', () => {
    for (const a of custify.actions) {
      for (const [name, field] of Object.entries(a.input.shape)) {
        expect(fieldMeta(field).label, `${a.key}.${name}`).toBeTruthy();
      }
      expect(() => z.toJSONSchema(a.input, { io: 'input' }), a.key).not.toThrow();
    }
    expect(fieldMeta(custify.auth.fields.shape.apiKey)).toMatchObject({ label: 'API Key', secret: true });
  });

  it('identifier fields say which identifier they expect', () => {
    const meta = (action: string, field: string) => {
      const shape = custify.actions.find((a) => a.key === action)?.input.shape;
      const schema = shape?.[field];
      return schema ? fieldMeta(schema).identifier : undefined;
    };
    expect(meta('update_person', 'id')).toBe('internal_id');
    expect(meta('update_person', 'user_id')).toBe('user_id');
    expect(meta('update_person', 'email')).toBe('email');
    expect(meta('delete_company', 'company_id')).toBe('company_id');
    expect(meta('delete_ticket', 'externalId')).toBe('externalId');
    expect(meta('delete_financial_deal', 'externalId')).toBe('externalId');
  });

  it('templates point at real triggers and actions', () => {
    expect(CUSTIFY_TEMPLATES).toHaveLength(4);
    for (const t of CUSTIFY_TEMPLATES) {
      expect(custify.triggers.some((x) => x.key === t.trigger.event), t.key).toBe(true);
      for (const step of t.actions) expect(custify.actions.some((x) => x.key === step.action), t.key).toBe(true);
    }
  });

  it('endpoint table: absolute paths with named placeholders only', () => {
    for (const [name, e] of Object.entries(ENDPOINTS)) {
      expect(e.path, name).toMatch(/^\/[a-z_/{}A-Z]*$/);
    }
    expect(custify.icon).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });
});
