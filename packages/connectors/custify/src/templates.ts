import type { ConditionGroup } from '@konnect/schemas';

/** A filter's conditions (`{ all: [...] }` or `{ any: [...] }` of `{ left, op, right }` rules; types only from packages/schemas). */
export type TemplateConditions = ConditionGroup;

/** A ready-made automation: the platform turns it into a konnector draft. */
export interface ConnectorTemplate {
  key: string;
  name: string;
  description: string;
  trigger: { connector: string; event: string };
  /** A filter step (id `f1`) before the actions: the run ends `filtered` unless the conditions hold. */
  filter?: { name: string; conditions: TemplateConditions };
  /** Each action with its field mapping (templates over the trigger's and earlier steps' data). */
  actions: { connector: string; action: string; input: Record<string, unknown> }[];
}

const step = (action: string, input: Record<string, unknown>) => ({ connector: 'custify', action, input });

/** The four popular automations the Custify product page lists (docs/custify.md, "Templates"). */
export const CUSTIFY_TEMPLATES: ConnectorTemplate[] = [
  {
    key: 'custify-person-updated-tag',
    name: 'Tag people when they change',
    description: 'When a person is updated, fetch their full record and add or remove a tag based on it.',
    trigger: { connector: 'custify', event: 'person_updated' },
    actions: [
      step('get_person', { id: '{{trigger.id}}' }),
      step('add_remove_person_tag', { person_ids: ['{{steps.a1.id}}'], tag: 'recently-updated', type: 'add' }),
    ],
  },
  {
    key: 'custify-ticket-created-task-note',
    name: 'Follow up on new tickets',
    description: 'When a ticket is created, create a follow-up task and log a note on the same customer.',
    trigger: { connector: 'custify', event: 'ticket_created' },
    actions: [
      step('create_task', { name: 'Follow up: {{trigger.subject}}', entity: '{{trigger.entity}}', entityModel: '{{trigger.entityModel}}', status: 'open' }),
      step('create_note', {
        entity: '{{trigger.entity}}',
        entityModel: '{{trigger.entityModel}}',
        subject: 'New ticket {{trigger.externalId}}: {{trigger.subject}}',
        text: '{{trigger.body}}',
      }),
    ],
  },
  {
    key: 'custify-person-created-company',
    name: 'Attach new people to their company',
    description: 'When a person is created, upsert their company and upsert the person linked to it.',
    trigger: { connector: 'custify', event: 'person_created' },
    actions: [
      step('upsert_company', { company_id: 'account-{{trigger.id}}', name: '{{trigger.name}}' }),
      step('upsert_person', { id: '{{trigger.id}}', companies: [{ company_id: '{{steps.a1.company_id}}' }] }),
    ],
  },
  {
    key: 'custify-file-created-portal',
    name: 'Publish new files to the portal',
    description: 'When a file is uploaded, show it in the customer portal.',
    trigger: { connector: 'custify', event: 'file_created' },
    actions: [step('set_file_portal', { id: '{{trigger.id}}', showInPortal: true })],
  },
];

/** Every app a template uses (its trigger's first), once each. */
export function templateConnectors(template: ConnectorTemplate): string[] {
  return [...new Set([template.trigger.connector, ...template.actions.map((a) => a.connector)])];
}

/**
 * A template as a konnector definition draft (packages/schemas KonnectorDefinition): the trigger,
 * the optional filter (`f1`) and each action (`a1`, `a2`, …, stopping the run on error).
 * `connections` is one connection id for every step, or one per app key; an app without one
 * gets no `connectionId` (the draft then asks for it).
 */
export function templateDefinition(template: ConnectorTemplate, connections: string | Record<string, string>) {
  const connectionFor = (connector: string) => {
    const id = typeof connections === 'string' ? connections : connections[connector];
    return id ? { connectionId: id } : {};
  };
  const filter = template.filter
    ? [{ type: 'filter' as const, id: 'f1', name: template.filter.name, conditions: template.filter.conditions }]
    : [];
  return {
    trigger: { id: 'trigger' as const, connector: template.trigger.connector, event: template.trigger.event, ...connectionFor(template.trigger.connector), input: {} },
    steps: [
      ...filter,
      ...template.actions.map((a, i) => ({
        type: 'action' as const,
        id: `a${i + 1}`,
        connector: a.connector,
        action: a.action,
        ...connectionFor(a.connector),
        input: a.input,
        onError: 'stop' as const,
      })),
    ],
  };
}
